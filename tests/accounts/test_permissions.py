"""accounts/permissions.py as a matrix: every rule, every role, the expected answer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.roles import STAFF_GROUP

from ..permission_matrix import ROLES
from .factories import UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ORG_A_PEOPLE = frozenset({"member_a", "admin_a"})

# (rule, organisation it is asked about, roles that get True). "org_a (suspended)" is
# org_a after staff suspended it; None means the rule takes no organisation.
MATRIX = [
    ("is_alliance_staff", None, {"staff"}),
    ("is_commissioner", None, {"commissioner"}),
    ("can_moderate_organisations", None, {"staff"}),
    ("is_member", "org_a", ORG_A_PEOPLE),
    ("is_admin", "org_a", {"admin_a"}),
    ("can_view_organisation", "org_a", EVERYONE),
    ("can_view_organisation", "org_b", EVERYONE),
    ("can_view_organisation", "org_a (suspended)", ORG_A_PEOPLE | {"staff"}),
    ("can_edit_organisation", "org_a", {"admin_a"}),
    ("can_edit_organisation", "org_b", set()),
    ("can_edit_organisation", "org_a (suspended)", set()),
    ("can_manage_members", "org_a", {"admin_a"}),
    ("can_manage_members", "org_b", set()),
    # Admins of a suspended organisation still hand over or tidy their member list.
    ("can_manage_members", "org_a (suspended)", {"admin_a"}),
    ("can_view_members", "org_a", ORG_A_PEOPLE | {"staff"}),
    ("can_view_members", "org_b", {"member_b", "staff"}),
    ("can_view_members", "org_a (suspended)", ORG_A_PEOPLE | {"staff"}),
    ("can_request_to_join", "org_a", SIGNED_IN - ORG_A_PEOPLE),
    ("can_request_to_join", "org_b", SIGNED_IN - {"member_b"}),
    ("can_request_to_join", "org_a (suspended)", set()),
    ("can_leave", "org_a", ORG_A_PEOPLE),
    ("can_leave", "org_b", {"member_b"}),
    ("can_view_history", "org_a", {"admin_a", "staff"}),
    ("can_view_history", "org_b", {"staff"}),
]

CASES = [
    pytest.param(rule, target, role, role in allowed, id=f"{rule}[{target or '-'}]-{role}")
    for rule, target, allowed in MATRIX
    for role in ROLES
]


@pytest.fixture
def targets(org_a, org_b, users):
    """The organisations the matrix names; ``users`` first so memberships exist."""

    def get(name):
        if name == "org_a (suspended)":
            org_a.suspended_at = timezone.now()
            org_a.save(update_fields=["suspended_at"])
            return org_a
        return {"org_a": org_a, "org_b": org_b}[name]

    return get


def as_request_user(user: User | None):
    """The user as a request sees it: fresh from the database, or AnonymousUser."""
    return AnonymousUser() if user is None else User.objects.get(pk=user.pk)


@pytest.mark.parametrize(("rule", "target", "role", "expected"), CASES)
def test_rule(users, targets, rule, target, role, expected):
    check = getattr(permissions, rule)
    user = as_request_user(users[role])
    answer = check(user) if target is None else check(user, targets(target))
    assert answer is expected


def test_matrix_covers_every_public_rule():
    rules = {
        name
        for name in dir(permissions)
        if name.startswith(("can_", "is_")) and callable(getattr(permissions, name))
    }
    assert rules == {rule for rule, _target, _allowed in MATRIX}


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
