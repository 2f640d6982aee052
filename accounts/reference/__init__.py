"""Reference data this app ships: Salford's electoral wards (``wards.toml``) and the role
groups."""

import tomllib
from functools import cache
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.text import slugify

from ..models import Ward
from ..roles import ROLE_GROUPS, STAFF_GROUP

WARDS_FILE = Path(__file__).resolve().parent / "wards.toml"


@cache
def salford_wards() -> tuple[str, ...]:
    """The wards' names, read once per process (the file ships with the code)."""
    with WARDS_FILE.open("rb") as file:
        return tuple(tomllib.load(file)["wards"])


def load_wards() -> int:
    """Create any ward that is missing; staff edits to existing wards are kept."""
    existing = set(Ward.objects.values_list("slug", flat=True))
    missing = [
        Ward(name=name, slug=slugify(name))
        for name in salford_wards()
        if slugify(name) not in existing
    ]
    Ward.objects.bulk_create(missing)
    return len(missing)


# What alliance staff may do in the Django admin with this app's models; moderation
# itself happens in the portal. Other apps add their own in their reference module.
STAFF_PERMISSIONS = [
    "accounts.view_organisation",
    "accounts.change_organisation",
    "accounts.view_membership",
    "accounts.view_invitation",
    "accounts.view_joinrequest",
    "accounts.view_ward",
    "accounts.add_ward",
    "accounts.change_ward",
    "core.view_outboxemail",
]


def grant_group_permissions(group_name: str, codenames: list[str]) -> None:
    """Give ``group_name`` the ``app_label.codename`` permissions (idempotent)."""
    group = Group.objects.get(name=group_name)
    wanted = Q()
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(wanted))


def load_groups() -> int:
    created = 0
    for name in ROLE_GROUPS.values():
        _, was_created = Group.objects.get_or_create(name=name)
        created += was_created
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return created


def load() -> dict[str, int]:
    return {"wards": load_wards(), "groups": load_groups()}
