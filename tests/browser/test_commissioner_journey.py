"""A commissioner in a real browser: signs in, lands on the commissioners' dashboard with
their own organisation's contracts first, filters it by ward (the address keeps the
filter), and downloads one figure as a CSV holding what its table shows.

Fields are found by their labels, buttons and links by their names; every page on the
way is checked with axe-core, and the charts must draw without a console error (the CSP
forbids inline script: their figures travel through json_script).
"""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, Sector, Ward
from measures.models import CommitmentKind, Delivery, Outcome
from pledges.models import Pledge

from ..accounts.factories import PASSWORD, OrganisationFactory
from ..measures.factories import (
    commissioner_organisation,
    make_city_figure,
    make_contract,
    make_delivery,
)
from ..pledges.factories import make_pledge
from .conftest import Auditor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_signs_in_filters_by_ward_and_downloads_a_csv(auditor, users, org_a):
    ordsall = Ward.objects.get(slug="ordsall")
    eccles = Ward.objects.get(slug="eccles")
    org_a.ward, org_a.sector = ordsall, Sector.CHARITY
    org_a.save()
    elsewhere = OrganisationFactory(name="Eccles Bakery", ward=eccles)
    commissioner = users["commissioner"]
    council = commissioner_organisation(name="Salford City Council")
    Membership.objects.create(user=commissioner, organisation=council, role="admin")
    volunteering = list(Outcome.objects.filter(number=1))
    make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, outcomes=volunteering)
    make_pledge(status=Pledge.Status.APPROVED, organisation=elsewhere, outcomes=volunteering)
    contract = make_contract(
        council,
        org_a,
        title="Community meals service",
        commitments=[(CommitmentKind.CORE, "people-volunteering", "100")],
    )
    make_delivery(contract.commitments.get(), quantity="40", status=Delivery.Status.CONFIRMED)
    make_city_figure(value="49245")

    audit: Auditor = auditor("commissioner")
    page = audit.new_page()

    # --- Signs in and lands on the dashboard -------------------------------------------
    page.goto("/accounts/login/")
    page.get_by_role("textbox", name=re.compile(r"^Email\*?$")).fill(commissioner.email)
    page.get_by_role("textbox", name=re.compile(r"^Password\*?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/measures/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioners’ dashboard")
    own = page.get_by_test_id("own-contracts")
    expect(own.get_by_role("link", name="Community meals service")).to_be_visible()
    # The charts drew (Chart.js and charts.js ran under the CSP): their boxes show.
    expect(page.locator('canvas[data-chart="pledges_by_ward"]')).to_be_visible()
    audit.axe(page, "dashboard")

    # --- Filters by ward ------------------------------------------------------------------
    page.get_by_label("Ward").select_option(label=ordsall.name)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"[?&]ward=ordsall(&|$)"))
    expect(page.get_by_label("Ward")).to_have_value("ordsall")
    by_ward = page.get_by_test_id("table-pledges_by_ward")
    expect(by_ward.get_by_role("row", name=re.compile(r"^Ordsall 1$"))).to_be_visible()
    expect(by_ward.get_by_role("row", name=re.compile(r"^Eccles 0$"))).to_be_visible()
    audit.axe(page, "dashboard filtered by ward")

    # --- Downloads what a table shows -----------------------------------------------------
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Pledges by ward” as a spreadsheet (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "salford-dashboard-pledges_by_ward-ordsall.csv"
    with open(download.path(), encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Ward", "Pledges"]
    assert ["Ordsall", "1"] in rows and ["Eccles", "0"] in rows

    # The step "opens the latest monthly report" is added once the report archive
    # (/measures/reports/) is merged.
    audit.assert_clean()
