"""Organisation returns: choosing what to report, filling a quarter in, submitting it, and
the staff's review (approve, or return it for changes with a reason).

Only approved returns count in any total. A return's figures can change only while it is
with its organisation (not submitted, or returned for changes).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Organisation, User
from core.errors import DomainError
from core.review import Decided, Decision, ReviewWorkflow

from .. import permissions
from ..models import Indicator, ReportingPlan, Return, ReturnEvent, ReturnValue
from ..periods import Quarter, last_ended, quarters_between
from .linking import link_deliveries

# The daily task makes sure the returns of this many recent quarters exist; setting a
# plan makes every quarter's since the plan starts.
RECENT_QUARTERS = 4
BATCH_SIZE = 2000


def _record(quarterly_return: Return, action: str, actor: User | None, note: str = "") -> None:
    ReturnEvent.objects.create(
        quarterly_return=quarterly_return, action=action, actor=actor, note=note
    )


def _new_return(organisation_id: int, quarter: Quarter) -> Return:
    return Return(
        organisation_id=organisation_id,
        period_start=quarter.start,
        period_end=quarter.end,
        due_on=quarter.due_on,
    )


def _open_returns(organisation_id: int, quarters: Iterable[Quarter]) -> None:
    Return.objects.bulk_create(
        [_new_return(organisation_id, q) for q in quarters], ignore_conflicts=True
    )


# ---------------------------------------------------------------------------
# What an organisation reports
# ---------------------------------------------------------------------------


@transaction.atomic
def reporting_plan_set(
    *,
    organisation: Organisation,
    actor: User,
    indicators: Iterable[Indicator],
    starts_on: datetime.date,
    today: datetime.date | None = None,
) -> ReportingPlan:
    """Choose the indicators an organisation reports each quarter, from ``starts_on``.
    The returns of every quarter that has ended since are opened; an untouched return
    from before a later start is removed."""
    today = today or timezone.localdate()
    if not permissions.can_edit_returns(actor, organisation):
        raise DomainError(
            _("You can only choose what your own organisations report."), code="forbidden"
        )
    indicators = list(indicators)
    if not indicators:
        raise DomainError(_("Choose at least one indicator to report."), code="no_indicators")
    if any(not i.is_active or not i.organisations_report for i in indicators):
        raise DomainError(
            _("Organisations cannot report one of those indicators."), code="city_only"
        )
    try:
        first = Quarter(starts_on)
    except ValueError:
        raise DomainError(_("Choose the quarter to start from."), code="bad_quarter") from None
    if first > Quarter.containing(today):
        raise DomainError(_("You cannot start reporting in a future quarter."), code="future")
    plan, _created = ReportingPlan.objects.select_for_update().get_or_create(
        organisation=organisation, defaults={"starts_on": first.start}
    )
    plan.starts_on = first.start
    plan.updated_at = timezone.now()
    plan.updated_by = actor
    plan.full_clean()
    plan.save()
    plan.indicators.set(indicators)
    Return.objects.filter(
        organisation=organisation,
        period_start__lt=first.start,
        status=Return.Status.DRAFT,
        values__isnull=True,
    ).delete()
    _open_returns(organisation.pk, quarters_between(first, last_ended(today)))
    return plan


def returns_open_due(*, today: datetime.date | None = None) -> int:
    """Open the returns that have become due: for every organisation with a plan, one
    for each recent quarter that has ended since its plan starts. Safe to run again:
    a return that exists is left as it is."""
    today = today or timezone.localdate()
    latest = last_ended(today)
    recent = [latest]
    while len(recent) < RECENT_QUARTERS:
        recent.append(recent[-1].previous())
    plans = (
        ReportingPlan.objects.filter(
            organisation__suspended_at__isnull=True, starts_on__lte=latest.start
        )
        .order_by("pk")
        .values_list("organisation_id", "starts_on")
    )
    before = Return.objects.count()
    batch = []
    for organisation_id, starts_on in plans.iterator(chunk_size=BATCH_SIZE):
        batch += [_new_return(organisation_id, q) for q in recent if q.start >= starts_on]
        if len(batch) >= BATCH_SIZE:
            Return.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Return.objects.bulk_create(batch, ignore_conflicts=True)
    # ignore_conflicts hands back every row it was given: count what is new instead.
    return Return.objects.count() - before


# ---------------------------------------------------------------------------
# Filling a return in and submitting it
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInput:
    indicator: Indicator
    value: Decimal | None  # None: no figure (an existing one is removed)
    evidence: str = ""


def _locked(quarterly_return: Return) -> Return:
    return (
        Return.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=quarterly_return.pk)
    )


def _check_editable(quarterly_return: Return, actor: User) -> None:
    if not quarterly_return.is_editable:
        raise DomainError(
            _("This return has been submitted: its figures cannot be changed."),
            code="not_editable",
        )
    if not permissions.can_edit_return(actor, quarterly_return):
        raise DomainError(
            _("You can only change your own organisation’s returns."), code="forbidden"
        )


@transaction.atomic
def return_save(*, quarterly_return: Return, actor: User, values: Iterable[ValueInput]) -> Return:
    """Keep the figures typed so far; nothing is checked for completeness until submit."""
    quarterly_return = _locked(quarterly_return)
    _check_editable(quarterly_return, actor)
    keep, remove = [], []
    for item in values:
        if not item.indicator.organisations_report:
            raise DomainError(
                _("Organisations cannot report “%(name)s”.") % {"name": item.indicator.name},
                code="city_only",
            )
        if item.value is None:
            remove.append(item.indicator.pk)
            continue
        if item.value < 0:
            raise DomainError(_("Figures cannot be negative."), code="negative")
        row = ReturnValue(
            quarterly_return=quarterly_return,
            indicator=item.indicator,
            value=item.value,
            evidence=item.evidence.strip(),
        )
        row.full_clean(validate_unique=False, validate_constraints=False)
        keep.append(row)
    ReturnValue.objects.filter(quarterly_return=quarterly_return, indicator_id__in=remove).delete()
    ReturnValue.objects.bulk_create(
        keep,
        update_conflicts=True,
        unique_fields=["quarterly_return", "indicator"],
        update_fields=["value", "evidence"],
    )
    quarterly_return.updated_at = timezone.now()
    quarterly_return.save(update_fields=["updated_at"])
    link_deliveries(organisation_id=quarterly_return.organisation_id, returns=[quarterly_return])
    return quarterly_return


def _plain(number: Decimal) -> str:
    """``8.00`` as ``8`` and ``12.50`` as ``12.5``, for messages."""
    return format(number.normalize(), "f")


def return_problems(quarterly_return: Return) -> list[str]:
    """What stops a return being submitted, in words for its organisation."""
    problems = []
    values = list(quarterly_return.values.select_related("indicator"))
    if not values:
        return [_("Give at least one figure before you submit the return.")]
    plan_ids = set(
        ReportingPlan.indicators.through.objects.filter(
            reportingplan__organisation_id=quarterly_return.organisation_id
        ).values_list("indicator_id", flat=True)
    )
    given = {v.indicator_id for v in values}
    missing = Indicator.objects.filter(pk__in=plan_ids - given).order_by("order", "name")
    if missing:
        problems.append(
            _("Give a figure for each indicator you report (0 if there was none): %(names)s.")
            % {"names": ", ".join(i.name for i in missing)}
        )
    unexplained = [v.indicator.name for v in values if v.value and not v.evidence.strip()]
    if unexplained:
        problems.append(
            _("Say where each figure comes from (the evidence): %(names)s.")
            % {"names": ", ".join(unexplained)}
        )
    linked = (
        ReturnValue.objects.filter(quarterly_return=quarterly_return)
        .annotate(delivered=Sum("deliveries__quantity"))
        .filter(delivered__gt=0)
        .select_related("indicator")
    )
    for value in linked:
        if value.delivered > value.value:
            problems.append(
                _(
                    "Your figure for %(name)s (%(value)s) is less than the %(delivered)s you "
                    "delivered under contracts and said it includes."
                )
                % {
                    "name": value.indicator.name,
                    "value": _plain(value.value),
                    "delivered": _plain(value.delivered),
                }
            )
    return problems


@transaction.atomic
def return_submit(*, quarterly_return: Return, actor: User) -> Return:
    """Send the return to the alliance's staff for approval."""
    quarterly_return = _locked(quarterly_return)
    _check_editable(quarterly_return, actor)
    problems = return_problems(quarterly_return)
    if problems:
        raise DomainError(" ".join(problems), code="incomplete")
    quarterly_return.status = Return.Status.SUBMITTED
    quarterly_return.submitted_at = quarterly_return.updated_at = timezone.now()
    quarterly_return.submitted_by = actor
    quarterly_return.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    _record(quarterly_return, ReturnEvent.Action.SUBMITTED, actor)
    return quarterly_return


# ---------------------------------------------------------------------------
# The staff's review
# ---------------------------------------------------------------------------


def organisation_admins(organisation_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=organisation_id, role=Membership.Role.ADMIN
        ).select_related("user")
    ]


class ReturnReview(ReviewWorkflow):
    """Staff approve a return, or return it for changes with a reason."""

    model = Return
    event_model = ReturnEvent
    event_field = "quarterly_return"
    decisions = (Decision.APPROVE, Decision.CHANGES)
    lock_related = ("organisation",)
    mail_prefix = "return"
    audience = gettext_lazy("the organisation")
    labels = {
        Decision.APPROVE: gettext_lazy("Approve: the figures count"),
        Decision.CHANGES: gettext_lazy("Return for changes"),
    }
    forbidden_message = gettext_lazy("Only the alliance’s staff approve returns.")
    not_waiting_message = gettext_lazy("This return is not waiting for approval.")

    def may_decide(self, actor, item) -> bool:
        return permissions.can_review_returns(actor)

    def recipients(self, quarterly_return: Return) -> list[User]:
        """Whoever submitted it and the organisation's admins."""
        return [
            quarterly_return.submitted_by,
            *organisation_admins(quarterly_return.organisation_id),
        ]

    def mail_context(self, quarterly_return: Return) -> dict:
        return {
            "quarterly_return": quarterly_return,
            "organisation": quarterly_return.organisation.name,
            "quarter": quarterly_return.quarter.label,
            "url": settings.SITE_URL + quarterly_return.get_absolute_url(),
        }

    def on_approve(self, quarterly_return: Return, *, actor: User, note: str) -> Decided:
        quarterly_return.status = Return.Status.APPROVED
        quarterly_return.approved_at = quarterly_return.updated_at = timezone.now()
        quarterly_return.approved_by = actor
        quarterly_return.review_note = ""
        quarterly_return.save(
            update_fields=["status", "approved_at", "approved_by", "review_note", "updated_at"]
        )
        return Decided(quarterly_return, ReturnEvent.Action.APPROVED)

    def on_changes(self, quarterly_return: Return, *, actor: User, note: str) -> Decided:
        quarterly_return.status = Return.Status.RETURNED
        quarterly_return.review_note = note
        quarterly_return.updated_at = timezone.now()
        quarterly_return.save(update_fields=["status", "review_note", "updated_at"])
        return Decided(quarterly_return, ReturnEvent.Action.CHANGES_REQUESTED)


RETURN_REVIEW = ReturnReview()


def return_approve(*, quarterly_return: Return, actor: User, note: str = "") -> Return:
    return RETURN_REVIEW.decide(quarterly_return, actor=actor, decision=Decision.APPROVE, note=note)


def return_request_changes(*, quarterly_return: Return, actor: User, reason: str) -> Return:
    return RETURN_REVIEW.decide(
        quarterly_return, actor=actor, decision=Decision.CHANGES, note=reason
    )
