"""Query counts for the public pledge pages: they must not grow with the data.

Each test builds the page at two data sizes and holds both to one maximum, so a query
per pledge, commitment, outcome, update or supporter fails the larger size.
"""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import Sector, Ward
from measures.models import Outcome
from pledges.models import Pledge, PledgeEvent

from ..accounts.factories import OrganisationFactory, UserFactory
from .factories import CommitmentFactory, ProgressUpdateFactory, SupportFactory, make_pledge

pytestmark = pytest.mark.django_db

APPROVED = Pledge.Status.APPROVED
SIZES = [3, 40]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def public_pledges(n: int, organisation=None) -> list[Pledge]:
    """``n`` approved pledges, alternately by organisations in different wards and sectors
    and by residents with a ward, each with three commitments serving two outcomes and
    two supporters."""
    outcomes = list(Outcome.objects.all())
    pairs = itertools.cycle(zip(outcomes, outcomes[1:] + outcomes[:1], strict=True))
    wards = itertools.cycle(Ward.objects.all())
    sectors = itertools.cycle(Sector.values)
    pledges = []
    for i in range(n):
        if organisation is not None:
            who = {"organisation": organisation}
        elif i % 2:
            who = {"organisation": OrganisationFactory(ward=next(wards), sector=next(sectors))}
        else:
            who = {"pledger": UserFactory(ward=next(wards))}
        pledge = make_pledge(status=APPROVED, commitments=0, title=f"Pledge {i}", **who)
        for _ in range(3):
            CommitmentFactory(pledge=pledge, outcomes=list(next(pairs)))
        for _ in range(2):
            SupportFactory(pledge=pledge)
        pledges.append(pledge)
    return pledges


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    "query", ["", "?theme=people&sector=resident", "?q=pledge&ward=ordsall&page=2"]
)
@pytest.mark.parametrize(("role", "most"), [("anonymous", 7), ("resident", 11)])
def test_wall(n, query, role, most, users, django_assert_max_num_queries):
    """Each card shows who pledged and where, the outcomes (with their themes) of each
    commitment, progress and support: without select_related on the organisation, the
    pledger and their wards, the commitments and outcomes prefetched and the support
    annotated, that is several queries per card. Queries: the filter options (outcomes
    with themes, campaigns, wards), the count, the page, commitments, outcomes; signed in,
    the session and the user."""
    public_pledges(n)
    client = signed_in(users[role]) if users[role] else Client()
    with django_assert_max_num_queries(most):
        response = client.get("/pledges/" + query)
    assert response.status_code == 200
    if not query:
        assert len(response.context["page"].object_list) == min(n, 20)


def pledge_with_commitments(n: int, org_a, author) -> Pledge:
    pledge = make_pledge(status=APPROVED, organisation=org_a, pledger=author, commitments=0)
    outcomes = list(Outcome.objects.all())
    for i in range(n):
        commitment = CommitmentFactory(pledge=pledge, outcomes=outcomes[i % 11 : i % 11 + 2])
        for _ in range(3):
            ProgressUpdateFactory(commitment=commitment, author=UserFactory())
    for _ in range(n):
        SupportFactory(pledge=pledge)
    for _ in range(n):
        PledgeEvent.objects.create(
            pledge=pledge, action=PledgeEvent.Action.APPROVED, actor=UserFactory()
        )
    return pledge


@pytest.mark.parametrize("n", [1, 8])
@pytest.mark.parametrize(
    ("role", "most"), [("anonymous", 5), ("resident", 10), ("member_a", 12), ("staff", 11)]
)
def test_pledge_page(n, role, most, users, org_a, django_assert_max_num_queries):
    """The page shows every commitment with its outcomes and updates, the supporters and,
    to owners and staff, the history with who did what: the commitments, their outcomes
    (with themes) and updates (with authors) are prefetched, the supporters are one
    query of names and the history loads its actors with select_related, not a query per
    commitment, update, supporter or event. Signed in adds the session, the user, their
    groups and memberships, whether they support it and, for owners, a pending revision."""
    pledge = pledge_with_commitments(n, org_a, users["member_a"])
    client = signed_in(users[role]) if users[role] else Client()
    with django_assert_max_num_queries(most):
        response = client.get(pledge.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["commitments"]) == n
    assert response.content.decode().count('data-testid="updates"') == n


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("warm", [False, True])
def test_home_page(n, warm, django_assert_max_num_queries):
    """The totals are counted by aggregates, per theme in one annotated query, and then
    cached; the latest pledges are cards like the wall's (one query for the pledges with
    who and where, one for commitments, one for outcomes), not a query per card."""
    public_pledges(n)
    cache.clear()
    client = Client()
    if warm:
        client.get("/")
    with django_assert_max_num_queries(3 if warm else 6):
        response = client.get("/")
    assert response.status_code == 200
    assert response.context["totals"]["pledges"] == n
    assert len(response.context["latest"]) == min(n, 6)


@pytest.mark.parametrize("n", [1, 20])
# With one for the charter panel's look for a verified signature.
@pytest.mark.parametrize(("role", "most"), [("anonymous", 6), ("admin_a", 11)])
def test_organisation_page_with_pledges(n, role, most, users, org_a, django_assert_max_num_queries):
    """The organisation's page lists its pledges as cards: one query for the pledges with
    their counts, one for the commitments and one for their outcomes, however many
    pledges there are."""
    public_pledges(n, organisation=org_a)
    client = signed_in(users[role]) if users[role] else Client()
    with django_assert_max_num_queries(most):
        response = client.get(org_a.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="pledge-card"') == min(n, 12)
