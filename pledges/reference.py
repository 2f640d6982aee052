"""Campaigns the portal ships: the Social in Salford Pledge and 10% Better."""

import datetime

from .models import Campaign

CAMPAIGNS = [
    {
        "slug": "social-in-salford-pledge",
        "name": "Social in Salford Pledge",
        "description": (
            "Launched in 2014, when 28 organisations made a public pledge to deliver social "
            "value in Salford and started a social movement."
        ),
        "started_on": datetime.date(2014, 1, 1),
        "ended_on": datetime.date(2017, 10, 31),
        "is_open": False,
    },
    {
        "slug": "10-percent-better",
        "name": "10% Better",
        "description": (
            "Launched in November 2017: people and organisations changing what they do so that "
            "Salford improves by a tenth on eleven social, environmental and economic outcomes."
        ),
        "started_on": datetime.date(2017, 11, 1),
        "ended_on": None,
        "is_open": True,
    },
]

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
    for data in CAMPAIGNS:
        _, was_created = Campaign.objects.get_or_create(
            slug=data["slug"], defaults={k: v for k, v in data.items() if k != "slug"}
        )
        created += was_created
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return {"campaigns": created}
