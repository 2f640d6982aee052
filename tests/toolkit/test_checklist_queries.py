"""Query counts for the checklist's pages: they must not grow with the data.

Each test builds the same page at two data sizes and holds both to one maximum, so an
N+1 (a query per section, question, guide, earlier assessment or peer organisation)
fails the larger size. Signed in, every page starts with the session and the user; the
permission checks add the user's memberships, and the navigation the user's groups.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from toolkit import services
from toolkit.models import Assessment, Checklist

from ..accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from .checklist_factories import (
    answers_by_key,
    complete,
    make_checklist,
    make_completed,
    peer_organisations,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("questions", [2, 8])
def test_take_page(questions, django_assert_max_num_queries, users, org_a, client_for):
    """The page shows every section, each question with its radio buttons, its saved
    answer and the guides in its "learn more" panel: sections, questions and guides come
    from three queries (prefetch_related), not one per section or per question, and the
    answers from one. Queries: session, user, the organisation, memberships, the
    organisation's row lock and the open assessment (assessment_start, in a savepoint
    here), sections, questions, guides, answers, groups, the version's title."""
    checklist = make_checklist(sections=7, questions=questions, guides=3)
    assert Checklist.objects.current() == checklist
    client = client_for("member_a")
    client.get(f"/toolkit/checklist/{org_a.slug}/take/")  # starts the assessment
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    services.assessment_save_answers(
        assessment=assessment, answers=answers_by_key(checklist, "partly")
    )
    with django_assert_max_num_queries(14):
        response = client.get(f"/toolkit/checklist/{org_a.slug}/take/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="question"') == 7 * questions


@pytest.mark.parametrize("questions", [2, 8])
def test_take_page_posted_back_with_unanswered_questions(
    questions, django_assert_max_num_queries, users, org_a, client_for
):
    """Finishing with questions unanswered saves what was given, then redraws the page
    with each unanswered question marked: the refusal lists the questions it already
    loaded, and the page reads sections, questions and guides once."""
    checklist = make_checklist(sections=7, questions=questions, guides=3)
    client = client_for("member_a")
    client.get(f"/toolkit/checklist/{org_a.slug}/take/")
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    answers = answers_by_key(checklist, "fully")
    answers.pop(next(iter(answers)))
    data = {
        "assessment": assessment.pk,
        "action": "finish",
        **{f"q-{pk}": c for pk, c in answers.items()},
    }
    with django_assert_max_num_queries(23):
        response = client.post(f"/toolkit/checklist/{org_a.slug}/take/", data)
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in response.content.decode()


@pytest.mark.parametrize(("earlier", "peers"), [(1, 5), (8, 25)])
def test_results_page(earlier, peers, django_assert_max_num_queries, users, org_a, client_for):
    """The results page compares with every earlier assessment and with peers' medians:
    the earlier assessments come with their section scores (and sections, for the titles
    of sections no longer asked) in two queries, not one per assessment; the peers'
    latest assessments in one query (a subquery picks each one's latest) and their
    section scores in one more, not one per organisation. Queries: session, user, the
    assessment with its organisation and version, memberships, sections, questions,
    guides, section scores, answers, earlier assessments, their section scores, peers,
    their section scores, the open assessment, groups."""
    checklist = Checklist.objects.current()
    keys = [s.key for s in checklist.sections.all()]
    now = timezone.now()
    for i in range(earlier):
        make_completed(
            org_a,
            overall=10 + i,
            sections=dict.fromkeys(keys, 10 + i),
            completed_at=now - datetime.timedelta(days=90 * (earlier - i)),
        )
    for i, organisation in enumerate(peer_organisations(peers, size_band=org_a.size_band)):
        make_completed(organisation, overall=i, sections=dict.fromkeys(keys, i))
    done = complete(org_a, users["member_a"], "partly")
    client = client_for("member_a")
    with django_assert_max_num_queries(15):
        response = client.get(f"/toolkit/checklist/assessments/{done.pk}/")
    assert response.status_code == 200
    assert len(response.context["history"].columns) == earlier + 1
    assert all(group.count == peers for group in response.context["peers"])


@pytest.mark.parametrize("organisations", [1, 8])
def test_start_page(organisations, django_assert_max_num_queries):
    """The start page shows, for each of the person's organisations, its open assessment
    (with how many questions are answered) and its past results: one query for the open
    ones with both counts annotated, one for every result, not a query per organisation
    or per assessment. Queries: session, user, memberships, the current version, its
    sections with their question counts, open assessments, results, groups."""
    user = UserFactory(display_name="Pat")
    now = timezone.now()
    for i in range(organisations):
        organisation = OrganisationFactory(name=f"Organisation {i:02d}")
        MembershipFactory(user=user, organisation=organisation)
        for days in (300, 200, 100):
            make_completed(
                organisation, overall=days // 10, completed_at=now - datetime.timedelta(days=days)
            )
        Assessment.objects.create(organisation=organisation, checklist=Checklist.objects.current())
    client = Client()
    client.force_login(user)
    with django_assert_max_num_queries(8):
        response = client.get("/toolkit/checklist/")
    assert response.status_code == 200
    assert response.content.decode().count(">Continue<") == organisations
