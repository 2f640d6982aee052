"""The home page's live campaign totals and latest pledges, and their short-lived cache."""

from __future__ import annotations

import re

import pytest

from measures.models import Outcome
from pledges.models import Pledge
from pledges.services import pledge_approve, pledge_withdraw
from tests.accounts.factories import UserFactory
from tests.pledges.factories import make_pledge

pytestmark = pytest.mark.django_db

APPROVED = Pledge.Status.APPROVED


def figure(html: str, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}">\s*(\d+)', html)
    assert match, f"no {testid} on the page"
    return int(match.group(1))


def theme_count(html: str, slug: str) -> int:
    match = re.search(rf'data-testid="theme-{slug}">(\d+) pledge', html)
    assert match, f"no count for {slug}"
    return int(match.group(1))


def outcomes(*numbers: int) -> list[Outcome]:
    return list(Outcome.objects.filter(number__in=numbers))


@pytest.fixture
def campaign(org_a, org_b):
    """Six public pledges: three by two organisations, three by two residents; and
    pledges that must not count."""
    rosa, tom = UserFactory(display_name="Rosa"), UserFactory(display_name="Tom")
    make_pledge(status=APPROVED, organisation=org_a, outcomes=outcomes(1), title="Org A one")
    make_pledge(status=APPROVED, organisation=org_a, outcomes=outcomes(1, 4), title="Org A two")
    make_pledge(status=APPROVED, organisation=org_b, outcomes=outcomes(8), title="Org B one")
    make_pledge(status=APPROVED, pledger=rosa, outcomes=outcomes(6), title="Rosa cycles")
    make_pledge(status=APPROVED, pledger=rosa, outcomes=outcomes(2), title="Rosa volunteers")
    make_pledge(status=APPROVED, pledger=tom, outcomes=outcomes(11), title="Tom buys local")
    for status in (Pledge.Status.DRAFT, Pledge.Status.SUBMITTED, Pledge.Status.WITHDRAWN):
        make_pledge(status=status, outcomes=outcomes(3), title=f"Not counted {status}")


def test_home_shows_the_real_totals(client, campaign):
    html = client.get("/").content.decode()
    assert figure(html, "total-pledges") == 6
    assert figure(html, "total-organisations") == 2
    assert figure(html, "total-residents") == 2
    # Org A two serves People and Planet: it counts once in each.
    assert theme_count(html, "people") == 3
    assert theme_count(html, "planet") == 2
    assert theme_count(html, "prosperity") == 2
    assert 'href="/pledges/?theme=planet"' in html
    # Bars are a share of all pledges: 3 of 6 is 50%.
    assert "w-pct-50" in html


def test_home_lists_the_latest_public_pledges(client, campaign):
    html = client.get("/").content.decode()
    for title in ["Org A one", "Rosa cycles", "Tom buys local"]:
        assert title in html
    assert "Not counted" not in html


def test_home_keeps_its_ways_in(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/login/"' in html
    assert '<a class="btn btn-link btn-lg" href="/pledges/">Not now, browse first</a>' in html
    assert figure(html, "total-pledges") == 0
    assert "Yours could be the first." in html


def test_totals_are_cached_until_a_service_changes_what_is_public(
    client, org_a, users, django_capture_on_commit_callbacks
):
    staff = users["staff"]
    make_pledge(status=APPROVED, organisation=org_a)
    waiting = make_pledge(status=Pledge.Status.SUBMITTED, organisation=org_a, title="Waiting")
    assert figure(client.get("/").content.decode(), "total-pledges") == 1

    # Written behind the services' back: the cached figure stands (that is the cache).
    make_pledge(status=APPROVED, organisation=org_a)
    assert figure(client.get("/").content.decode(), "total-pledges") == 1

    with django_capture_on_commit_callbacks(execute=True):
        pledge_approve(pledge=waiting, actor=staff)
    html = client.get("/").content.decode()
    assert figure(html, "total-pledges") == 3
    assert "Waiting" in html


def test_withdrawing_a_public_pledge_clears_the_totals(
    client, org_a, users, django_capture_on_commit_callbacks
):
    pledge = make_pledge(status=APPROVED, organisation=org_a, pledger=users["member_a"])
    make_pledge(status=APPROVED, pledger=users["resident"])
    html = client.get("/").content.decode()
    assert figure(html, "total-pledges") == 2
    assert figure(html, "total-organisations") == 1

    with django_capture_on_commit_callbacks(execute=True):
        pledge_withdraw(pledge=pledge, actor=users["member_a"], reason="Closing down.")
    html = client.get("/").content.decode()
    assert figure(html, "total-pledges") == 1
    assert figure(html, "total-organisations") == 0
    assert figure(html, "total-residents") == 1
