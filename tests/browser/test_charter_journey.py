"""An organisation signs the charter, staff verify it, the organisation prints its
certificate, anyone checks it, the directory lists it, and a year on the organisation
reviews its statements and staff accept the review.

Everything is done through the pages, as a person would: fields found by their labels,
buttons and links by their names. Every page on the way is checked with axe-core.
"""

from __future__ import annotations

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import Page, expect

from charter import tasks
from charter.models import Signature
from pledges.models import Pledge

from ..pledges.factories import make_pledge
from .conftest import wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Ordsall Community Café"
PLEDGE = "Volunteers and no wasted scones"
STATEMENTS = {
    "Embed social value": "Write social value into our buying policy; the board adopts it.",
    "Deliver social value": "Buy our food from Salford growers whenever we can.",
    "Demonstrate social value": "Publish what we spend in Salford every year.",
}
DONE = "The board adopted the policy in March."
NEXT = "Review the policy with our suppliers."
WHAT_WE_WILL_DO = re.compile(r"^What you will do\*?$")


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_sign_verify_certificate_check_directory_and_yearly_review(auditor, users, org_a):
    make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, title=PLEDGE)
    due = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()

    # --- The organisation's admin signs ----------------------------------------------
    admin = auditor("organisation admin", users["admin_a"])
    page = admin.new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Charter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Salford Social Value Charter")
    expect(page.get_by_test_id("principles").get_by_role("listitem")).to_have_count(5)
    admin.axe(page, "the charter")
    page.get_by_role("link", name="Sign the charter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sign the charter for {ORGANISATION}"
    )
    admin.axe(page, "sign")
    page.get_by_role("radio", name="Provider", exact=True).check()
    page.get_by_label("Name of the authorised signatory").fill("Ada Lovelace")
    page.get_by_label("Their position").fill("Chair of Trustees")
    # Submitting without the authority confirmed says so and keeps what was typed.
    for area, text in STATEMENTS.items():
        group = page.get_by_role("group", name=area)
        group.get_by_role("textbox", name=WHAT_WE_WILL_DO).fill(text)
        group.get_by_role("textbox", name="By when").fill(due)
    page.get_by_role("group", name="Embed social value").get_by_role(
        "checkbox", name=f"Pledge: {PLEDGE}"
    ).check()
    page.get_by_role("button", name="Submit for verification").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Confirm the signatory’s authority to sign.")
    expect(page.get_by_label("Name of the authorised signatory")).to_have_value("Ada Lovelace")
    admin.axe(page, "sign, with an error")
    page.get_by_role("checkbox", name=re.compile("authority to commit")).check()
    page.get_by_role("button", name="Submit for verification").click()
    expect_message(page, "your signature is with the alliance’s staff")
    expect(page.get_by_test_id("signature-status")).to_have_text("Waiting for verification")
    admin.axe(page, "signature, submitted")

    # --- Staff verify it ---------------------------------------------------------------
    staff = auditor("staff", users["staff"])
    desk = staff.new_page()
    desk.goto("/moderation/?kind=charter-signatures")
    section = desk.get_by_test_id("queue-section-charter-signatures")
    section.get_by_role("link", name=ORGANISATION).click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(f"Verify {ORGANISATION}’s signature")
    expect(desk.get_by_test_id("statements")).to_contain_text(PLEDGE)
    staff.axe(desk, "verify a signature")
    desk.get_by_role("radio", name="Verify").check()
    desk.get_by_role("button", name="Record decision").click()
    expect_message(desk, "signature is verified")

    # --- The organisation prints its certificate ------------------------------------
    # The mail's link, on this test's server.
    link = wait_for_mail(users["admin_a"].email, r"/charter/signatures/\d+/")
    page.goto(link.group(0))
    expect(page.get_by_test_id("signature-status")).to_have_text("Verified")
    page.get_by_role("link", name="Your certificate").click()
    certificate = page.get_by_test_id("certificate")
    expect(certificate.get_by_test_id("certificate-organisation")).to_have_text(ORGANISATION)
    signature = Signature.objects.get(organisation=org_a)
    expect(certificate.get_by_test_id("certificate-number")).to_have_text(
        signature.certificate_number
    )
    qr = certificate.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    expect(qr.locator("svg")).to_be_visible()
    expect(page.get_by_role("button", name="Print the certificate")).to_be_visible()
    admin.axe(page, "certificate")
    verification = page.get_by_test_id("verification-link").get_attribute("href")
    assert signature.certificate_token in verification

    # --- Anyone checks it, then finds the organisation in the directory --------------
    visitor = auditor("anonymous")
    public = visitor.new_page()
    public.goto(verification)
    expect(public.get_by_test_id("verification")).to_contain_text("Genuine and current")
    visitor.axe(public, "certificate check")
    public.goto("/charter/signatories/")
    filters = public.get_by_role("search", name="Filter signatories")
    filters.get_by_label("Sector").select_option(label=org_a.get_sector_display())
    filters.get_by_role("button", name="Show signatories").click()
    expect(public.get_by_test_id("signatory")).to_have_count(1)
    expect(public.get_by_test_id("signatory")).to_contain_text(ORGANISATION)
    expect(public.get_by_test_id("figures-sectors")).to_contain_text("1")
    # Chart.js draws the charts beside their tables.
    expect(public.locator("canvas[data-chart='sectors']")).to_be_visible()
    visitor.axe(public, "directory, filtered")

    # --- A year on: the reminder, the review, staff accept it ------------------------
    Signature.objects.filter(pk=signature.pk).update(
        cycle_started_at=timezone.now() - relativedelta(months=11, days=1),
        verified_at=timezone.now() - relativedelta(months=11, days=1),
    )
    tasks.remind_reviews.delay()
    review_link = wait_for_mail(users["admin_a"].email, r"/charter/signatures/\d+/review/")
    page.goto(review_link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Yearly review for {ORGANISATION}")
    admin.axe(page, "yearly review")
    for area in STATEMENTS:
        group = page.get_by_role("group", name=area)
        group.get_by_role("textbox", name="What you have done this year").fill(DONE)
        group.get_by_role("textbox", name="What you will do next").fill(NEXT)
        group.get_by_role("textbox", name="By when").fill(due)
    page.get_by_role("button", name="Send the review to the alliance").click()
    expect_message(page, "your review is with the alliance’s staff")

    desk.goto("/moderation/?kind=charter-reviews")
    desk.get_by_test_id("queue-section-charter-reviews").get_by_role(
        "link", name=ORGANISATION
    ).click()
    expect(desk.get_by_test_id("review-entries")).to_contain_text(DONE)
    staff.axe(desk, "decide on a review")
    desk.get_by_role("radio", name="Accept").check()
    desk.get_by_role("button", name="Record decision").click()
    expect_message(desk, "yearly review is accepted")

    public.goto(f"/organisations/{org_a.slug}/")
    panel = public.get_by_test_id("organisation-charter")
    expect(panel.get_by_test_id("charter-status")).to_have_text("Signatory")
    expect(panel).to_contain_text("Our latest yearly review")
    expect(panel.get_by_test_id("statements")).to_contain_text(NEXT)
    visitor.axe(public, "organisation page")

    for audit in (admin, staff, visitor):
        audit.assert_clean()
