"""The pages the benchmark loads (issue 14), with real ids from the seeded city, and the
session cookies of the demo accounts that see the signed-in ones.

Runs inside the benchmark's own process with Django set up against the bench database.
Pages another part of the portal has not built yet (their URL does not resolve) are
listed as absent, not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve


@dataclass
class Page:
    name: str
    path: str
    as_user: str | None = None  # the email of the account it is seen by


def _resolves(path: str) -> bool:
    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True


def _first(queryset, field: str = "pk"):
    return queryset.values_list(field, flat=True).first()


def pages() -> tuple[list[Page], list[str]]:
    """(pages to load, those not built yet)."""
    from accounts.models import Membership, Ward
    from demo.people import COMMISSIONER_EMAIL, STAFF_EMAIL, demo_users
    from pledges.models import Pledge
    from toolkit.models import Guide

    # A typical approved organisation pledge, and its organisation.
    pledge = (
        Pledge.objects.public()
        .filter(organisation__isnull=False)
        .order_by("pk")
        .values("pk", "organisation__slug")
        .first()
    )
    ward = _first(Ward.objects.order_by("name"), "slug")
    guide = _first(Guide.objects.order_by("pk"), "slug")
    admin = (
        Membership.objects.filter(role=Membership.Role.ADMIN, user__in=demo_users())
        .order_by("pk")
        .values_list("user__email", flat=True)
        .first()
    )
    resident = _first(demo_users().filter(memberships__isnull=True).order_by("pk"), "email")
    candidates = [
        Page("healthz", "/healthz"),
        Page("home", "/"),
        Page("pledge wall", "/pledges/"),
        Page("wall, theme and ward", f"/pledges/?theme=people&ward={ward}"),
        Page("a pledge", f"/pledges/{pledge['pk']}/"),
        Page("organisations", "/organisations/"),
        Page("an organisation", f"/organisations/{pledge['organisation__slug']}/"),
        Page("toolkit", "/toolkit/"),
        Page("a guide", f"/toolkit/guides/{guide}/"),
        Page("case studies", "/toolkit/case-studies/"),
        Page("charter", "/charter/"),
        Page("signatories", "/charter/signatories/"),
        Page("city progress", "/measures/progress/"),
        Page("API: pledges", "/api/v1/pledges/"),
        Page("API: pledge counts", "/api/v1/pledge-counts/"),
        Page("API: charter signatories", "/api/v1/charter-signatories/"),
        Page("API: city figures", "/api/v1/city-figures/"),
        Page("API: return totals", "/api/v1/return-totals/"),
        Page("API: case studies", "/api/v1/case-studies/"),
        Page("API: pledges as CSV", "/api/v1/pledges/?format=csv"),
        Page("home: organisation admin", "/home/", admin),
        Page("home: resident", "/home/", resident),
        Page("home: commissioner", "/home/", COMMISSIONER_EMAIL),
        Page("home: alliance staff", "/home/", STAFF_EMAIL),
        Page("my pledges", "/pledges/mine/", admin),
        Page("your account", "/accounts/", admin),
        Page("commissioners' dashboard", "/measures/dashboard/", COMMISSIONER_EMAIL),
        Page("staff moderation queue", "/moderation/", STAFF_EMAIL),
    ]
    present = [page for page in candidates if _resolves(page.path)]
    absent = [page.path for page in candidates if page not in present]
    return present, absent


def session_cookies(emails: set[str]) -> dict[str, str]:
    """A ``Cookie`` header value for each account, signed in through Django's own login."""
    from accounts.models import User

    cookies = {}
    for email in emails:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies[email] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    return cookies
