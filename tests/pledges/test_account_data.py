"""A person's pledges in their data download, and what happens to pledges when they leave."""

import json

import pytest

from accounts.services import user_delete
from pledges.models import Pledge

from .factories import SupportFactory, make_pledge

pytestmark = pytest.mark.django_db


def test_data_download_includes_pledges_and_support(users, org_a, client_for):
    resident = users["resident"]
    make_pledge(status=Pledge.Status.APPROVED, pledger=resident, title="Walk to work")
    org_pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, title="Buy local")
    SupportFactory(pledge=org_pledge, user=resident)

    data = json.loads(client_for("resident").get("/accounts/my-data.json").content)

    assert [p["title"] for p in data["pledges"]] == ["Walk to work"]
    assert data["pledges"][0]["commitments"][0]["outcomes"] == ["More people volunteering"]
    assert data["supported_pledges"] == ["Buy local"]


def test_deleting_a_residents_account_deletes_their_own_pledges(users):
    resident = users["resident"]
    pledge = make_pledge(status=Pledge.Status.APPROVED, pledger=resident)

    user_delete(user=resident)

    assert not Pledge.objects.filter(pk=pledge.pk).exists()


def test_an_organisations_pledge_outlives_the_account_of_the_member_who_wrote_it(users, org_a):
    author = users["member_a"]
    pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, pledger=author)

    user_delete(user=author)

    pledge.refresh_from_db()
    assert pledge.pledger is None
    assert pledge.pledged_by == org_a.name
