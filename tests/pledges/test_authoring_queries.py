"""Query counts for the pledge-writing pages: they must not grow with the data.

Each test builds the same page at two data sizes and holds both to one maximum, so an
N+1 (a query per organisation, commitment, outcome or pledge) fails the larger size.
Signed in, every page starts with the session and the user; the permission checks add
the user's memberships (and, for the navigation, their groups) once per request.
"""

from __future__ import annotations

import pytest
from django.test import Client

from pledges.models import Pledge

from ..accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from .factories import make_pledge
from .test_authoring_views import commitment, form_data

pytestmark = pytest.mark.django_db

COMMITMENTS = [1, 8]


def member_of_organisations(n: int):
    """A user who belongs to ``n`` organisations, signed in."""
    user = UserFactory(display_name="Pat")
    organisations = [OrganisationFactory(name=f"Organisation {i:02d}") for i in range(n)]
    for organisation in organisations:
        MembershipFactory(user=user, organisation=organisation)
    client = Client()
    client.force_login(user)
    return user, organisations, client


@pytest.mark.parametrize("n", [1, 8])
def test_new_pledge_page(n, django_assert_max_num_queries):
    """The "who is pledging" choices list the user's organisations: they must come from
    one memberships query with select_related("organisation"), not a query per
    organisation; and the eleven outcome checkboxes are read once for the formset, not
    once per commitment form. Queries: session, user, memberships, outcomes with their
    themes, groups (navigation)."""
    _, organisations, client = member_of_organisations(n)
    with django_assert_max_num_queries(5):
        response = client.get("/pledges/new/")
    assert response.status_code == 200
    assert all(o.name in response.content.decode() for o in organisations)


@pytest.mark.parametrize("n", COMMITMENTS)
@pytest.mark.parametrize("step", ["invalid", "add_commitment"])
def test_new_pledge_page_posted_with_many_commitments(n, step, django_assert_max_num_queries):
    """Posting the page back (a mistake in every commitment, or "Add another commitment")
    validates or redraws each commitment form: the outcomes behind their checkboxes are
    loaded once per page, not once per commitment form. The same five queries as the
    blank page."""
    _, organisations, client = member_of_organisations(1)
    if step == "invalid":
        data = form_data(*[commitment(target="lots")] * n, pledged_by=str(organisations[0].pk))
    else:
        data = form_data(*[commitment()] * n, add_commitment="1")
    with django_assert_max_num_queries(5):
        response = client.post("/pledges/new/", data)
    assert response.status_code == 200
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("n", COMMITMENTS)
def test_edit_page(n, django_assert_max_num_queries):
    """The edit page fills one form per commitment with its outcomes ticked: the
    commitments and their outcomes must be prefetched (pledge_for_page), not one outcome
    query per commitment. Queries: session, user, the pledge with its organisation, its
    commitments, their outcomes, their updates, memberships, the outcomes for the
    checkboxes, groups."""
    user, organisations, client = member_of_organisations(1)
    pledge = make_pledge(organisation=organisations[0], pledger=user, commitments=n)
    with django_assert_max_num_queries(9):
        response = client.get(f"/pledges/{pledge.pk}/edit/")
    assert response.status_code == 200
    assert response.context["editor"].formset.total_form_count() == n


@pytest.mark.parametrize("n", COMMITMENTS)
def test_preview_page(n, django_assert_max_num_queries):
    """The preview draws the pledge card and every commitment with its outcomes and
    themes: all prefetched with the pledge, not a query per commitment or outcome."""
    user, organisations, client = member_of_organisations(1)
    pledge = make_pledge(organisation=organisations[0], pledger=user, commitments=n)
    with django_assert_max_num_queries(8):
        response = client.get(f"/pledges/{pledge.pk}/preview/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="preview-commitment"') == n


@pytest.mark.parametrize("n", [2, 30])
def test_my_pledges(n, django_assert_max_num_queries):
    """The list shows each pledge's organisation, who wrote it, its campaign, what it
    revises and its number of commitments: select_related and a COUNT annotation, not a
    query per row; and the per-row permission checks reuse one memberships query.
    Queries: session, user, the user's organisations (a list, so that PostgreSQL reads
    both sides of the filter by index at city scale), the count, the page, memberships,
    groups."""
    user, organisations, client = member_of_organisations(3)
    statuses = [
        Pledge.Status.DRAFT,
        Pledge.Status.SUBMITTED,
        Pledge.Status.APPROVED,
        Pledge.Status.REJECTED,
    ]
    for i in range(n):
        if i % 3 == 0:
            make_pledge(pledger=user, commitments=2)
        else:
            make_pledge(organisation=organisations[i % 3], status=statuses[i % 4])
    with django_assert_max_num_queries(7):
        response = client.get("/pledges/mine/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n, 20)
