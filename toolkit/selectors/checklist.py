"""Reads for the self-assessment checklist: the question bank for the page, where each of
a person's organisations stands, and everything a results page compares.

Every function here costs a fixed number of queries, whatever the number of questions,
earlier assessments or peer organisations.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector, SizeBand

from .. import scoring
from ..models import (
    Answer,
    AnswerChoice,
    Assessment,
    Checklist,
    Guide,
    Question,
    Section,
    SectionScore,
)

# Never fewer: with fewer peers, a median could single an organisation out.
MIN_PEERS = 5
RECENT_RESULTS = 5


def current_checklist() -> Checklist | None:
    return Checklist.objects.current()


# ---------------------------------------------------------------------------
# The start page
# ---------------------------------------------------------------------------


@dataclass
class OrganisationStatus:
    organisation: Organisation
    open: Assessment | None = None  # with .answered and .total
    completed: list[Assessment] = field(default_factory=list)  # newest first

    @property
    def recent(self) -> list[Assessment]:
        return self.completed[:RECENT_RESULTS]

    @property
    def earlier_count(self) -> int:
        return max(0, len(self.completed) - RECENT_RESULTS)


def _question_total() -> Subquery:
    return Subquery(
        Question.objects.filter(section__checklist=OuterRef("checklist"))
        .order_by()
        .values("section__checklist")
        .annotate(n=Count("pk"))
        .values("n")
    )


def checklist_overview(*, organisations: Sequence[Organisation]) -> list[OrganisationStatus]:
    """For each organisation: its open assessment (how far it got) and its results."""
    statuses = {o.pk: OrganisationStatus(organisation=o) for o in organisations}
    if not statuses:
        return []
    for assessment in Assessment.objects.filter(
        organisation_id__in=statuses, completed_at__isnull=True
    ).annotate(answered=Count("answers"), total=_question_total()):
        statuses[assessment.organisation_id].open = assessment
    for assessment in (
        Assessment.objects.completed()
        .filter(organisation_id__in=statuses)
        .select_related("checklist")
        .order_by("-completed_at", "-pk")
    ):
        statuses[assessment.organisation_id].completed.append(assessment)
    return list(statuses.values())


# ---------------------------------------------------------------------------
# Taking the checklist
# ---------------------------------------------------------------------------


def open_assessment(*, organisation: Organisation) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation=organisation, completed_at__isnull=True)
        .select_related("checklist")
        .first()
    )


def checklist_outline(*, checklist_id: int) -> list[Section]:
    """The sections in order, each with ``question_count``."""
    return list(
        Section.objects.filter(checklist_id=checklist_id)
        .annotate(question_count=Count("questions"))
        .order_by("order", "pk")
    )


def checklist_sections(*, checklist_id: int) -> list[Section]:
    """The sections in order, each with its questions and their published guides."""
    return list(
        Section.objects.filter(checklist_id=checklist_id)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("guides", queryset=Guide.objects.published())
                ),
            )
        )
    )


def assessment_choices(*, assessment: Assessment) -> dict[int, str]:
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_id", "choice"))


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


def completed_assessment(*, pk: int) -> Assessment:
    """A completed assessment with its organisation and version; DoesNotExist otherwise."""
    return Assessment.objects.completed().select_related("organisation", "checklist").get(pk=pk)


@dataclass(frozen=True)
class SectionResult:
    key: str
    title: str
    score: int | None


@dataclass(frozen=True)
class PlanEntry:
    question: Question
    section_title: str
    choice_label: str
    points: Fraction

    @property
    def points_rounded(self) -> int:
        return scoring.round_half_up(self.points)


@dataclass
class Results:
    sections: list[SectionResult]
    plan: list[PlanEntry]


def assessment_results(*, assessment: Assessment) -> Results:
    """Each section's stored score, and the improvement plan from the answers."""
    sections = checklist_sections(checklist_id=assessment.checklist_id)
    stored = dict(
        SectionScore.objects.filter(assessment=assessment).values_list("section_key", "score")
    )
    choices = assessment_choices(assessment=assessment)
    titles = {s.key: s.title for s in sections}
    items = [
        scoring.Item(question=q, section_key=s.key, weight=q.weight, choice=choices[q.pk])
        for s in sections
        for q in s.questions.all()
        if q.pk in choices
    ]
    labels = dict(AnswerChoice.choices)
    return Results(
        sections=[SectionResult(s.key, s.title, stored.get(s.key)) for s in sections],
        plan=[
            PlanEntry(
                question=step.question,
                section_title=titles[step.section_key],
                choice_label=str(labels[step.choice]),
                points=step.points,
            )
            for step in scoring.improvement_plan(items)
        ],
    )


# --- Comparison with the organisation's earlier assessments ---------------------


@dataclass(frozen=True)
class Cell:
    """One score in the history table. ``asked`` is False when that assessment's version
    had no section with this key; ``change`` is against the column before, when both
    have a score."""

    score: int | None
    asked: bool = True
    change: int | None = None

    @property
    def change_display(self) -> str:
        if self.change is None:
            return ""
        if self.change > 0:
            return f"+{self.change}"
        if self.change < 0:
            return f"\u2212{-self.change}"
        return "\u00b10"


@dataclass(frozen=True)
class HistoryRow:
    title: str
    cells: list[Cell]


@dataclass
class History:
    columns: list[Assessment]  # oldest first; the assessment being viewed is last
    overall: HistoryRow
    rows: list[HistoryRow]
    versions_differ: bool
    not_compared: list[str]  # titles of earlier sections this version does not have

    @property
    def has_earlier(self) -> bool:
        return len(self.columns) > 1

    @property
    def versions(self) -> list[int]:
        return sorted({a.checklist.version for a in self.columns})


def _cells(scores: list[tuple[bool, int | None]]) -> list[Cell]:
    cells: list[Cell] = []
    for i, (asked, score) in enumerate(scores):
        change = None
        if i and asked and score is not None:
            before_asked, before = scores[i - 1]
            if before_asked and before is not None:
                change = score - before
        cells.append(Cell(score=score, asked=asked, change=change))
    return cells


def assessment_history(*, assessment: Assessment, sections: list[SectionResult]) -> History:
    """Every completed assessment of the organisation up to this one, compared section by
    section. Sections compare by key, so across versions only shared sections compare."""
    earlier = list(
        Assessment.objects.completed()
        .filter(organisation_id=assessment.organisation_id)
        .filter(
            Q(completed_at__lt=assessment.completed_at)
            | Q(completed_at=assessment.completed_at, pk__lt=assessment.pk)
        )
        .select_related("checklist")
        .prefetch_related(
            Prefetch("section_scores", queryset=SectionScore.objects.select_related("section"))
        )
        .order_by("completed_at", "pk")
    )
    by_column = [{s.section_key: s for s in a.section_scores.all()} for a in earlier]
    current = {s.key: s.score for s in sections}
    rows = [
        HistoryRow(
            title=section.title,
            cells=_cells(
                [
                    (section.key in scores, scores[section.key].score)
                    if section.key in scores
                    else (False, None)
                    for scores in by_column
                ]
                + [(True, current[section.key])]
            ),
        )
        for section in sections
    ]
    overall = HistoryRow(
        title=_("Overall"),
        cells=_cells([(True, a.overall_score) for a in [*earlier, assessment]]),
    )
    not_compared: dict[str, str] = {}
    for scores in by_column:
        for key, score in scores.items():
            if key not in current:
                not_compared.setdefault(key, score.section.title)
    return History(
        columns=[*earlier, assessment],
        overall=overall,
        rows=rows,
        versions_differ=any(a.checklist_id != assessment.checklist_id for a in earlier),
        not_compared=list(not_compared.values()),
    )


# --- Peers: organisations of the same sector, or of the same size -------------


@dataclass(frozen=True)
class PeerGroup:
    """The median scores of other organisations like this one on the same version, or
    nothing (``enough`` False) when fewer than MIN_PEERS have finished it."""

    label: str
    count: int
    overall: float | None = None
    sections: dict[str, float | None] = field(default_factory=dict)

    @property
    def enough(self) -> bool:
        return self.count >= MIN_PEERS


def median_or_none(values: list[int]) -> float | None:
    """The median (mean of the middle two for an even count), or None below MIN_PEERS."""
    if len(values) < MIN_PEERS:
        return None
    return statistics.median(values)


def _peer_assessments(assessment: Assessment) -> QuerySet[Assessment]:
    """Each other organisation's latest completed assessment on this version, for those
    sharing the sector or the size band."""
    organisation = assessment.organisation
    latest = (
        Assessment.objects.completed()
        .filter(organisation=OuterRef("organisation"), checklist_id=assessment.checklist_id)
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )
    return (
        Assessment.objects.completed()
        .filter(checklist_id=assessment.checklist_id, organisation__suspended_at__isnull=True)
        .filter(
            Q(organisation__sector=organisation.sector)
            | Q(organisation__size_band=organisation.size_band)
        )
        .exclude(organisation_id=organisation.pk)
        .annotate(latest=Subquery(latest))
        .filter(pk=F("latest"))
    )


def peer_groups(*, assessment: Assessment) -> list[PeerGroup]:
    """Two groups: the same sector, and the same size band."""
    organisation = assessment.organisation
    peers = list(
        _peer_assessments(assessment).values(
            "pk", "overall_score", "organisation__sector", "organisation__size_band"
        )
    )
    section_scores: dict[int, dict[str, int | None]] = {}
    if peers:
        for pk, key, score in SectionScore.objects.filter(
            assessment_id__in=[p["pk"] for p in peers]
        ).values_list("assessment_id", "section_key", "score"):
            section_scores.setdefault(pk, {})[key] = score
    keys = {key for scores in section_scores.values() for key in scores}

    def group(label: str, members: list[dict]) -> PeerGroup:
        if len(members) < MIN_PEERS:
            return PeerGroup(label=label, count=len(members))
        overall = [m["overall_score"] for m in members if m["overall_score"] is not None]
        by_key = {
            key: median_or_none(
                [
                    score
                    for m in members
                    if (score := section_scores.get(m["pk"], {}).get(key)) is not None
                ]
            )
            for key in keys
        }
        return PeerGroup(
            label=label, count=len(members), overall=median_or_none(overall), sections=by_key
        )

    sector = Sector(organisation.sector).label
    size = SizeBand(organisation.size_band).label
    return [
        group(
            _("Same sector: %(sector)s") % {"sector": sector},
            [p for p in peers if p["organisation__sector"] == organisation.sector],
        ),
        group(
            _("Same size: %(size)s") % {"size": size},
            [p for p in peers if p["organisation__size_band"] == organisation.size_band],
        ),
    ]
