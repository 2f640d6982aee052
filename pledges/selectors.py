"""Reads for pledges, shaped for the wall, the pledge page and moderation.

The home page's totals and the city's progress read across apps: ``reporting`` has them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Organisation
from measures.models import Outcome

from .models import Commitment, ConcernReport, Pledge, PledgeEvent, ProgressUpdate, Support

# What is cached from public pledges (``core.cache``): the services bump it whenever what
# is public changes (approval, revision, withdrawal, lapse, progress, support).
PLEDGES_CACHE_FAMILY = "pledges"


@dataclass(frozen=True)
class WallFilters:
    search: str = ""
    theme: str = ""
    outcome: str = ""
    campaign: str = ""
    sector: str = ""
    ward: str = ""

    @property
    def active(self) -> bool:
        return any(vars(self).values())

    @property
    def active_count(self) -> int:
        """How many filters are on, shown on the folded filter panel."""
        return sum(1 for value in vars(self).values() if value)


def _count_of(model, field: str = "pledge") -> Subquery:
    """How many ``model`` rows point at the outer pledge: a correlated subquery, so that
    PostgreSQL counts for the rows a page shows (after ORDER BY ... LIMIT), not for every
    pledge before it, and ``count()`` leaves it out altogether."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _card_queryset(qs: QuerySet[Pledge]) -> QuerySet[Pledge]:
    """What a pledge card shows: who pledged, where, the outcomes, support."""
    return (
        qs.select_related("organisation__ward", "pledger__ward", "campaign")
        .annotate(
            support_count=_count_of(Support),
            commitment_count=_count_of(Commitment),
        )
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.prefetch_related(
                    Prefetch("outcomes", queryset=Outcome.objects.select_related("theme"))
                ),
            )
        )
    )


def _with_commitments(qs: QuerySet[Pledge], **lookups) -> QuerySet[Pledge]:
    """Pledges with a commitment matching ``lookups``: a semi-join on the commitments,
    so a pledge is listed once however many of its commitments match, and the pledges
    are still read in the index's order, a page at a time."""
    return qs.filter(pk__in=Commitment.objects.filter(**lookups).values("pledge_id"))


def pledge_wall(filters: WallFilters) -> QuerySet[Pledge]:
    qs = Pledge.objects.public()
    if filters.theme:
        qs = _with_commitments(qs, outcomes__theme__slug=filters.theme)
    if filters.outcome:
        qs = _with_commitments(qs, outcomes__slug=filters.outcome)
    if filters.campaign:
        qs = qs.filter(campaign__slug=filters.campaign)
    if filters.sector == "resident":
        qs = qs.filter(organisation__isnull=True)
    elif filters.sector:
        qs = qs.filter(organisation__sector=filters.sector)
    if filters.ward:
        qs = qs.filter(
            Q(organisation__ward__slug=filters.ward)
            | Q(organisation__isnull=True, pledger__ward__slug=filters.ward)
        )
    if filters.search:
        term = filters.search
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(statement__icontains=term)
            | Q(pk__in=Commitment.objects.filter(text__icontains=term).values("pledge_id"))
            | Q(organisation__name__icontains=term)
        )
    return _card_queryset(qs).order_by("-approved_at", "-pk")


def organisation_public_pledges(*, organisation: Organisation) -> QuerySet[Pledge]:
    return _card_queryset(Pledge.objects.public().filter(organisation=organisation)).order_by(
        "-approved_at"
    )


def user_pledges(*, user) -> QuerySet[Pledge]:
    """Every pledge the user can work on, drafts included, newest first."""
    return (
        Pledge.objects.for_user(user)
        .select_related("organisation", "pledger", "campaign", "revision_of", "renewed_from")
        .annotate(commitment_count=_count_of(Commitment))
        .order_by("-created_at")
    )


def pledge_for_page(*, pk: int) -> Pledge:
    """A pledge with everything its page shows, in a fixed number of queries."""
    return (
        Pledge.objects.select_related(
            "organisation__ward", "pledger", "campaign", "revision_of", "renewed_from"
        )
        .annotate(support_count=Count("supports", distinct=True))
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.prefetch_related(
                    Prefetch("outcomes", queryset=Outcome.objects.select_related("theme")),
                    Prefetch(
                        "updates",
                        queryset=ProgressUpdate.objects.select_related("author").order_by(
                            "-created_at", "-pk"
                        ),
                    ),
                ),
            )
        )
        .get(pk=pk)
    )


def pledge_pending_revision(*, pledge: Pledge) -> Pledge | None:
    """The changes to an approved pledge that are being written or moderated, if any."""
    return Pledge.objects.filter(
        revision_of=pledge, status__in=[Pledge.Status.DRAFT, Pledge.Status.SUBMITTED]
    ).first()


def pledge_open_renewal(*, pledge: Pledge) -> Pledge | None:
    """Next year's pledge, if one has been started and not yet decided."""
    return pledge.renewals.filter(status__in=[Pledge.Status.DRAFT, Pledge.Status.SUBMITTED]).first()


def pledge_supporters(*, pledge: Pledge, limit: int = 30) -> list[str]:
    return list(
        Support.objects.filter(pledge=pledge)
        .order_by("-created_at")
        .values_list("user__display_name", flat=True)[:limit]
    )


def pledge_history(*, pledge: Pledge) -> QuerySet[PledgeEvent]:
    return PledgeEvent.objects.filter(pledge=pledge).select_related("actor")


def user_supports(*, user, pledge: Pledge) -> bool:
    return user.is_authenticated and Support.objects.filter(pledge=pledge, user=user).exists()


def pledge_progress_percent(pledge: Pledge) -> int:
    """The pledge's progress: the mean of its commitments' (uses prefetched commitments)."""
    commitments = list(pledge.commitments.all())
    if not commitments:
        return 0
    return round(sum(c.progress_percent for c in commitments) / len(commitments))


# ---------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------


def moderation_queue(*, search: str = "") -> QuerySet[Pledge]:
    """Submitted pledges, oldest first; ``search`` matches the title, the organisation or
    the pledger's name or address."""
    qs = Pledge.objects.awaiting_moderation()
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(organisation__name__icontains=search)
            | Q(pledger__display_name__icontains=search)
            | Q(pledger__email__icontains=search)
        )
    return (
        qs.select_related("organisation", "pledger", "campaign", "revision_of", "renewed_from")
        .annotate(commitment_count=_count_of(Commitment))
        .order_by("submitted_at", "pk")
    )


def moderation_summary() -> dict:
    """The queue's headline figures: what waits, of which kind, and since when."""
    waiting = Pledge.objects.awaiting_moderation().aggregate(
        pledges_waiting=Count("pk"),
        oldest=Min("submitted_at"),
        revisions=Count("pk", filter=Q(revision_of__isnull=False)),
        renewals=Count("pk", filter=Q(revision_of__isnull=True, renewed_from__isnull=False)),
    )
    concerns = ConcernReport.objects.filter(resolved_at__isnull=True).aggregate(
        concerns_open=Count("pk"), oldest_concern=Min("created_at")
    )
    waiting["new"] = waiting["pledges_waiting"] - waiting["revisions"] - waiting["renewals"]
    return {**waiting, **concerns}


def open_concerns(*, search: str = "") -> QuerySet[ConcernReport]:
    """Concerns not yet dealt with, oldest first; ``search`` matches the pledge's title or
    the concern's text."""
    qs = ConcernReport.objects.filter(resolved_at__isnull=True)
    if search:
        qs = qs.filter(Q(pledge__title__icontains=search) | Q(text__icontains=search))
    return qs.select_related("pledge__organisation", "pledge__pledger", "reporter").order_by(
        "created_at"
    )


def latest_pledges(*, limit: int = 6) -> list[Pledge]:
    return list(_card_queryset(Pledge.objects.public()).order_by("-approved_at", "-pk")[:limit])


def user_data_export(*, user) -> dict:
    """The person's pledges and what they support, for their data download."""
    pledges = (
        Pledge.objects.filter(pledger=user)
        .select_related("organisation", "campaign")
        .prefetch_related("commitments__outcomes")
    )
    return {
        "pledges": [
            {
                "title": p.title,
                "statement": p.statement,
                "organisation": p.organisation.name if p.organisation_id else None,
                "campaign": p.campaign.name,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
                "commitments": [
                    {
                        "text": c.text,
                        "target": f"{c.target_value.normalize()} {c.target_unit}",
                        "due_date": c.due_date.isoformat(),
                        "outcomes": [o.name for o in c.outcomes.all()],
                    }
                    for c in p.commitments.all()
                ],
            }
            for p in pledges
        ],
        "supported_pledges": list(
            Support.objects.filter(user=user).values_list("pledge__title", flat=True)
        ),
    }


# ---------------------------------------------------------------------------
# Open data (the API reads these)
# ---------------------------------------------------------------------------


def open_data_pledges(filters: WallFilters) -> QuerySet[Pledge]:
    """The wall's pledges, filtered as the wall filters them, each with its commitments'
    progress updates (their text and figures; never who wrote them)."""
    return pledge_wall(filters).prefetch_related(
        Prefetch(
            "commitments__updates",
            queryset=ProgressUpdate.objects.only(
                "commitment_id", "text", "figure", "marks_done", "created_at"
            ).order_by("-created_at", "-pk"),
        )
    )


def public_pledge_counts() -> dict[str, dict[str | None, int]]:
    """How many public pledges serve each theme, and come from each sector and ward:
    ``{"theme": {slug: n}, "sector": {sector or "resident": n}, "ward": {slug or None: n}}``.
    A pledge counts once per theme it serves; a resident's pledge is in the resident's
    ward, an organisation's in the organisation's. Four queries, whatever the numbers."""
    public = Pledge.objects.public()
    by_theme = dict(
        public.filter(commitments__outcomes__theme__isnull=False)
        .values_list("commitments__outcomes__theme__slug")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    by_sector = {
        sector or "resident": n
        for sector, n in public.values_list("organisation__sector")
        .annotate(n=Count("pk"))
        .order_by()
    }
    by_ward: dict[str | None, int] = {}
    for rows in (
        public.filter(organisation__isnull=False).values_list("organisation__ward__slug"),
        public.filter(organisation__isnull=True).values_list("pledger__ward__slug"),
    ):
        for slug, n in rows.annotate(n=Count("pk")).order_by():
            by_ward[slug] = by_ward.get(slug, 0) + n
    return {"theme": by_theme, "sector": by_sector, "ward": by_ward}
