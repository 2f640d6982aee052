"""Each role's home ("Your dashboard", ``/home/``): what waits on whom, what is due next
and the next step, read across the apps.

- An organisation's members: its pledges, case studies, charter signature and returns
  that are not finished, each saying whom it waits on and what to do next; what falls
  due next; the latest checklist score and its change.
- Everyone: their own pledges and the pledges they support.
- Alliance staff: the work waiting, by kind, linked to the moderation queue; the
  organisations awaiting verification; overdue charter reviews and returns.
- Commissioners: the city's outcomes at a glance and what waits for them to confirm.

Each read covers all of a person's organisations at once, so the number of queries is
the same however many organisations they belong to.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts.models import Membership, Organisation
from accounts.roles import ROLES_CACHE_FAMILY
from accounts.selectors import PEOPLE_CACHE_FAMILY
from charter.models import Signature
from core.cache import cached_part, variant
from measures.models import Delivery, Return
from measures.progress import on_track_summary, outcome_progress
from moderation.selectors import QUEUE_FAMILIES, waiting_counts
from pledges.models import Pledge, Support
from toolkit.models import Assessment, CaseStudy

from ..models import REPORTS_CACHE_FAMILY, ProgressReport
from ..reports.selectors import reports_for

# What a person's home is read from: a write to any of them moves on every kept home
# (core.cache; "roles" when someone's groups change, for the reports they may read).
HOME_FAMILIES = (
    "pledges",
    "toolkit",
    "assessments",
    "charter",
    "measures",
    "organisations",
    PEOPLE_CACHE_FAMILY,
    REPORTS_CACHE_FAMILY,
    ROLES_CACHE_FAMILY,
)
LIST_LIMIT = 10
LATEST_REPORTS = 3
DUE_SOON_DAYS = 60

# Whom an item waits on.
YOU = "you"
STAFF = "staff"
COMMISSIONER = "commissioner"


@dataclass
class Item:
    """Something of the organisation's that is not finished."""

    kind: str  # "Pledge", "Case study", ...
    title: str
    url: str
    state: str
    waits_on: str  # YOU, STAFF or COMMISSIONER
    next_step: str
    next_url: str = ""
    due: datetime.date | None = None
    overdue: bool = False

    @property
    def waits_on_label(self) -> str:
        return {
            YOU: _("You"),
            STAFF: _("Alliance staff"),
            COMMISSIONER: _("The commissioner"),
        }[self.waits_on]


@dataclass
class ChecklistScore:
    latest: Assessment | None = None
    previous: Assessment | None = None
    open: Assessment | None = None

    @property
    def change(self) -> int | None:
        if self.latest is None or self.previous is None:
            return None
        if self.latest.overall_score is None or self.previous.overall_score is None:
            return None
        return self.latest.overall_score - self.previous.overall_score

    @property
    def change_size(self) -> int | None:
        return None if self.change is None else abs(self.change)


@dataclass
class OrganisationHome:
    membership: Membership
    items: list[Item] = field(default_factory=list)
    checklist: ChecklistScore = field(default_factory=ChecklistScore)
    deliveries_to_confirm: int = 0

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def waiting_on_you(self) -> list[Item]:
        return [i for i in self.items if i.waits_on == YOU]

    @property
    def waiting_on_others(self) -> list[Item]:
        return [i for i in self.items if i.waits_on != YOU]

    @property
    def due_next(self) -> list[Item]:
        """What has a date, soonest first."""
        return sorted((i for i in self.items if i.due), key=lambda i: i.due)


def home_html(
    *,
    user,
    today: datetime.date,
    is_staff: bool,
    is_commissioner: bool,
    render: Callable[[dict], str],
) -> str:
    """The person's home as ``render`` shows it: their organisations' unfinished work,
    their pledges and supports, the reports they may read and, for staff and
    commissioners, what waits for them. Kept for them until any of it changes."""

    def build() -> str:
        context = {
            "organisations": organisation_homes(user=user, today=today),
            "personal_pledges": personal_pledges(user=user),
            "supports": supported_pledges(user=user),
            "reports": latest_reports(user=user),
            "is_staff": is_staff,
            "is_commissioner": is_commissioner,
            "today": today,
        }
        if is_staff or is_commissioner:
            context["commissioner"] = commissioner_home(user=user)
        if is_staff:
            context["staff"] = staff_home(today=today)
        return render(context)

    roles = f"{int(is_staff)}{int(is_commissioner)}"
    return cached_part(
        f"home:{user.pk}:{today.isoformat()}:{variant(roles)}",
        build,
        families=HOME_FAMILIES,
    )


def _date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _pledge_items(pledges, today: datetime.date) -> list[Item]:
    items = []
    for pledge in pledges:
        url = pledge.get_absolute_url()
        if pledge.status == Pledge.Status.DRAFT:
            step, step_url, waits = _("Finish it and send it to staff"), url, YOU
            if pledge.moderation_note:
                step = _("Staff asked for changes: read their note, change it and send it again")
        elif pledge.status == Pledge.Status.SUBMITTED:
            step, step_url, waits = _("Nothing to do: staff will review it"), "", STAFF
        elif pledge.status == Pledge.Status.LAPSED:
            step = _("Renew it for another year, with at least one new commitment")
            step_url, waits = reverse("pledges:renew", kwargs={"pk": pledge.pk}), YOU
        else:  # approved, and ending within DUE_SOON_DAYS
            step = _("Post your progress, and renew it before it ends")
            step_url, waits = url, YOU
        expires = _date(pledge.expires_at)
        items.append(
            Item(
                kind=_("Pledge"),
                title=pledge.title,
                url=url,
                state=pledge.get_status_display(),
                waits_on=waits,
                next_step=step,
                next_url=step_url,
                due=expires if pledge.status == Pledge.Status.APPROVED else None,
            )
        )
    return items


def _case_study_items(case_studies) -> list[Item]:
    items = []
    for case_study in case_studies:
        url = case_study.get_absolute_url()
        edit = reverse("toolkit:case_study_edit", kwargs={"pk": case_study.pk})
        if case_study.status == CaseStudy.Status.SUBMITTED:
            step, step_url, waits = _("Nothing to do: staff will review it"), "", STAFF
        elif case_study.status == CaseStudy.Status.REJECTED:
            step, step_url, waits = _("Read staff's note and revise it"), edit, YOU
        else:
            step, step_url, waits = _("Finish it and send it to staff"), edit, YOU
        items.append(
            Item(
                kind=_("Case study"),
                title=case_study.title,
                url=url,
                state=case_study.get_status_display(),
                waits_on=waits,
                next_step=step,
                next_url=step_url,
            )
        )
    return items


def _signature_items(signatures, now: datetime.datetime) -> list[Item]:
    items = []
    for signature in signatures:
        url = reverse("charter:signature", kwargs={"pk": signature.pk})
        title = _("The Social Value Charter, version %(n)s") % {"n": signature.version.number}
        if signature.status == Signature.Status.DRAFT:
            step, step_url, waits, due = _("An admin finishes and signs it"), url, YOU, None
        elif signature.status == Signature.Status.SUBMITTED:
            step, step_url, waits, due = _("Nothing to do: staff will verify it"), "", STAFF, None
        else:  # verified, with its yearly review open or overdue
            review = reverse("charter:review", kwargs={"pk": signature.pk})
            step, step_url, waits = _("Write the yearly review of your statements"), review, YOU
            due = _date(signature.review_overdue_at())
        items.append(
            Item(
                kind=_("Charter signature"),
                title=title,
                url=url,
                state=signature.get_status_display(),
                waits_on=waits,
                next_step=step,
                next_url=step_url,
                due=due,
                overdue=bool(due and due < timezone.localdate(now)),
            )
        )
    return items


def _return_items(returns, today: datetime.date) -> list[Item]:
    items = []
    for quarterly_return in returns:
        url = quarterly_return.get_absolute_url()
        if quarterly_return.status == Return.Status.SUBMITTED:
            step, step_url, waits = _("Nothing to do: staff will approve it"), "", STAFF
        elif quarterly_return.status == Return.Status.RETURNED:
            step, step_url, waits = (
                _("Staff asked for changes: correct it and send it again"),
                url,
                YOU,
            )
        else:
            step, step_url, waits = _("Fill in the figures and send it"), url, YOU
        items.append(
            Item(
                kind=_("Return"),
                title=quarterly_return.quarter.label,
                url=url,
                state=quarterly_return.get_status_display(),
                waits_on=waits,
                next_step=step,
                next_url=step_url,
                due=quarterly_return.due_on if waits == YOU else None,
                overdue=quarterly_return.is_overdue(today),
            )
        )
    return items


def organisation_homes(*, user, today: datetime.date | None = None) -> list[OrganisationHome]:
    """For each of the user's organisations, what is not finished, across the apps.
    Seven queries, however many organisations."""
    today = today or timezone.localdate()
    now = timezone.now()
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    homes = {m.organisation_id: OrganisationHome(membership=m) for m in memberships}
    if not homes:
        return []
    ids = list(homes)

    soon = now + datetime.timedelta(days=DUE_SOON_DAYS)
    pledges = Pledge.objects.filter(organisation_id__in=ids, revision_of__isnull=True).filter(
        Q(status__in=[Pledge.Status.DRAFT, Pledge.Status.SUBMITTED, Pledge.Status.LAPSED])
        | Q(status=Pledge.Status.APPROVED, expires_at__lte=soon)
    )
    for pledge in pledges.order_by("created_at", "pk"):
        homes[pledge.organisation_id].items += _pledge_items([pledge], today)

    case_studies = CaseStudy.objects.filter(
        organisation_id__in=ids,
        status__in=[CaseStudy.Status.DRAFT, CaseStudy.Status.SUBMITTED, CaseStudy.Status.REJECTED],
    ).order_by("created_at", "pk")
    for case_study in case_studies:
        homes[case_study.organisation_id].items += _case_study_items([case_study])

    review_open = now - _months(11)
    signatures = (
        Signature.objects.filter(organisation_id__in=ids)
        .filter(
            Q(status__in=[Signature.Status.DRAFT, Signature.Status.SUBMITTED])
            | Q(status=Signature.Status.VERIFIED, cycle_started_at__lte=review_open)
        )
        .exclude(status=Signature.Status.VERIFIED, reviews__status="submitted")
        .select_related("version")
        .order_by("created_at", "pk")
    )
    for signature in signatures:
        homes[signature.organisation_id].items += _signature_items([signature], now)

    returns = Return.objects.filter(
        organisation_id__in=ids,
        status__in=[Return.Status.DRAFT, Return.Status.RETURNED, Return.Status.SUBMITTED],
    ).order_by("period_start", "pk")
    for quarterly_return in returns:
        homes[quarterly_return.organisation_id].items += _return_items([quarterly_return], today)

    for assessment in Assessment.objects.filter(organisation_id__in=ids).order_by(
        "organisation_id", "-completed_at", "-pk"
    ):
        score = homes[assessment.organisation_id].checklist
        if assessment.completed_at is None:
            score.open = assessment
        elif score.latest is None:
            score.latest = assessment
        elif score.previous is None:
            score.previous = assessment

    for organisation_id, n in (
        Delivery.objects.filter(
            status=Delivery.Status.REPORTED, commitment__contract__commissioner_id__in=ids
        )
        .values_list("commitment__contract__commissioner_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        homes[organisation_id].deliveries_to_confirm = n
    return list(homes.values())


def _months(n: int) -> datetime.timedelta:
    # The review window is a whole-month rule in charter; a day's slack either side is
    # harmless for a home page's list, and charter's own page applies the exact rule.
    return datetime.timedelta(days=round(n * 365.25 / 12))


# ---------------------------------------------------------------------------
# Everyone's own pledges and the pledges they support
# ---------------------------------------------------------------------------


def personal_pledges(*, user) -> list[Pledge]:
    return list(
        Pledge.objects.filter(pledger=user, organisation__isnull=True, revision_of__isnull=True)
        .exclude(status=Pledge.Status.WITHDRAWN)
        .order_by("-created_at")[:LIST_LIMIT]
    )


def supported_pledges(*, user) -> list[Support]:
    return list(
        Support.objects.filter(user=user)
        .select_related("pledge__organisation", "pledge__pledger")
        .order_by("-created_at")[:LIST_LIMIT]
    )


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


@dataclass
class StaffHome:
    waiting: list[tuple]  # (kind, count), as the moderation queue names them
    unverified: list[Organisation]
    unverified_count: int
    overdue_reviews: int
    overdue_returns: int


def staff_home(*, today: datetime.date | None = None) -> StaffHome:
    """What waits for staff: counted once for all of them until the data changes."""
    today = today or timezone.localdate()
    figures = cached_part(
        f"home:staff:{today.isoformat()}",
        partial(_staff_figures, today),
        families=QUEUE_FAMILIES,
    )
    return StaffHome(waiting=waiting_counts(), **figures)


def _staff_figures(today: datetime.date) -> dict:
    unverified = Organisation.objects.filter(verified_at__isnull=True, suspended_at__isnull=True)
    return {
        "unverified": list(
            unverified.select_related("ward").order_by("created_at", "pk")[:LIST_LIMIT]
        ),
        "unverified_count": unverified.count(),
        "overdue_reviews": Signature.objects.overdue().count(),
        "overdue_returns": Return.objects.overdue(today).count(),
    }


# ---------------------------------------------------------------------------
# Commissioners
# ---------------------------------------------------------------------------


def commissioner_home(*, user) -> dict:
    """The outcomes at a glance, and the deliveries waiting for the commissioner."""
    organisations = account_permissions.organisations_acting_for(user)
    return {
        "summary": on_track_summary(outcome_progress()),
        "deliveries_to_confirm": Delivery.objects.filter(
            status=Delivery.Status.REPORTED,
            commitment__contract__commissioner__in=organisations,
        ).count()
        if organisations
        else 0,
    }


# ---------------------------------------------------------------------------
# The latest progress reports the person may read
# ---------------------------------------------------------------------------


def latest_reports(*, user, limit: int = LATEST_REPORTS) -> list[ProgressReport]:
    """The newest reports with figures that ``user`` may read (the archive's rule)."""
    return list(reports_for(user=user).ready()[:limit])
