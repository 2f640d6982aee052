"""The checklist pages through HTTP: who may use them, taking it (save, resume, finish),
bad input, and what the results page shows."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from toolkit import services
from toolkit.models import Answer, Assessment, Checklist

from .checklist_factories import (
    answers_by_key,
    complete,
    make_checklist,
    make_completed,
    peer_organisations,
    questions_of,
)

pytestmark = pytest.mark.django_db

TAKE = "/toolkit/checklist/{}/take/"
RESULTS = "/toolkit/checklist/assessments/{}/"


@pytest.fixture
def checklist() -> Checklist:
    return Checklist.objects.current()


def form(assessment: Assessment, answers: dict[int, str], action: str = "save") -> dict:
    return {
        "assessment": str(assessment.pk),
        "action": action,
        **{f"q-{pk}": choice for pk, choice in answers.items()},
    }


def open_for(organisation) -> Assessment:
    return Assessment.objects.get(organisation=organisation, completed_at__isnull=True)


def checked(html: str, question_id: int) -> str | None:
    """The value of the checked radio for a question, read from the page."""
    found = re.search(rf'name="q-{question_id}" id="[^"]+" value="(\w+)" checked', html)
    return found.group(1) if found else None


def chart_data(html: str) -> dict:
    found = re.search(
        r'<script id="checklist-chart-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "the chart's data is missing"
    return json.loads(found.group(1))


# ---------------------------------------------------------------------------
# The start page
# ---------------------------------------------------------------------------


def test_start_page_explains_the_checklist_to_everyone(client):
    page = client.get("/toolkit/checklist/").content.decode()
    assert "Starting Off in Social Value in Salford" in page
    assert "It has 7 sections" in page
    assert "about ten minutes" in page
    assert "Log in to take the checklist" in page
    assert "A Caring City" in page


def test_start_page_tells_someone_in_no_organisation_how_to_join(client_for):
    page = client_for("resident").get("/toolkit/checklist/").content.decode()
    assert "list of" in page and "/organisations/" in page
    assert TAKE.format("") not in page


def test_start_page_shows_start_continue_and_take_it_again(client_for, users, org_a, checklist):
    client = client_for("member_a")
    page = client.get("/toolkit/checklist/").content.decode()
    assert ">Start<" in page and TAKE.format(org_a.slug) in page

    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    first = questions_of(checklist)[:3]
    services.assessment_save_answers(assessment=assessment, answers={q.pk: "partly" for q in first})
    page = client.get("/toolkit/checklist/").content.decode()
    total = len(questions_of(checklist))
    assert ">Continue<" in page
    assert f"3 of {total} questions answered" in page

    services.assessment_save_answers(assessment=assessment, answers=answers_by_key(checklist))
    done = services.assessment_complete(assessment=assessment, user=users["member_a"])
    page = client.get("/toolkit/checklist/").content.decode()
    assert ">Take it again<" in page
    assert RESULTS.format(done.pk) in page
    assert "100 out of 100" in page


# ---------------------------------------------------------------------------
# Who may take it
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("member_b", 403),
        ("staff", 403),
        ("commissioner", 403),
        ("member_a", 200),
        ("admin_a", 200),
    ],
)
def test_take_page_by_role(role, status, client_for, org_a):
    response = client_for(role).get(TAKE.format(org_a.slug))
    assert response.status_code == status
    assert not Assessment.objects.exists()  # a GET never writes (security review, 7)


@pytest.mark.parametrize("role, status", [("member_a", 302), ("member_b", 403), ("staff", 403)])
def test_starting_an_assessment_takes_a_post(role, status, client_for, org_a):
    response = client_for(role).post(TAKE.format(org_a.slug), {"action": "start"})
    assert response.status_code == status
    assert Assessment.objects.filter(organisation=org_a).exists() == (status == 302)


def test_take_page_for_an_unknown_organisation_is_not_found(client_for):
    assert client_for("member_a").get(TAKE.format("no-such-organisation")).status_code == 404


def test_take_page_refuses_a_suspended_organisation(client_for, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save()
    # Its members know it exists; to everyone else it is not found, as an unknown slug.
    assert client_for("member_a").get(TAKE.format(org_a.slug)).status_code == 403
    for role in ("member_b", "resident"):
        assert client_for(role).get(TAKE.format(org_a.slug)).status_code == 404


def test_posting_answers_needs_membership(client_for, users, org_a, checklist):
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    question = questions_of(checklist)[0]
    response = client_for("member_b").post(
        TAKE.format(org_a.slug), form(assessment, {question.pk: "fully"})
    )
    assert response.status_code == 403
    assert not Answer.objects.exists()


# ---------------------------------------------------------------------------
# Taking it: save, come back, finish
# ---------------------------------------------------------------------------


def test_the_take_page_lists_every_question_as_a_radio_group(client_for, org_a, checklist):
    client = client_for("member_a")
    page = client.post(TAKE.format(org_a.slug), {"action": "start"}, follow=True)
    page = page.content.decode()
    questions = questions_of(checklist)
    assert page.count('<fieldset class="checklist-section"') == 7
    assert page.count('data-testid="question"') == len(questions)
    assert page.count('type="radio"') == 5 * len(questions)
    assert "<legend><h2" in page and "A Growing City</h2></legend>" in page
    assert f"0 of {len(questions)} answered" in page
    assert f'<progress id="checklist-progress" max="{len(questions)}" value="0">' in page
    assert "Learn more" in page and "<details" in page
    assert "/toolkit/guides/putting-salford-first/" in page
    assert "Save and come back later" in page and "Finish and see results" in page
    assert "charts.js" not in page


def test_save_and_come_back(client_for, org_a, checklist):
    client = client_for("member_a")
    client.post(TAKE.format(org_a.slug), {"action": "start"})
    assessment = open_for(org_a)
    first, second = questions_of(checklist)[:2]
    response = client.post(
        TAKE.format(org_a.slug), form(assessment, {first.pk: "partly", second.pk: "not_yet"})
    )
    assert response.status_code == 302 and response["Location"] == TAKE.format(org_a.slug)

    # Later, another visit: the same assessment, the answers chosen.
    page = client.get(TAKE.format(org_a.slug), follow=True).content.decode()
    assert open_for(org_a) == assessment
    assert checked(page, first.pk) == "partly"
    assert checked(page, second.pk) == "not_yet"
    assert f"2 of {len(questions_of(checklist))} answered" in page


def test_finish_with_questions_unanswered_lists_them_and_keeps_every_answer(
    client_for, org_a, checklist
):
    client = client_for("admin_a")
    client.post(TAKE.format(org_a.slug), {"action": "start"})
    assessment = open_for(org_a)
    questions = questions_of(checklist)
    answers = answers_by_key(checklist, "planning")
    skipped = [questions[2], questions[-1]]
    for question in skipped:
        del answers[question.pk]
    response = client.post(TAKE.format(org_a.slug), form(assessment, answers, "finish"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    for question in skipped:
        assert f'<a href="#question-{question.pk}">{question.text}</a>' in page
        assert f'id="question-{question.pk}-error"' in page
    assert checked(page, questions[0].pk) == "planning"
    assert checked(page, questions[2].pk) is None
    open_for(org_a)  # still open
    assert Answer.objects.filter(assessment=assessment).count() == len(questions) - 2


def test_finish_completes_and_shows_results(client_for, org_a, checklist):
    client = client_for("member_a")
    client.post(TAKE.format(org_a.slug), {"action": "start"})
    assessment = open_for(org_a)
    response = client.post(
        TAKE.format(org_a.slug), form(assessment, answers_by_key(checklist, "partly"), "finish")
    )
    assessment.refresh_from_db()
    assert assessment.completed_at is not None
    assert response["Location"] == RESULTS.format(assessment.pk)
    page = client.get(response["Location"]).content.decode()
    assert "your checklist is complete" in page
    assert assessment.overall_score == 67


@pytest.mark.parametrize("bad", ["unknown_choice", "other_checklist", "malformed"])
def test_bad_input_is_refused_without_error_and_answers_are_kept(bad, client_for, org_a, checklist):
    client = client_for("member_a")
    client.post(TAKE.format(org_a.slug), {"action": "start"})
    assessment = open_for(org_a)
    first, second = questions_of(checklist)[:2]
    services.assessment_save_answers(assessment=assessment, answers={second.pk: "not_yet"})
    data = form(assessment, {first.pk: "fully", second.pk: "partly"})
    if bad == "unknown_choice":
        data[f"q-{questions_of(checklist)[2].pk}"] = "<script>always</script>"
    elif bad == "other_checklist":
        other = make_checklist(sections=1, questions=1, published=False)
        data[f"q-{questions_of(other)[0].pk}"] = "fully"
    else:
        data["q-abc"] = "fully"
    response = client.post(TAKE.format(org_a.slug), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    assert "<script>always" not in page
    # What was posted is still chosen on the page; nothing of it was saved.
    assert checked(page, first.pk) == "fully"
    assert checked(page, second.pk) == "partly"
    assert dict(Answer.objects.filter(assessment=assessment).values_list("question", "choice")) == {
        second.pk: "not_yet"
    }


def test_answers_for_an_assessment_finished_elsewhere_are_not_applied(
    client_for, users, org_a, checklist
):
    client = client_for("member_a")
    client.post(TAKE.format(org_a.slug), {"action": "start"})
    stale = open_for(org_a)
    complete(org_a, users["admin_a"], "fully")
    response = client.post(
        TAKE.format(org_a.slug), form(stale, {questions_of(checklist)[0].pk: "not_yet"})
    )
    assert response.status_code == 302 and response["Location"] == TAKE.format(org_a.slug)
    assert not Answer.objects.filter(choice="not_yet").exists()


def test_taking_it_again_starts_from_the_previous_answers(client_for, users, org_a, checklist):
    complete(org_a, users["member_a"], "partly", living_wage="not_yet")
    client = client_for("admin_a")
    page = client.post(TAKE.format(org_a.slug), {"action": "start"}, follow=True)
    page = page.content.decode()
    questions = questions_of(checklist)
    living_wage = next(q for q in questions if q.key == "living-wage")
    assert checked(page, living_wage.pk) == "not_yet"
    assert checked(page, questions[0].pk) == "partly"
    assert f"{len(questions)} of {len(questions)} answered" in page


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("resident", 404),
        ("member_b", 404),
        ("commissioner", 404),
        ("member_a", 200),
        ("admin_a", 200),
        ("staff", 200),
    ],
)
def test_results_by_role(role, status, client_for, users, org_a):
    done = complete(org_a, users["member_a"])
    assert client_for(role).get(RESULTS.format(done.pk)).status_code == status


def test_an_open_assessment_has_no_results_page(client_for, users, org_a):
    assessment = services.assessment_start(organisation=org_a, user=users["member_a"])
    assert client_for("member_a").get(RESULTS.format(assessment.pk)).status_code == 404
    assert client_for("staff").get(RESULTS.format(assessment.pk)).status_code == 404
    assert client_for("member_a").get(RESULTS.format(10**8)).status_code == 404


def test_results_show_scores_chart_data_table_and_plan(client_for, users, org_a, checklist):
    done = complete(
        org_a,
        users["member_a"],
        "fully",
        living_wage="not_yet",  # weight 3: the biggest gain
        buy_local_first="planning",  # weight 3
        volunteering="partly",  # weight 2
    )
    response = client_for("member_a").get(RESULTS.format(done.pk))
    page = response.content.decode()
    assert f'data-testid="overall-score">{done.overall_score}<' in page

    data = chart_data(page)
    assert data["sections"]["labels"][0] == "A Growing City"
    assert len(data["sections"]["values"]) == 7
    assert data["sections"]["values"][0] == 100
    assert "overall" not in data  # no earlier assessment: no line chart
    assert 'data-testid="section-table"' in page
    assert '<canvas data-chart="sections"' in page
    assert "vendor/chartjs/chart.umd.js" in page and "js/charts.js" in page

    plan = response.context["results"].plan
    assert [entry.question.key for entry in plan] == [
        "living-wage",
        "buy-local-first",
        "volunteering",
    ]
    assert "Could add" in page
    assert "/toolkit/guides/setting-the-standard/" in page
    assert "first completed assessment" in page
    assert "data-print" in page


def test_results_compare_with_every_earlier_assessment(client_for, users, org_a, checklist):
    first = complete(org_a, users["member_a"], "not_yet")
    second = complete(org_a, users["member_a"], "partly")
    third = complete(org_a, users["member_a"], "fully")
    page = client_for("admin_a").get(RESULTS.format(third.pk)).content.decode()
    assert 'data-testid="history-table"' in page
    assert "(+33" in page  # 67 -> 100
    assert "(+67" in page  # 0 -> 67
    data = chart_data(page)
    assert data["overall"]["values"] == [
        first.overall_score,
        second.overall_score,
        third.overall_score,
    ]
    assert '<canvas data-chart="overall"' in page
    assert "versions-note" not in page


def test_results_across_versions_say_so(client_for, users, org_a, checklist):
    complete(org_a, users["member_a"], "partly")
    draft = services.checklist_copy_as_draft(checklist=checklist)
    draft.sections.filter(key="innovative-city").delete()
    services.checklist_publish(checklist=draft)
    latest = complete(org_a, users["member_a"], "fully")
    page = client_for("member_a").get(RESULTS.format(latest.pk)).content.decode()
    assert 'data-testid="versions-note"' in page
    assert "Only the sections both versions share are compared" in page
    assert "no longer has them: An Innovative City" in page


def _peers(n: int, checklist):
    for organisation, score in zip(peer_organisations(n), range(10, 10 + 10 * n, 10), strict=True):
        make_completed(
            organisation,
            overall=score,
            sections={s.key: score for s in checklist.sections.all()},
        )


def test_results_show_the_peer_median_with_five_peers(client_for, users, org_a, checklist):
    _peers(5, checklist)  # 10 20 [30] 40 50
    done = complete(org_a, users["member_a"], "fully")
    page = client_for("member_a").get(RESULTS.format(done.pk)).content.decode()
    assert 'data-testid="peer-table"' in page
    assert "Median: Same sector: Community group (5 organisations)" in page
    assert page.count('<td class="text-end">30</td>') == 8  # overall and 7 sections
    # The size group (org A is small, the peers large) has nobody yet.
    assert "Not enough organisations like yours yet" in page


def test_results_show_no_peer_median_with_four_peers(client_for, users, org_a, checklist):
    _peers(4, checklist)
    done = complete(org_a, users["member_a"], "fully")
    page = client_for("member_a").get(RESULTS.format(done.pk)).content.decode()
    assert 'data-testid="peer-table"' not in page
    assert "Median:" not in page
    assert page.count("Not enough organisations like yours yet") == 2


def test_results_of_an_assessment_with_no_stored_scores_still_render(client_for, users, org_a):
    # As the permission matrix makes it: completed, no answers, no section scores.
    done = make_completed(org_a, overall=40)
    page = client_for("staff").get(RESULTS.format(done.pk)).content.decode()
    assert 'data-testid="overall-score">40<' in page
    assert "Not scored" in page
