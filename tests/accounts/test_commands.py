"""Management commands staff run: load_reference_data and grant_role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from accounts import permissions
from accounts.models import User, Ward
from accounts.reference import STAFF_PERMISSIONS, salford_wards
from accounts.roles import COMMISSIONER_GROUP, STAFF_GROUP

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def fresh(user: User) -> User:
    """The user as a new request would load it (no cached roles or permissions)."""
    return User.objects.get(pk=user.pk)


# ---------------------------------------------------------------------------
# load_reference_data (the autouse fixture has already run it once)
# ---------------------------------------------------------------------------


def test_reference_data_is_loaded_once_however_often_it_runs():
    run("load_reference_data", verbosity=0)
    output = run("load_reference_data")
    assert "accounts: created 0 wards, 0 groups" in output
    assert "Reference data is loaded." in output
    assert Ward.objects.count() == 20
    assert sorted(Ward.objects.values_list("name", flat=True)) == sorted(salford_wards())
    assert set(Group.objects.values_list("name", flat=True)) >= {STAFF_GROUP, COMMISSIONER_GROUP}
    assert Group.objects.filter(name__in=[STAFF_GROUP, COMMISSIONER_GROUP]).count() == 2


def test_wards_have_the_slugs_their_pages_use():
    slugs = set(Ward.objects.values_list("slug", flat=True))
    assert {"ordsall", "quays", "barton-winton", "worsley-westwood-park"} <= slugs


def test_staff_group_gets_its_admin_permissions():
    run("load_reference_data", verbosity=0)
    staff = Group.objects.get(name=STAFF_GROUP)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in staff.permissions.select_related("content_type")
    }
    assert "accounts.view_organisation" in granted
    assert set(STAFF_PERMISSIONS) <= granted
    assert "accounts.delete_organisation" not in granted
    assert "accounts.change_user" not in granted


def test_staff_edits_to_a_ward_are_kept():
    Ward.objects.filter(slug="quays").update(name="Salford Quays")
    run("load_reference_data", verbosity=0)
    assert Ward.objects.count() == 20
    assert Ward.objects.get(slug="quays").name == "Salford Quays"
    assert not Ward.objects.filter(name="Quays").exists()


def test_a_missing_ward_and_group_are_put_back():
    Ward.objects.filter(slug="eccles").delete()
    Group.objects.filter(name=COMMISSIONER_GROUP).delete()
    output = run("load_reference_data")
    assert "created 1 wards, 1 groups" in output
    assert Ward.objects.filter(slug="eccles", name="Eccles").exists()
    assert Group.objects.filter(name=COMMISSIONER_GROUP).exists()


def test_a_permission_taken_from_staff_is_granted_again():
    staff = Group.objects.get(name=STAFF_GROUP)
    staff.permissions.remove(Permission.objects.get(codename="view_organisation"))
    run("load_reference_data", verbosity=0)
    assert staff.permissions.filter(codename="view_organisation").exists()


# ---------------------------------------------------------------------------
# grant_role
# ---------------------------------------------------------------------------


def test_grant_staff_adds_the_group_and_admin_access():
    user = UserFactory(email="sam@example.org")
    output = run("grant_role", "Sam@Example.org", "staff")
    assert "sam@example.org is now in Alliance staff" in output
    user = fresh(user)
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [STAFF_GROUP]
    assert permissions.is_alliance_staff(user)
    assert user.has_perm("accounts.view_organisation")
    assert not user.has_perm("accounts.delete_organisation")


def test_grant_commissioner_adds_the_group_without_admin_access():
    user = UserFactory(email="cat@example.org")
    run("grant_role", "cat@example.org", "commissioner")
    user = fresh(user)
    assert list(user.groups.values_list("name", flat=True)) == [COMMISSIONER_GROUP]
    assert not user.is_staff
    assert permissions.is_commissioner(user)
    assert not permissions.is_alliance_staff(user)


def test_granting_twice_is_harmless():
    user = UserFactory(email="sam@example.org")
    run("grant_role", "sam@example.org", "staff")
    run("grant_role", "sam@example.org", "staff")
    assert fresh(user).groups.count() == 1


def test_revoke_staff_removes_group_and_admin_access():
    user = UserFactory(email="sam@example.org")
    run("grant_role", "sam@example.org", "staff")
    output = run("grant_role", "sam@example.org", "staff", "--revoke")
    assert "sam@example.org is no longer Alliance staff" in output
    user = fresh(user)
    assert not user.groups.exists()
    assert not user.is_staff
    assert not permissions.is_alliance_staff(user)


def test_revoke_staff_keeps_a_superusers_admin_access():
    user = User.objects.create_superuser("root@example.org", "pw", display_name="Root")
    run("grant_role", "root@example.org", "staff")
    run("grant_role", "root@example.org", "staff", "--revoke")
    user = fresh(user)
    assert user.is_staff
    assert not user.groups.exists()


def test_revoke_commissioner_leaves_other_roles(users):
    staff = users["staff"]
    run("grant_role", staff.email, "commissioner")
    run("grant_role", staff.email, "commissioner", "--revoke")
    staff = fresh(staff)
    assert list(staff.groups.values_list("name", flat=True)) == [STAFF_GROUP]
    assert staff.is_staff


def test_grant_to_an_unknown_email_fails_clearly():
    with pytest.raises(CommandError, match=r"No user has the email address nobody@example\.org"):
        run("grant_role", "nobody@example.org", "staff")


def test_grant_an_unknown_role_fails():
    UserFactory(email="sam@example.org")
    with pytest.raises(CommandError, match="invalid choice"):
        run("grant_role", "sam@example.org", "superuser")
    assert not fresh(User.objects.get(email="sam@example.org")).groups.exists()
