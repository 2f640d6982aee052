"""accounts/permissions.py as a table: every rule, every role, each organisation state."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from accounts import permissions
from accounts.models import Membership, User
from accounts.roles import STAFF_GROUP

from ..rule_tables import (
    EVERYONE,
    NOBODY,
    SIGNED_IN,
    answers,
    as_request_user,
    cases,
    expected,
    functions_of,
)
from .factories import UserFactory

pytestmark = pytest.mark.django_db

ORG_A_PEOPLE = frozenset({"member_a", "admin_a"})
STAFF = frozenset({"staff"})

# {rule: {organisation it is asked about: roles that get True}}. None: the rule takes no
# organisation; "org_a (suspended)" is org_a after staff suspended it.
RULES = {
    "is_alliance_staff": {None: STAFF},
    "is_commissioner": {None: {"commissioner"}},
    "is_member": {"org_a": ORG_A_PEOPLE, "org_b": {"member_b"}},
    "is_admin": {"org_a": {"admin_a"}, "org_b": NOBODY},
    "can_view_organisation": {
        "org_a": EVERYONE,
        "org_b": EVERYONE,
        "org_a (suspended)": ORG_A_PEOPLE | STAFF,
    },
    "can_edit_organisation": {"org_a": {"admin_a"}, "org_b": NOBODY, "org_a (suspended)": NOBODY},
    # Admins of a suspended organisation still hand over or tidy their member list.
    "can_manage_members": {
        "org_a": {"admin_a"},
        "org_b": NOBODY,
        "org_a (suspended)": {"admin_a"},
    },
    "can_view_members": {
        "org_a": ORG_A_PEOPLE | STAFF,
        "org_b": {"member_b", "staff"},
        "org_a (suspended)": ORG_A_PEOPLE | STAFF,
    },
    "can_leave": {"org_a": ORG_A_PEOPLE, "org_b": {"member_b"}},
    "can_request_to_join": {
        "org_a": SIGNED_IN - ORG_A_PEOPLE,
        "org_b": SIGNED_IN - {"member_b"},
        "org_a (suspended)": NOBODY,
    },
    "can_moderate_organisations": {None: STAFF},
    "can_view_history": {"org_a": {"admin_a", "staff"}, "org_b": STAFF},
}

# Each has its own tests below.
NOT_YES_OR_NO = {"memberships_by_org", "forget_cached_roles", "organisations_acting_for"}


@pytest.fixture
def target(org_a, org_b, users):
    """The organisation a situation names; ``users`` first so memberships exist."""

    def build(situation: str | None):
        if situation == "org_a (suspended)":
            org_a.suspended_at = timezone.now()
            org_a.save(update_fields=["suspended_at"])
            return org_a
        return {None: None, "org_a": org_a, "org_b": org_b}[situation]

    return build


@pytest.mark.parametrize(("situation", "role"), cases(RULES))
def test_rules(users, target, situation, role):
    organisation = target(situation)
    user = as_request_user(users[role])
    assert answers(permissions, RULES, situation, user, organisation) == expected(
        RULES, situation, role
    )


def test_every_rule_is_in_the_table():
    assert functions_of(permissions) == set(RULES) | NOT_YES_OR_NO


@pytest.mark.parametrize(
    ("role", "organisations"),
    [
        ("anonymous", set()),
        ("resident", set()),
        ("member_a", {"org_a"}),
        ("admin_a", {"org_a"}),
        ("member_b", {"org_b"}),
        ("staff", set()),
        ("commissioner", set()),
    ],
)
def test_memberships_by_org(users, org_a, org_b, role, organisations):
    by_org = permissions.memberships_by_org(as_request_user(users[role]))
    assert set(by_org) == {{"org_a": org_a, "org_b": org_b}[name].pk for name in organisations}
    assert all(m.organisation_id == pk for pk, m in by_org.items())


def test_superuser_counts_as_alliance_staff_without_the_group(org_a):
    root = User.objects.create_superuser("root@example.org", "pw", display_name="Root")
    org_a.suspended_at = timezone.now()
    assert permissions.is_alliance_staff(root)
    assert permissions.can_moderate_organisations(root)
    assert permissions.can_view_organisation(root, org_a)
    assert not permissions.is_commissioner(root)
    assert not permissions.can_edit_organisation(root, org_a)


def test_is_staff_alone_is_not_alliance_staff():
    """Django-admin access (is_staff) is not the portal's staff role."""
    user = UserFactory(is_staff=True)
    assert not permissions.is_alliance_staff(user)
    assert not permissions.can_moderate_organisations(user)


def test_many_questions_cost_one_query_per_kind_of_fact(
    users, org_a, org_b, django_assert_num_queries
):
    user = as_request_user(users["admin_a"])
    with django_assert_num_queries(2):  # the user's groups, the user's memberships
        for organisation in (org_a, org_b):
            permissions.can_view_organisation(user, organisation)
            permissions.can_edit_organisation(user, organisation)
            permissions.can_manage_members(user, organisation)
            permissions.can_view_members(user, organisation)
            permissions.can_request_to_join(user, organisation)
            permissions.can_view_history(user, organisation)
        permissions.is_alliance_staff(user)
        permissions.is_commissioner(user)


def test_anonymous_questions_cost_no_queries(org_a, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not permissions.can_view_members(AnonymousUser(), org_a)
        assert not permissions.can_request_to_join(AnonymousUser(), org_a)
        assert not permissions.is_alliance_staff(AnonymousUser())


def test_cached_roles_are_refreshed_after_forget(users):
    user = as_request_user(users["resident"])
    assert not permissions.is_alliance_staff(user)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    assert not permissions.is_alliance_staff(user)  # still the cached answer
    permissions.forget_cached_roles(user)
    assert permissions.is_alliance_staff(user)


def test_forget_cached_roles_on_a_user_with_nothing_cached_is_harmless(users):
    user = as_request_user(users["resident"])
    permissions.forget_cached_roles(user)
    assert permissions.memberships_by_org(user) == {}


@pytest.mark.parametrize(
    ("role", "organisations"),
    [
        ("anonymous", []),
        ("resident", []),
        ("member_a", ["org_a"]),
        ("admin_a", ["org_a"]),
        ("member_b", ["org_b"]),
        ("staff", []),
        ("commissioner", []),
    ],
)
def test_organisations_acting_for(users, org_a, org_b, role, organisations):
    by_name = {"org_a": org_a, "org_b": org_b}
    user = as_request_user(users[role])
    assert permissions.organisations_acting_for(user) == [by_name[name] for name in organisations]


def test_organisations_acting_for_leaves_out_suspended_ones_and_sorts_by_name(users, org_a, org_b):
    Membership.objects.create(user=users["member_a"], organisation=org_b)
    user = as_request_user(users["member_a"])
    # Eccles Tool Library before Ordsall Community Café.
    assert permissions.organisations_acting_for(user) == [org_b, org_a]
    org_b.suspended_at = timezone.now()
    org_b.save(update_fields=["suspended_at"])
    assert permissions.organisations_acting_for(as_request_user(user)) == [org_a]
