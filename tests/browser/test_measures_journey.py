"""Measuring social value in a real browser:

1. an organisation chooses what it reports, files its quarter's return, and the
   alliance's staff approve it from the moderation queue;
2. a commissioner records a contract with the social value it promises, the provider
   reports what it delivered, and the commissioner confirms it; the pounds it is worth
   show as an estimate with its working;
3. an upload's page follows the job's progress and shows the result when it is done.

Fields are found by their labels, buttons and links by their names; every page on the
way is checked with axe-core.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from measures.models import Delivery, ImportJob, Return
from measures.periods import Quarter, last_ended

from ..measures.factories import commissioner_organisation, salford_ward, with_proxy
from .conftest import Auditor, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Ordsall Community Café"


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_an_organisation_files_a_return_and_staff_approve_it(auditor, users, org_a):
    quarter = last_ended(timezone.localdate())
    admin: Auditor = auditor("organisation admin", users["admin_a"])
    page = admin.new_page()

    # --- What the organisation reports ----------------------------------------------
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returns")
    admin.axe(page, "your returns")
    page.get_by_role("link", name=ORGANISATION).click()
    admin.axe(page, "organisation's returns, nothing chosen")
    page.get_by_role("link", name="Choose what you report").click()
    page.get_by_role("checkbox", name="People volunteering (people)").check()
    page.get_by_role("checkbox", name="Waste recycled (tonnes)").check()
    page.get_by_label("First quarter to report").select_option(quarter.code)
    admin.axe(page, "what you report")
    page.get_by_role("button", name="Save what we report").click()
    expect_message(page, "What you report is saved.")
    admin.axe(page, "organisation's returns, one due")

    # --- The quarter's return ---------------------------------------------------------
    page.get_by_test_id("returns-to-fill-in").get_by_role("link", name=quarter.label).click()
    volunteering = page.get_by_role("group", name="People volunteering")
    volunteering.get_by_label("Figure (people)").fill("14")
    volunteering.get_by_label("Evidence").fill("Our volunteer register")
    waste = page.get_by_role("group", name="Waste recycled")
    waste.get_by_label("Figure (tonnes)").fill("too much")
    page.get_by_role("button", name="Save and submit for approval").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Enter a number, such as 120 or 4.5.")
    expect(waste.get_by_label("Figure (tonnes)")).to_have_value("too much")
    admin.axe(page, "return with a mistake")
    waste.get_by_label("Figure (tonnes)").fill("1.5")
    waste.get_by_label("Evidence").fill("Waste transfer notes")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect_message(page, "the return is with the alliance’s staff")
    expect(page.get_by_text("Waiting for approval").first).to_be_visible()
    admin.axe(page, "submitted return")

    # --- Staff approve it from the queue ----------------------------------------------
    staff: Auditor = auditor("staff", users["staff"])
    page = staff.new_page()
    page.goto("/moderation/?kind=returns")
    queue = page.get_by_test_id("return-queue")
    expect(queue.get_by_test_id("queued-return")).to_have_count(1)
    staff.axe(page, "queue of returns")
    queue.get_by_role("link", name=quarter.label).click()
    expect(page.get_by_test_id("review-figures")).to_contain_text("14 people")
    staff.axe(page, "return review")
    page.get_by_role("radio", name="Approve: the figures count").check()
    page.get_by_role("button", name="Record decision").click()
    expect_message(page, "is approved; its figures now count")
    assert Return.objects.get(organisation=org_a).status == Return.Status.APPROVED
    wait_for_mail("admin.a@example.org", r"figures now count")
    page.goto("/measures/returns/outstanding/")
    staff.axe(page, "who has not reported")

    admin.assert_clean()
    staff.assert_clean()


def test_a_commissioner_records_a_contract_and_its_provider_reports_delivery(auditor, users, org_a):
    with_proxy("people-volunteering", "120", deadweight="25", attribution="10")
    org_a.ward = salford_ward()
    org_a.save()
    commissioner_organisation(users["commissioner"], name="Salford City Council")
    today = timezone.localdate()
    buyer: Auditor = auditor("commissioner", users["commissioner"])
    page = buyer.new_page()

    # --- The commissioner records the contract ------------------------------------------
    page.goto("/measures/contracts/")
    buyer.axe(page, "empty register")
    page.get_by_role("link", name="Record a contract").click()
    page.get_by_label("Provider").fill(ORGANISATION)
    page.get_by_label("Contract title").fill("Community meals in Ordsall")
    page.get_by_label("Category").select_option(label="Services")
    page.get_by_label("Contract value (£)").fill("80,000")
    page.get_by_label("Starts").fill((today - datetime.timedelta(days=60)).isoformat())
    page.get_by_label("Ends").fill((today + datetime.timedelta(days=300)).isoformat())
    page.get_by_label("Social value weighting in the tender (%)").fill("10")
    first = page.get_by_role("group", name="Commitment 1")
    first.get_by_label("Kind of social value").select_option("core")
    first.get_by_label("Indicator").select_option(label="People volunteering (people)")
    first.get_by_label("Quantity promised").fill("40")
    first.get_by_label("By when").fill((today + datetime.timedelta(days=300)).isoformat())
    buyer.axe(page, "new contract")
    page.get_by_role("button", name="Record the contract").click()
    expect_message(page, "The contract is in the register.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community meals in Ordsall")
    expect(page.get_by_test_id("contract-facts")).to_contain_text("Salford provider")
    buyer.axe(page, "contract page")

    # --- The provider reports what it delivered -----------------------------------------
    provider: Auditor = auditor("provider", users["admin_a"])
    page = provider.new_page()
    page.goto("/measures/contracts/")
    page.get_by_test_id("contracts").get_by_role("link", name="Community meals in Ordsall").click()
    page.get_by_role("link", name="Report what you delivered").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(Quarter.containing(today).label)
    row = page.get_by_role("group", name="Core: People volunteering")
    row.get_by_label("Delivered this quarter (people)").fill("12")
    row.get_by_label("Evidence").fill("Rota sign-in sheets")
    provider.axe(page, "delivery report")
    page.get_by_role("button", name="Send the report to the commissioner").click()
    expect_message(page, "is with Salford City Council to confirm")
    provider.axe(page, "contract page, reported")
    wait_for_mail("commissioner@example.org", r"1 report to confirm or query")

    # --- The commissioner confirms it -------------------------------------------------------
    page = buyer.new_page()
    page.goto("/measures/contracts/")
    page.get_by_test_id("contracts").get_by_role("link", name="Community meals in Ordsall").click()
    page.get_by_role("link", name=re.compile(r"^Confirm or query")).click()
    expect(page.get_by_test_id("delivery-facts")).to_contain_text("12 people")
    buyer.axe(page, "delivery review")
    page.get_by_role("radio", name="Confirm: it was delivered").check()
    page.get_by_role("button", name="Record decision").click()
    expect_message(page, "now counts as delivered")
    assert Delivery.objects.get().status == Delivery.Status.CONFIRMED

    # 12 people x £120 = £1,440; less 25% (£360) = £1,080; less 10% (£108) = £972.
    delivered = page.get_by_test_id("delivered-value")
    expect(delivered.get_by_test_id("estimate")).to_contain_text("£972")
    delivered.get_by_text("How this estimate is worked out").click()
    expect(delivered).to_contain_text("less 25% deadweight (£360) leaves £1,080")
    buyer.axe(page, "contract page, confirmed, working open")

    buyer.assert_clean()
    provider.assert_clean()


def test_an_uploads_page_follows_its_progress_until_it_is_done(auditor, users, live_server):
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.CITY_FIGURES,
        created_by=users["staff"],
        filename="figures-2025.csv",
        status=ImportJob.Status.RUNNING,
        total_rows=4000,
        processed_rows=1000,
    )
    staff: Auditor = auditor("staff", users["staff"])
    page = staff.new_page()
    page.goto(f"/measures/imports/{job.pk}/")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "22")
    staff.axe(page, "upload in progress")

    ImportJob.objects.filter(pk=job.pk).update(processed_rows=3000)
    expect(page.get_by_text("Checking: 3000 of about 4000 rows")).to_be_visible()
    expect(bar).to_have_attribute("value", "67")

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, saved_rows=4000, finished_at=timezone.now()
    )
    expect(page.get_by_test_id("import-done")).to_contain_text("4000 rows are saved")
    staff.axe(page, "upload done")
    staff.assert_clean()
