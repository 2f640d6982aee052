"""Reference data this app ships: Salford's electoral wards and the role groups."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.text import slugify

from .models import Ward
from .roles import ROLE_GROUPS, STAFF_GROUP

# Salford's twenty wards, in force since May 2021 (LGBCE final recommendations, 2019).
SALFORD_WARDS = [
    "Barton & Winton",
    "Blackfriars & Trinity",
    "Boothstown & Ellenbrook",
    "Broughton",
    "Cadishead & Lower Irlam",
    "Claremont",
    "Eccles",
    "Higher Irlam & Peel Green",
    "Kersal & Broughton Park",
    "Little Hulton",
    "Ordsall",
    "Pendlebury & Clifton",
    "Pendleton & Charlestown",
    "Quays",
    "Swinton & Wardley",
    "Swinton Park",
    "Walkden North",
    "Walkden South",
    "Weaste & Seedley",
    "Worsley & Westwood Park",
]


def load_wards() -> int:
    """Create any ward that is missing; staff edits to existing wards are kept."""
    existing = set(Ward.objects.values_list("slug", flat=True))
    missing = [
        Ward(name=name, slug=slugify(name))
        for name in SALFORD_WARDS
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
    "accounts.view_outboxemail",
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
