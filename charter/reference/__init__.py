"""Reference data the charter ships, loaded by ``manage.py load_reference_data``: version 1
of the charter's text (``charter-v1.toml``), written from the Social Value in Health and
Care programme's charter, and the staff's admin permissions for the charter."""

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from ..models import CharterVersion

VERSION_FILE = Path(__file__).resolve().parent / "charter-v1.toml"
LIST_FIELDS = ["principles", "commissioner_commitments", "provider_commitments"]
TEXT_FIELDS = ["title", "vision", "embed", "deliver", "demonstrate"]

STAFF_PERMISSIONS = [
    "charter.view_charterversion",
    "charter.add_charterversion",
    "charter.change_charterversion",
    "charter.view_signature",
    "charter.view_signatureevent",
    "charter.view_signatureconcern",
]


@cache
def first_version() -> dict[str, Any]:
    """The file's text, read once per process (it ships with the code)."""
    with VERSION_FILE.open("rb") as file:
        return tomllib.load(file)


def load_first_version() -> int:
    """Create version 1, published, if it is missing; never change it afterwards."""
    data = first_version()
    if CharterVersion.objects.filter(number=data["number"]).exists():
        return 0
    version = CharterVersion(
        number=data["number"],
        effective_on=data["effective_on"],
        published_at=timezone.now(),
        **{name: " ".join(data[name].split()) for name in TEXT_FIELDS},
        **{name: "\n".join(data[name]) for name in LIST_FIELDS},
    )
    version.full_clean()
    version.save()
    return 1


def load() -> dict[str, int]:
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    created = {"charter versions": load_first_version()}
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return created
