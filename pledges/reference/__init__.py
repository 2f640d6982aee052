"""Campaigns the portal ships (``campaigns.toml``): the Social in Salford Pledge and
10% Better."""

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ..models import Campaign

CAMPAIGNS_FILE = Path(__file__).resolve().parent / "campaigns.toml"


@cache
def campaigns() -> tuple[dict[str, Any], ...]:
    """The campaigns in the file, read once per process (it ships with the code)."""
    with CAMPAIGNS_FILE.open("rb") as file:
        return tuple(tomllib.load(file)["campaigns"])


STAFF_PERMISSIONS = [
    "pledges.view_campaign",
    "pledges.add_campaign",
    "pledges.change_campaign",
    "pledges.view_pledge",
    "pledges.view_pledgeevent",
    "pledges.view_concernreport",
]


def load() -> dict[str, int]:
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    created = 0
    for data in campaigns():
        _, was_created = Campaign.objects.get_or_create(
            slug=data["slug"], defaults={k: v for k, v in data.items() if k != "slug"}
        )
        created += was_created
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return {"campaigns": created}
