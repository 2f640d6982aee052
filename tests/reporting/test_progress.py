"""/measures/progress/: the eleven outcomes under their themes, with pledges toward each."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from measures.models import Outcome
from pledges.models import Pledge
from tests.pledges.factories import make_pledge

pytestmark = pytest.mark.django_db

APPROVED = Pledge.Status.APPROVED


def volunteering() -> list[Outcome]:
    return [Outcome.objects.get(slug="more-volunteering")]


@pytest.mark.parametrize("role", ["anonymous", "resident", "staff"])
def test_everyone_sees_three_themes_and_eleven_outcomes(client_for, role):
    response = client_for(role).get("/measures/progress/")
    assert response.status_code == 200
    themes = response.context["themes"]
    assert [group["theme"].name for group in themes] == ["People", "Planet", "Prosperity"]
    assert [len(group["outcomes"]) for group in themes] == [3, 3, 5]
    html = response.content.decode()
    assert html.count('data-testid="outcome"') == 11
    assert html.index("More people volunteering") < html.index("Less waste")


def test_each_outcome_shows_its_measure_baseline_and_target(client):
    html = client.get("/measures/progress/").content.decode()
    # Outcome 1: up from 46,900 by 4,690.
    assert "People volunteering in Salford" in html
    assert "46,900" in html and "51,590 (+4,690)" in html
    # Outcome 3: inactive people, down from 63,000 by 6,300.
    assert "63,000" in html and "56,700 (-6,300)" in html
    assert "Down is better" in html and "Up is better" in html
    assert "10% target by 2021" in html
    assert "kg" in html and "households" in html


def test_pledges_toward_an_outcome_are_counted_linked_and_listed(client, org_a):
    for i in range(2):
        make_pledge(
            status=APPROVED,
            organisation=org_a,
            outcomes=volunteering(),
            title=f"Volunteer pledge {i}",
            approved_at=timezone.now() - datetime.timedelta(days=i),
        )
    make_pledge(organisation=org_a, outcomes=volunteering(), title="Draft volunteering")
    make_pledge(
        status=Pledge.Status.WITHDRAWN, outcomes=volunteering(), title="Withdrawn volunteering"
    )
    response = client.get("/measures/progress/")
    html = response.content.decode()
    assert "2 pledges toward this outcome" in html
    assert 'href="/pledges/?outcome=more-volunteering"' in html
    assert "Volunteer pledge 0" in html and "Volunteer pledge 1" in html
    assert html.index("Volunteer pledge 0") < html.index("Volunteer pledge 1")
    assert "Draft volunteering" not in html and "Withdrawn volunteering" not in html
    assert "0 pledges toward this outcome" in html  # the others
    people = response.context["themes"][0]["outcomes"]
    assert people[0]["outcome"].pledge_count == 2


def test_only_the_latest_few_are_listed(client, org_a):
    for i in range(5):
        make_pledge(
            status=APPROVED,
            organisation=org_a,
            outcomes=volunteering(),
            title=f"Volunteer pledge {i}",
            approved_at=timezone.now() - datetime.timedelta(days=i),
        )
    html = client.get("/measures/progress/").content.decode()
    assert "5 pledges toward this outcome" in html
    assert "Volunteer pledge 2" in html
    assert "Volunteer pledge 3" not in html
