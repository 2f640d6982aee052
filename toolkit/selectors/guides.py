"""Reads for the guides: the toolkit's front page and a guide's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from measures.models import Outcome

from .. import permissions
from ..models import Audience, Guide

# ---------------------------------------------------------------------------
# Guides
# ---------------------------------------------------------------------------

RELATED_GUIDES = 4


@dataclass(frozen=True)
class GuideFilters:
    search: str = ""
    audience: str = ""
    stage: str = ""
    kind: str = ""
    outcome: str = ""

    @property
    def active(self) -> bool:
        return any(vars(self).values())


def _with_outcomes(qs: QuerySet[Guide]) -> QuerySet[Guide]:
    return qs.prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.with_theme()))


def guide_list(filters: GuideFilters) -> QuerySet[Guide]:
    """Published guides for the toolkit's front page, with their outcomes for the cards.

    A guide for commissioners and providers alike counts as a guide for either audience;
    stage and kind match exactly ("Every stage" is a stage of its own)."""
    qs = Guide.objects.published()
    if filters.audience == Audience.BOTH:
        qs = qs.filter(audience=Audience.BOTH)
    elif filters.audience:
        qs = qs.filter(audience__in=[filters.audience, Audience.BOTH])
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.outcome:
        # One outcome slug matches at most one link row per guide: no duplicates.
        qs = qs.filter(outcomes__slug=filters.outcome)
    if filters.search:
        term = filters.search
        qs = qs.filter(
            Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)
        )
    # Cards never show the body: leave the longest columns behind.
    return _with_outcomes(qs.defer("body", "body_html")).order_by("order", "title", "pk")


def guide_get(*, slug: str, user) -> Guide:
    """The guide with its outcomes; ``Guide.DoesNotExist`` if this user may not see it,
    so that an unpublished guide is not even confirmed to exist."""
    guide = _with_outcomes(Guide.objects.all()).get(slug=slug)
    if not permissions.can_view_guide(user, guide):
        raise Guide.DoesNotExist
    return guide


def related_guides(guide: Guide) -> list[Guide]:
    """Up to four other published guides. First those about the same outcomes, closest
    first: by the share of the two guides' outcomes they have in common (so a guide on
    one outcome beats one touching all eleven); then, to fill the space, those for the
    same stage or the same audience.

    ``guide.outcomes`` should be prefetched (``guide_get`` does): two queries at most."""
    outcome_ids = [outcome.pk for outcome in guide.outcomes.all()]
    others = (
        Guide.objects.published()
        .exclude(pk=guide.pk)
        .only("slug", "title", "summary", "audience", "stage", "kind")
        .annotate(same_stage=_matches("stage", guide.stage))
    )
    related: list[Guide] = []
    if outcome_ids:
        links = Guide.outcomes.through.objects.filter(guide_id=OuterRef("pk"))
        related = list(
            others.filter(outcomes__in=outcome_ids)
            .annotate(
                shared=Count("outcomes"),
                outcome_count=Subquery(
                    links.values("guide_id").annotate(n=Count("pk")).values("n")
                ),
            )
            .annotate(
                # Jaccard similarity of the two sets of outcomes.
                overlap=Cast("shared", FloatField())
                / (len(outcome_ids) + F("outcome_count") - F("shared"))
            )
            .order_by("-overlap", "-same_stage", "order", "title")[:RELATED_GUIDES]
        )
    missing = RELATED_GUIDES - len(related)
    if missing:
        related += list(
            others.exclude(pk__in=[g.pk for g in related])
            .filter(Q(stage=guide.stage) | Q(audience=guide.audience))
            .order_by("-same_stage", "order", "title")[:missing]
        )
    return related


def _matches(field: str, value: str) -> Case:
    return Case(
        When(**{field: value}, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
