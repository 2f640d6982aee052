"""Writing a pledge: create, edit, submit, revise an approved one, withdraw, renew."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.errors import DomainError
from measures.models import Outcome

from ..models import Campaign, Commitment, Pledge, PledgeEvent
from ._common import public_pledges_changed, record

MAX_COMMITMENTS = 10


@dataclass
class CommitmentInput:
    text: str
    outcomes: list[Outcome]
    target_value: Decimal
    target_unit: str
    due_date: datetime.date
    source_id: int | None = None


def _check_commitments(commitments: list[CommitmentInput], *, today: datetime.date) -> None:
    if not commitments:
        raise DomainError(_("Add at least one commitment."), code="no_commitment")
    if len(commitments) > MAX_COMMITMENTS:
        raise DomainError(
            _("A pledge can have at most %(n)s commitments.") % {"n": MAX_COMMITMENTS}
        )
    for number, commitment in enumerate(commitments, start=1):
        if not commitment.outcomes:
            raise DomainError(
                _("Commitment %(n)s: choose at least one outcome it serves.") % {"n": number},
                code="no_outcome",
            )
        if commitment.due_date < today:
            raise DomainError(
                _("Commitment %(n)s: the due date has passed.") % {"n": number},
                code="due_date_past",
            )


def _write_commitments(pledge: Pledge, commitments: list[CommitmentInput]) -> None:
    # A commitment may only claim to continue one of the pledge it revises or renews.
    basis = pledge.revision_of_id or pledge.renewed_from_id
    allowed_sources = (
        set(Commitment.objects.filter(pledge_id=basis).values_list("pk", flat=True))
        if basis
        else set()
    )
    pledge.commitments.all().delete()
    for order, data in enumerate(commitments):
        if data.source_id not in allowed_sources:
            data.source_id = None
        commitment = Commitment(
            pledge=pledge,
            text=" ".join(data.text.split()),
            target_value=data.target_value,
            target_unit=data.target_unit.strip(),
            due_date=data.due_date,
            order=order,
            source_id=data.source_id,
        )
        commitment.full_clean(exclude=["pledge"])
        commitment.save()
        commitment.outcomes.set(data.outcomes)


def current_campaign() -> Campaign:
    campaign = Campaign.objects.filter(is_open=True).order_by("-started_on").first()
    if campaign is None:
        raise DomainError(_("No campaign is open for pledges at the moment."))
    return campaign


@transaction.atomic
def pledge_create(
    *,
    pledger: User,
    organisation: Organisation | None,
    title: str,
    statement: str = "",
    commitments: list[CommitmentInput],
    campaign: Campaign | None = None,
) -> Pledge:
    """Save a new draft. Nothing is public until staff approve it."""
    if organisation is not None and organisation.is_suspended:
        raise DomainError(_("%(name)s is suspended.") % {"name": organisation.name})
    _check_commitments(commitments, today=timezone.localdate())
    pledge = Pledge(
        pledger=pledger,
        organisation=organisation,
        campaign=campaign or current_campaign(),
        title=" ".join(title.split()),
        statement=statement.strip(),
    )
    pledge.full_clean()
    pledge.save()
    _write_commitments(pledge, commitments)
    return pledge


@transaction.atomic
def pledge_update(
    *, pledge: Pledge, title: str, statement: str = "", commitments: list[CommitmentInput]
) -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.DRAFT:
        raise DomainError(_("Only a draft can be edited."), code="not_draft")
    _check_commitments(commitments, today=timezone.localdate())
    pledge.title = " ".join(title.split())
    pledge.statement = statement.strip()
    pledge.full_clean()
    pledge.save()
    _write_commitments(pledge, commitments)
    return pledge


@transaction.atomic
def pledge_submit(*, pledge: Pledge, actor: User) -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.DRAFT:
        raise DomainError(_("This pledge has already been submitted."), code="not_draft")
    commitments = list(pledge.commitments.prefetch_related("outcomes"))
    _check_commitments(
        [
            CommitmentInput(
                text=c.text,
                outcomes=list(c.outcomes.all()),
                target_value=c.target_value,
                target_unit=c.target_unit,
                due_date=c.due_date,
            )
            for c in commitments
        ],
        today=timezone.localdate(),
    )
    if pledge.renewed_from_id and all(c.source_id for c in commitments):
        raise DomainError(
            _("A renewed pledge needs at least one new commitment."), code="renewal_needs_new"
        )
    if pledge.organisation_id and pledge.organisation.is_suspended:
        raise DomainError(_("%(name)s is suspended.") % {"name": pledge.organisation.name})
    pledge.status = Pledge.Status.SUBMITTED
    pledge.submitted_at = timezone.now()
    pledge.moderation_note = ""
    pledge.save(update_fields=["status", "submitted_at", "moderation_note", "updated_at"])
    record(pledge, PledgeEvent.Action.SUBMITTED, actor)
    return pledge


def _copy_commitments(source: Pledge, target: Pledge) -> None:
    for commitment in source.commitments.prefetch_related("outcomes"):
        outcomes = list(commitment.outcomes.all())
        copy = Commitment.objects.create(
            pledge=target,
            text=commitment.text,
            target_value=commitment.target_value,
            target_unit=commitment.target_unit,
            due_date=commitment.due_date,
            current_value=commitment.current_value,
            done_at=commitment.done_at,
            order=commitment.order,
            source=commitment,
        )
        copy.outcomes.set(outcomes)


@transaction.atomic
def pledge_start_revision(*, pledge: Pledge, actor: User) -> Pledge:
    """Editing an approved pledge: a draft copy goes through moderation while the
    approved version stays public. Returns the pending revision if there is one."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.APPROVED:
        raise DomainError(_("Only an approved pledge is revised this way."))
    existing = Pledge.objects.filter(revision_of=pledge).first()
    if existing and existing.status in (Pledge.Status.DRAFT, Pledge.Status.SUBMITTED):
        return existing
    if existing:
        # A rejected or withdrawn revision is finished with; it must not block the next
        # one (``revision_of`` is one-to-one). Its history moves to the pledge.
        PledgeEvent.objects.filter(pledge=existing).update(pledge=pledge)
        existing.delete()
    revision = Pledge.objects.create(
        campaign=pledge.campaign,
        organisation=pledge.organisation,
        pledger=actor,
        title=pledge.title,
        statement=pledge.statement,
        revision_of=pledge,
    )
    _copy_commitments(pledge, revision)
    return revision


@transaction.atomic
def pledge_withdraw(*, pledge: Pledge, actor: User, reason: str = "") -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status not in (
        Pledge.Status.DRAFT,
        Pledge.Status.SUBMITTED,
        Pledge.Status.APPROVED,
    ):
        raise DomainError(_("This pledge cannot be withdrawn."))
    was_public = pledge.status == Pledge.Status.APPROVED
    pledge.status = Pledge.Status.WITHDRAWN
    pledge.save(update_fields=["status", "updated_at"])
    Pledge.objects.filter(revision_of=pledge).delete()
    record(pledge, PledgeEvent.Action.WITHDRAWN, actor, reason.strip())
    if was_public:
        public_pledges_changed()
    return pledge


@transaction.atomic
def pledge_renew(*, pledge: Pledge, actor: User) -> Pledge:
    """Start the next year's pledge: a draft with the same commitments, which needs at
    least one new commitment before it can be submitted."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not pledge.is_renewable:
        raise DomainError(
            _("A pledge can be renewed in the last month of its year, or once it has lapsed."),
            code="not_renewable",
        )
    existing = pledge.renewals.filter(
        status__in=[Pledge.Status.DRAFT, Pledge.Status.SUBMITTED]
    ).first()
    if existing:
        return existing
    renewal = Pledge.objects.create(
        campaign=current_campaign(),
        organisation=pledge.organisation,
        pledger=actor,
        title=pledge.title,
        statement=pledge.statement,
        renewed_from=pledge,
    )
    _copy_commitments(pledge, renewal)
    # Carried-over commitments start again from nothing in the new year.
    renewal.commitments.update(current_value=0, done_at=None)
    today = timezone.localdate()
    renewal.commitments.filter(due_date__lt=today).update(
        due_date=today + datetime.timedelta(days=365)
    )
    record(pledge, PledgeEvent.Action.RENEWED, actor)
    return renewal
