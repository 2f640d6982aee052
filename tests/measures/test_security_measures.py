"""Security review, finding 7, on the measures pages: a suspended organisation's pages
answer 404 to those it is hidden from, as an unknown slug does, never a 403 that says
it exists."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

PAGES = [
    "/measures/organisations/{}/returns/",
    "/measures/organisations/{}/returns.csv",
    "/measures/organisations/{}/lm3/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role", ["member_b", "resident", "commissioner"])
def test_a_suspended_organisations_pages_are_not_found(path, role, client_for, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save()
    client = client_for(role)
    assert client.get(path.format("no-such-organisation")).status_code == 404
    assert client.get(path.format(org_a.slug)).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_its_members_and_staff_still_see_that_it_exists(path, client_for, org_a):
    org_a.suspended_at = timezone.now()
    org_a.save()
    for role in ("member_a", "staff"):
        assert client_for(role).get(path.format(org_a.slug)).status_code != 404
