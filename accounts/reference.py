"""Reference data this app ships: Salford's electoral wards and the role groups."""

from django.contrib.auth.models import Group
from django.utils.text import slugify

from .models import Ward
from .roles import ROLE_GROUPS

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


def load_groups() -> int:
    created = 0
    for name in ROLE_GROUPS.values():
        _, was_created = Group.objects.get_or_create(name=name)
        created += was_created
    return created


def load() -> dict[str, int]:
    return {"wards": load_wards(), "groups": load_groups()}
