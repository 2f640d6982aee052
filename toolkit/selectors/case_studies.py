"""Reads for case studies: the public list, a case study's page, its history, and the
staff's moderation queue."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from measures.models import Outcome

from ..models import CaseStudy, CaseStudyEvent, CLESQuality

# Each quality's flag on the model.
QUALITY_FLAGS = {
    CLESQuality.VALUES.value: "shows_values",
    CLESQuality.DELIVERY.value: "shows_delivery",
    CLESQuality.PARTNERSHIPS.value: "shows_partnerships",
    CLESQuality.OPERATIONS.value: "shows_operations",
}


@dataclass(frozen=True)
class CaseStudyFilters:
    search: str = ""
    sector: str = ""
    quality: str = ""
    outcome: str = ""

    @property
    def active(self) -> bool:
        return any(vars(self).values())


def _with_outcomes(qs: QuerySet[CaseStudy]) -> QuerySet[CaseStudy]:
    return qs.prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.with_theme()))


def published_case_studies(filters: CaseStudyFilters) -> QuerySet[CaseStudy]:
    """Published case studies of organisations that are not suspended, newest first,
    with what a card shows: the organisation and the outcomes."""
    qs = CaseStudy.objects.published()
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.quality in QUALITY_FLAGS:
        qs = qs.filter(**{QUALITY_FLAGS[filters.quality]: True})
    if filters.outcome:
        # One outcome: a case study links it at most once, so no duplicate rows.
        qs = qs.filter(outcomes__slug=filters.outcome)
    if filters.search:
        term = filters.search
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(story__icontains=term)
            | Q(organisation__name__icontains=term)
        )
    # A card shows the summary, not the story: leave the long text in the database.
    return (
        _with_outcomes(qs.select_related("organisation"))
        .defer("story", "story_html", "moderation_note")
        .order_by("-published_at", "-pk")
    )


def case_study_for_page(*, pk: int) -> CaseStudy:
    """A case study with everything its page shows. Raises CaseStudy.DoesNotExist."""
    return _with_outcomes(CaseStudy.objects.select_related("organisation", "author")).get(pk=pk)


def case_study_history(*, case_study: CaseStudy) -> QuerySet[CaseStudyEvent]:
    return CaseStudyEvent.objects.filter(case_study=case_study).select_related("actor")


def case_studies_awaiting_moderation(*, search: str = "") -> QuerySet[CaseStudy]:
    """Submitted case studies, oldest first; ``search`` matches the title or the
    organisation's name."""
    qs = CaseStudy.objects.filter(status=CaseStudy.Status.SUBMITTED)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(organisation__name__icontains=search))
    return (
        qs.select_related("organisation", "author")
        .defer("story", "story_html", "moderation_note")
        .order_by("submitted_at", "pk")
    )


def case_studies_awaiting_count() -> int:
    return CaseStudy.objects.filter(status=CaseStudy.Status.SUBMITTED).count()


def user_data_export(*, user) -> dict:
    """The case studies the person wrote, for their data download."""
    return {
        "case_studies": [
            {
                "title": c.title,
                "organisation": c.organisation.name,
                "status": c.status,
                "summary": c.summary,
                "story": c.story,
                "created_at": c.created_at.isoformat(),
            }
            for c in CaseStudy.objects.filter(author=user).select_related("organisation")
        ]
    }
