"""Building checklists, assessments and peer organisations for the checklist tests."""

from __future__ import annotations

import datetime
from itertools import count

from django.utils import timezone

from accounts.models import Organisation, Sector, SizeBand
from toolkit import services
from toolkit.models import (
    Assessment,
    Checklist,
    Guide,
    Question,
    Section,
    SectionScore,
)

from ..accounts.factories import OrganisationFactory, admin_of

_numbers = count(1)


def questions_of(checklist: Checklist) -> list[Question]:
    return list(
        Question.objects.filter(section__checklist=checklist)
        .select_related("section")
        .order_by("section__order", "order", "pk")
    )


def answers_by_key(checklist: Checklist, choice: str = "fully", **by_key: str) -> dict[int, str]:
    """``{question id: choice}`` for every question: ``choice``, or ``by_key[key]``
    (question keys use hyphens; pass them with underscores)."""
    return {q.pk: by_key.get(q.key.replace("-", "_"), choice) for q in questions_of(checklist)}


def complete(organisation: Organisation, user, choice: str = "fully", **by_key: str):
    """Start (or continue), answer every question and finish, through the services."""
    assessment = services.assessment_start(organisation=organisation, user=user)
    services.assessment_save_answers(
        assessment=assessment, answers=answers_by_key(assessment.checklist, choice, **by_key)
    )
    return services.assessment_complete(assessment=assessment, user=user)


def make_checklist(
    *, sections: int = 7, questions: int = 2, guides: int = 0, published: bool = True
) -> Checklist:
    """A new version, after every existing one, with ``sections`` * ``questions``."""
    latest = Checklist.objects.order_by("-version").values_list("version", flat=True).first()
    checklist = Checklist.objects.create(
        version=(latest or 0) + 1, published_at=timezone.now() if published else None
    )
    guide_objects = [
        Guide.objects.create(
            slug=f"test-guide-{next(_numbers)}",
            title=f"Test guide {n}",
            summary="A guide for the tests.",
            body="Some **help**.",
            audience="both",
            stage="all",
            kind="guidance",
        )
        for n in range(guides)
    ]
    for s in range(sections):
        section = Section.objects.create(
            checklist=checklist,
            key=f"section-{s}",
            title=f"Section {s}",
            group="city_plan",
            order=s,
        )
        for q in range(questions):
            question = Question.objects.create(
                section=section,
                key=f"question-{s}-{q}",
                text=f"Question {s}.{q}?",
                guidance="Why it matters.",
                weight=1 + (q % 3),
                order=q,
            )
            question.guides.set(guide_objects)
    return checklist


def make_completed(
    organisation: Organisation,
    *,
    overall: int | None,
    sections: dict[str, int | None] | None = None,
    checklist: Checklist | None = None,
    completed_at: datetime.datetime | None = None,
) -> Assessment:
    """A completed assessment with the given stored scores (no answers): for history and
    peers, where only the stored scores are read."""
    checklist = checklist or Checklist.objects.current()
    assessment = Assessment.objects.create(
        organisation=organisation,
        checklist=checklist,
        completed_at=completed_at or timezone.now(),
        overall_score=overall,
    )
    by_key = {s.key: s for s in checklist.sections.all()}
    SectionScore.objects.bulk_create(
        SectionScore(assessment=assessment, section=by_key[key], section_key=key, score=score)
        for key, score in (sections or {}).items()
    )
    return assessment


def peer_organisations(
    n: int,
    *,
    sector: str = Sector.COMMUNITY_GROUP,
    size_band: str = SizeBand.LARGE,
    prefix: str = "Peer",
) -> list[Organisation]:
    number = next(_numbers)
    return [
        OrganisationFactory(
            name=f"{prefix} {number}-{i}",
            slug=f"{prefix.lower()}-{number}-{i}",
            sector=sector,
            size_band=size_band,
        )
        for i in range(n)
    ]


def organisation_with_admin(**kwargs):
    organisation = OrganisationFactory(**kwargs)
    return organisation, admin_of(organisation)
