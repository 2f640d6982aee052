"""Security review, finding 7, on the checklist: a field named with a huge number gave
a 500; a GET of the take page created an assessment; a suspended organisation's take
page answered 403 where an unknown one answers 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from toolkit import services
from toolkit.models import Answer, Assessment, Checklist

from .checklist_factories import questions_of

pytestmark = pytest.mark.django_db

TAKE = "/toolkit/checklist/{}/take/"


@pytest.fixture
def assessment(users, org_a):
    return services.assessment_start(organisation=org_a, user=users["member_a"])


@pytest.mark.parametrize(
    "name",
    [
        "q-99999999999999999999999",
        "q-9223372036854775808",  # one past the largest bigint
        "q-0",
        "q--1",
        "q-\uff11\uff12",  # full-width digits: int() reads them as 12
    ],
)
def test_an_answer_field_naming_no_possible_question_is_refused_politely(
    name, client_for, org_a, assessment
):
    question = questions_of(Checklist.objects.current())[0]
    response = client_for("member_a").post(
        TAKE.format(org_a.slug),
        {"assessment": assessment.pk, "action": "save", f"q-{question.pk}": "fully", name: "fully"},
    )
    assert response.status_code == 200
    assert "not in this checklist" in response.content.decode()
    assert not Answer.objects.exists()
    assert 'value="fully" checked' in response.content.decode()  # the choice is kept


def test_a_get_of_the_take_page_writes_nothing(client_for, org_a):
    client = client_for("member_a")
    for method in (client.get, client.head):
        response = method(TAKE.format(org_a.slug))
        assert response.status_code == 200
    assert not Assessment.objects.exists()
    page = client.get(TAKE.format(org_a.slug)).content.decode()
    assert 'name="action" value="start"' in page and 'method="post"' in page


def test_starting_takes_a_post_and_lands_on_the_questions(client_for, org_a):
    client = client_for("member_a")
    response = client.post(TAKE.format(org_a.slug), {"action": "start"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(organisation=org_a)
    page = client.get(TAKE.format(org_a.slug)).content.decode()
    assert f'name="assessment" value="{assessment.pk}"' in page
    # Starting twice (a double click) keeps the one open assessment.
    client.post(TAKE.format(org_a.slug), {"action": "start"})
    assert Assessment.objects.filter(organisation=org_a).count() == 1


@pytest.mark.parametrize("role", ["member_b", "resident", "commissioner"])
def test_a_suspended_organisations_take_page_is_not_found(role, client_for, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save()
    unknown = client_for(role).get(TAKE.format("no-such-organisation"))
    suspended = client_for(role).get(TAKE.format(org_a.slug))
    assert unknown.status_code == suspended.status_code == 404
