"""Query counts for the account and organisation pages: they must not grow with the data.

Each test builds the same page at two data sizes and holds both to one maximum, so an
N+1 (a query per organisation, member, invitation or request) fails the larger size.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationStatusChange,
    Sector,
    Ward,
    hash_token,
)
from accounts.roles import STAFF_GROUP

from .factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SIZES = [2, 30]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_user():
    user = UserFactory(display_name="Sam")
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


def invite(organisation, email: str, invited_by=None, expires_in=timedelta(days=7)):
    now = timezone.now()
    return Invitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=hash_token(secrets.token_urlsafe(16)),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + expires_in,
    )


def organisations_with_wards(n: int) -> list[Organisation]:
    wards = list(Ward.objects.all())
    sectors = Sector.values
    orgs = []
    for i in range(n):
        orgs.append(
            OrganisationFactory(
                name=f"Listed Organisation {i:03d}",
                sector=sectors[i % len(sectors)],
                # Every third one is outside Salford, the rest spread over the wards.
                ward=None if i % 3 == 0 else wards[i % len(wards)],
                verified_at=timezone.now() if i % 2 else None,
            )
        )
    return orgs


def organisation_with_history_and_members(n: int, staff) -> Organisation:
    organisation = OrganisationFactory(name="Busy Organisation", slug="busy-organisation")
    for i in range(n):
        MembershipFactory(
            organisation=organisation,
            role=Membership.Role.ADMIN if i == 0 else Membership.Role.MEMBER,
            user=UserFactory(email=f"member{i}@example.org", display_name=f"Member {i}"),
        )
        actions = OrganisationStatusChange.Action
        OrganisationStatusChange.objects.create(
            organisation=organisation,
            action=actions.VERIFIED if i % 2 == 0 else actions.UNVERIFIED,
            reason=f"Reason {i}",
            # Some by a member of staff, some by a former one (deleted, so no one).
            changed_by=staff if i % 3 else None,
        )
    return organisation


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("query", ["", "?ward=outside", "?sector=charity&q=listed"])
def test_organisation_list(n, query, django_assert_max_num_queries):
    """The list shows each organisation's ward and badges: without select_related("ward")
    that is one ward query per card. Queries: the count, the page, the ward filter's
    options."""
    organisations_with_wards(n)
    client = Client()
    with django_assert_max_num_queries(3):
        response = client.get("/organisations/" + query)
    assert response.status_code == 200
    if not query:
        assert len(response.context["page"].object_list) == min(n, 24)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(("role", "most"), [("anonymous", 4), ("staff", 9), ("admin", 9)])
def test_organisation_detail(n, role, most, django_assert_max_num_queries):
    """The page shows the member count and, to admins and staff, the history with who
    made each change: counting members must be one COUNT, not a query per member, and
    the history must load its staff with select_related("changed_by"), not one user query
    per entry. Signed in, the permission checks add the session, the user, their groups
    and their memberships, each once however many questions the page asks. The pledges
    section is one query here (no pledges; tests/pledges/test_public_queries.py counts
    it with pledges), and so is the charter panel (not a signatory; tests/charter/
    test_queries.py counts it with statements, evidence and a review)."""
    staff = staff_user()
    organisation = organisation_with_history_and_members(n, staff)
    users = {
        "anonymous": None,
        "staff": staff,
        "admin": organisation.memberships.get(role=Membership.Role.ADMIN).user,
    }
    client = signed_in(users[role]) if users[role] else Client()
    with django_assert_max_num_queries(most):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert response.context["member_count"] == n
    if role != "anonymous":
        assert len(response.context["history"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_members_page_as_admin(n, django_assert_max_num_queries):
    """The admin's members page lists members with their names and emails, the open
    invitations and the requests to join with the asker's name: each list must load its
    users with select_related, not one user query per row, and the hand-over and role
    buttons must come from the rows already loaded."""
    staff = staff_user()
    organisation = organisation_with_history_and_members(n, staff)
    admin = organisation.memberships.get(role=Membership.Role.ADMIN).user
    for i in range(n):
        invite(organisation, f"invitee{i}@example.org", invited_by=admin)
        JoinRequest.objects.create(
            organisation=organisation,
            user=UserFactory(display_name=f"Asker {i}"),
            message=f"Note {i}",
        )
    # Expired invitations are not listed and must not be counted or fetched one by one.
    invite(organisation, "late@example.org", expires_in=timedelta(days=-1))
    client = signed_in(admin)
    with django_assert_max_num_queries(9):
        response = client.get(f"{organisation.get_absolute_url()}members/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == n
    assert len(response.context["invitations"]) == n
    assert len(response.context["join_requests"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_dashboard(n, django_assert_max_num_queries):
    """The dashboard lists every organisation the person belongs to, with its badges and,
    for admins, how many requests to join wait: the organisations come with
    select_related and the waiting requests as one annotated COUNT, not a query per
    organisation. Invitations waiting for the person load their organisations at once."""
    person = UserFactory(display_name="Busy Person")
    for i, organisation in enumerate(organisations_with_wards(n)):
        Membership.objects.create(
            user=person,
            organisation=organisation,
            role=Membership.Role.ADMIN if i % 2 else Membership.Role.MEMBER,
        )
        for _ in range(2):
            JoinRequest.objects.create(organisation=organisation, user=UserFactory())
        invite(OrganisationFactory(), person.email)
    client = signed_in(person)
    with django_assert_max_num_queries(6):
        response = client.get("/accounts/")
    assert response.status_code == 200
    memberships = list(response.context["memberships"])
    assert len(memberships) == n
    assert all(m.pending_requests == 2 for m in memberships)
    assert len(response.context["invitations"]) == n


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(("signed_in_as_member", "most"), [(False, 4), (True, 8)])
def test_home_page(n, signed_in_as_member, most, django_assert_max_num_queries):
    """For visitors the home page costs the campaign totals (three queries, then cached)
    and the latest pledges (one query here, with no pledges; see
    tests/pledges/test_public_queries.py). Signed in, the navigation needs the person's
    groups and organisations: one query each (memberships with select_related
    organisation), not one per organisation they belong to."""
    person = UserFactory()
    for organisation in organisations_with_wards(n):
        Membership.objects.create(user=person, organisation=organisation)
    client = signed_in(person) if signed_in_as_member else Client()
    with django_assert_max_num_queries(most):
        response = client.get("/")
    assert response.status_code == 200
