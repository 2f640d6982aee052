"""``manage.py seed_demo`` also fills the toolkit: case studies and checklist results."""

from __future__ import annotations

from io import StringIO
from itertools import pairwise

import pytest
from django.core import mail
from django.core.management import call_command

from core.models import OutboxEmail
from toolkit import scoring
from toolkit.models import Answer, Assessment, CaseStudy, CaseStudyEvent, SectionScore
from toolkit.selectors import assessment_history, assessment_results

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--organisations", "12", *args, stdout=out)
    return out.getvalue()


def case_study_titles() -> list[str]:
    return sorted(CaseStudy.objects.values_list("title", flat=True))


@pytest.fixture
def seeded() -> str:
    return seed("--seed", "1")


def test_case_studies_in_every_state_of_moderation(seeded):
    statuses = set(CaseStudy.objects.values_list("status", flat=True))

    assert {"approved", "submitted", "rejected"} <= statuses
    for case_study in CaseStudy.objects.prefetch_related("outcomes"):
        case_study.full_clean()
        assert case_study.qualities, case_study
        assert case_study.outcomes.all(), case_study
        assert 2 <= case_study.story.count("\n\n") + 1 <= 4
        assert case_study.story_html.startswith("<p>")
        assert not case_study.image
    for case_study in CaseStudy.objects.published():
        assert case_study.published_at > case_study.submitted_at > case_study.created_at
        assert case_study.events.filter(action=CaseStudyEvent.Action.APPROVED).exists()
    for case_study in CaseStudy.objects.filter(status="rejected"):
        assert case_study.moderation_note
        assert case_study.events.filter(note=case_study.moderation_note).exists()


def test_completed_assessments_are_scored_by_the_scoring_rules(seeded):
    assessments = Assessment.objects.select_related("organisation")

    assert assessments.exists()
    for assessment in assessments:
        assert assessment.started_at < assessment.completed_at
        assert assessment.started_at > assessment.organisation.created_at
        items = [
            scoring.Item(a.question_id, a.question.section.key, a.question.weight, a.choice)
            for a in Answer.objects.filter(assessment=assessment).select_related(
                "question__section"
            )
        ]
        assert assessment.overall_score == scoring.overall_score(items)
        stored = dict(assessment.section_scores.values_list("section_key", "score"))
        assert stored == scoring.section_scores(items)
    assert not Assessment.objects.filter(overall_score__isnull=True).exists()
    assert SectionScore.objects.filter(score__isnull=False).exists()


def test_an_organisation_has_a_history_of_results(seeded):
    counts = {}
    for organisation_id in Assessment.objects.values_list("organisation_id", flat=True):
        counts[organisation_id] = counts.get(organisation_id, 0) + 1
    organisation_id = max(counts, key=counts.get)
    latest = Assessment.objects.filter(organisation_id=organisation_id).first()

    results = assessment_results(assessment=latest)
    history = assessment_history(assessment=latest, sections=results.sections)

    assert counts[organisation_id] >= 2
    assert history.has_earlier
    gaps = [b.completed_at - a.completed_at for a, b in pairwise(history.columns)]
    assert all(60 <= gap.days <= 120 for gap in gaps)  # about a quarter apart


def test_it_prints_toolkit_counts_and_sends_no_mail(seeded):
    assert f"toolkit: case studies {CaseStudy.objects.count()}," in seeded
    assert f"checklist results {Assessment.objects.count()}" in seeded
    assert mail.outbox == []
    assert not OutboxEmail.objects.exists()


def test_the_same_seed_makes_the_same_case_studies(seeded):
    titles = case_study_titles()
    scores = sorted(Assessment.objects.values_list("overall_score", flat=True))

    seed("--seed", "1", "--reset")

    assert case_study_titles() == titles
    assert sorted(Assessment.objects.values_list("overall_score", flat=True)) == scores


def test_reset_removes_what_the_toolkit_made(seeded):
    case_studies = set(CaseStudy.objects.values_list("pk", flat=True))
    assessments = set(Assessment.objects.values_list("pk", flat=True))

    seed("--seed", "2", "--reset")

    assert not CaseStudy.objects.filter(pk__in=case_studies).exists()
    assert not CaseStudyEvent.objects.filter(case_study_id__in=case_studies).exists()
    assert not Assessment.objects.filter(pk__in=assessments).exists()
    assert not Answer.objects.filter(assessment_id__in=assessments).exists()
    assert not SectionScore.objects.filter(assessment_id__in=assessments).exists()
    assert CaseStudy.objects.exists() and Assessment.objects.exists()  # the new run's
