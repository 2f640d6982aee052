"""An organisation pledges with two commitments, staff approve it, it appears on the wall
under the right filters, the organisation posts progress and a resident supports it.

Everything is done through the pages, as a person would do it: fields found by their
labels, buttons and links by their names. Every page on the way is checked with axe-core.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.models import Sector, Ward
from measures.models import Outcome
from pledges.models import Pledge

from ..pledges.factories import make_pledge
from .conftest import Auditor, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Ordsall Community Café"
HEADLINE = "Volunteers, wellbeing and no wasted scones"
SEARCH_WORD = "scones"  # in the headline only, not in the other pledge on the wall
FIRST = "Recruit 20 volunteers from Ordsall to run our Saturday lunch club"
SECOND = "Cut the food the café throws away by a quarter"
PROGRESS = "Six neighbours have joined the Saturday rota since the spring."
APPROVAL_NOTE = "A clear, measurable pledge: thank you."
# Another organisation's pledge, so each filter on the wall has something to leave out.
OTHER_HEADLINE = "Warm homes for Eccles"
# Crispy marks required fields with an asterisk inside the label: "Target*".
COMMITMENT_TEXT = re.compile(r"^Commitment\*?$")
TARGET = re.compile(r"^Target\*?$")
UNIT = re.compile(r"^Unit\*?$")
HEADLINE_LABEL = re.compile(r"^Headline\*?$")
WHAT_HAPPENED = re.compile(r"^What has happened\?\*?$")


def fill_commitment(
    commitment: Locator, *, text: str, outcomes: list[str], target: str, unit: str, due: str
) -> None:
    commitment.get_by_role("textbox", name=COMMITMENT_TEXT).fill(text)
    for outcome in outcomes:
        commitment.get_by_role("checkbox", name=outcome, exact=True).check()
    commitment.get_by_role("textbox", name=TARGET).fill(target)
    commitment.get_by_role("textbox", name=UNIT).fill(unit)
    commitment.get_by_label("Due by").fill(due)


def expect_message(page: Page, text: str) -> None:
    """The page's messages region says ``text``. (A pledge page has a second status
    region, for its badge's copy button.)"""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def filter_wall(audit: Auditor, page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the wall's ``label`` filter, show the result, check it."""
    filters = page.get_by_role("search", name="Filter pledges")
    filters.get_by_label(label, exact=True).select_option(label=option)
    filters.get_by_role("button", name="Show pledges").click()
    expect(page).to_have_url(re.compile(r"/pledges/\?"))
    audit.axe(page, f"wall filtered by {label}: {option}")


def wall_titles(page: Page) -> Locator:
    return page.get_by_test_id("pledge-card").get_by_role("heading")


def clear_filters(page: Page) -> None:
    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/pledges/$"))


def test_organisation_pledges_staff_approve_wall_filters_progress_and_support(
    auditor, users, org_a, org_b
):
    admin_user = users["admin_a"]
    org_a.ward = Ward.objects.get(name="Ordsall")
    org_a.save(update_fields=["ward"])
    org_b.sector = Sector.CHARITY
    org_b.save(update_fields=["sector"])
    make_pledge(
        status=Pledge.Status.APPROVED,
        organisation=org_b,
        pledger=users["member_b"],
        title=OTHER_HEADLINE,
        outcomes=[Outcome.objects.get(slug="less-fuel-poverty")],
    )
    today = timezone.localdate()
    first_due = today + datetime.timedelta(days=180)
    second_due = today + datetime.timedelta(days=300)

    # --- The organisation's admin writes the pledge ----------------------------------
    admin = auditor("organisation admin", admin_user)
    page = admin.new_page()
    page.goto("/pledges/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a pledge")
    expect(page.get_by_test_id("smart-guidance")).to_be_visible()
    admin.axe(page, "new pledge")
    page.get_by_role("group", name="Who is making this pledge?").get_by_role(
        "radio", name=ORGANISATION
    ).check()
    page.get_by_role("textbox", name=HEADLINE_LABEL).fill(HEADLINE)
    page.get_by_label("Why you are pledging (optional)").fill("Our café is Ordsall's front room.")
    fill_commitment(
        page.get_by_role("group", name="Commitment 1"),
        text=FIRST,
        outcomes=["More people volunteering", "Better wellbeing"],
        target="20",
        unit="volunteers",
        due=first_due.isoformat(),
    )
    page.get_by_role("button", name="Add another commitment").click()
    expect_message(page, "A blank commitment has been added")
    second = page.get_by_role("group", name="Commitment 2")
    expect(second.get_by_role("textbox", name=COMMITMENT_TEXT)).to_be_focused()
    # Nothing typed in the first commitment is lost by adding the second.
    first = page.get_by_role("group", name="Commitment 1")
    expect(first.get_by_role("textbox", name=COMMITMENT_TEXT)).to_have_value(FIRST)
    expect(first.get_by_role("checkbox", name="Better wellbeing")).to_be_checked()
    expect(page.get_by_role("textbox", name=HEADLINE_LABEL)).to_have_value(HEADLINE)
    admin.axe(page, "new pledge, second commitment added")
    fill_commitment(
        second,
        text=SECOND,
        outcomes=["Less waste"],
        target="25",
        unit="%",
        due=second_due.isoformat(),
    )
    page.get_by_test_id("save-draft").click()

    # The preview: how it will look, then submitted.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your pledge")
    expect_message(page, "Your draft is saved")
    preview = page.get_by_test_id("pledge-preview")
    expect(preview.get_by_role("heading", name=HEADLINE)).to_be_visible()
    expect(preview).to_contain_text(f"Pledged by {ORGANISATION}")
    commitments = preview.get_by_test_id("preview-commitment")
    expect(commitments).to_have_count(2)
    expect(commitments.nth(0)).to_contain_text(FIRST)
    expect(commitments.nth(0)).to_contain_text("Target: 20 volunteers")
    expect(commitments.nth(0)).to_contain_text(
        "More people volunteering (People); Better wellbeing (People)"
    )
    expect(commitments.nth(0)).to_contain_text(f"by {first_due:%-d %B %Y}")
    expect(commitments.nth(1)).to_contain_text(SECOND)
    expect(commitments.nth(1)).to_contain_text("Target: 25%")
    expect(commitments.nth(1)).to_contain_text("Less waste (Planet)")
    admin.axe(page, "preview")
    page.get_by_role("button", name="Submit for moderation").click()

    expect(page).to_have_url(re.compile(r"/pledges/mine/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your pledges")
    expect_message(page, "your pledge is with the alliance")
    row = page.get_by_test_id("pledge-row").filter(has_text=HEADLINE)
    expect(row).to_contain_text("Awaiting moderation")
    expect(row).to_contain_text("2 commitments")
    expect(row).to_contain_text(ORGANISATION)
    admin.axe(page, "my pledges, submitted")
    pledge = Pledge.objects.get(title=HEADLINE)
    assert pledge.organisation == org_a
    assert pledge.status == Pledge.Status.SUBMITTED

    # --- Staff approve it ---------------------------------------------------------------
    staff = auditor("staff", users["staff"])
    staff_page = staff.new_page()
    staff_page.goto("/moderation/")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(staff_page.get_by_test_id("queue-summary")).to_contain_text("1 pledge is waiting")
    queued = staff_page.get_by_test_id("queued-pledge").filter(has_text=HEADLINE)
    expect(queued).to_contain_text(ORGANISATION)
    staff.axe(staff_page, "moderation queue")
    queued.get_by_role("link", name=HEADLINE).click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(staff_page.get_by_test_id("pledger")).to_contain_text("Ordsall ward, Salford")
    expect(staff_page.get_by_role("heading", name="2 commitments")).to_be_visible()
    expect(staff_page.get_by_test_id("commitments")).to_contain_text(FIRST)
    expect(staff_page.get_by_test_id("commitments")).to_contain_text(SECOND)
    staff.axe(staff_page, "review")
    decision = staff_page.get_by_test_id("decision-form")
    decision.get_by_label("Approve", exact=True).check()
    decision.get_by_label("Note to the pledger").fill(APPROVAL_NOTE)
    decision.get_by_role("button", name="Record decision").click()
    expect(staff_page).to_have_url(re.compile(r"/moderation/$"))
    expect_message(staff_page, f"{HEADLINE}” is approved")
    expect(staff_page.get_by_test_id("queue-summary")).to_contain_text("No pledges are waiting")
    staff.axe(staff_page, "moderation queue after approval")

    wait_for_mail(
        admin_user.email,
        rf"approved the pledge “{re.escape(HEADLINE)}”(?s:.*)"
        rf"{re.escape(APPROVAL_NOTE)}(?s:.*)(https?://\S+/pledges/{pledge.pk}/)",
    )

    # --- The wall, filtered as a visitor would ------------------------------------------
    visitor = auditor("anonymous")
    wall = visitor.new_page()
    wall.goto("/pledges/")
    expect(wall.get_by_role("heading", level=1)).to_have_text("The pledge wall")
    expect(wall.get_by_test_id("wall-count")).to_have_text("2 pledges found")
    expect(wall_titles(wall)).to_contain_text([HEADLINE, OTHER_HEADLINE])
    visitor.axe(wall, "wall")
    for label, option in [
        ("Theme", "People"),
        ("Theme", "Planet"),
        ("Who pledged", "Community group"),
        ("Ward", "Ordsall"),
    ]:
        filter_wall(visitor, wall, label, option)
        expect(wall.get_by_test_id("wall-count")).to_have_text("1 pledge found")
        expect(wall_titles(wall)).to_have_text([HEADLINE])
        clear_filters(wall)
    # An outcome the pledge does not serve leaves it out.
    filter_wall(visitor, wall, "Outcome", "Less fuel poverty")
    expect(wall.get_by_test_id("wall-count")).to_have_text("1 pledge found")
    expect(wall_titles(wall)).to_have_text([OTHER_HEADLINE])
    clear_filters(wall)
    filters = wall.get_by_role("search", name="Filter pledges")
    filters.get_by_role("searchbox", name=re.compile(r"^Words in the pledge")).fill(SEARCH_WORD)
    filters.get_by_role("searchbox").press("Enter")
    expect(wall.get_by_test_id("wall-count")).to_have_text("1 pledge found")
    expect(wall_titles(wall)).to_have_text([HEADLINE])
    card = wall.get_by_test_id("pledge-card")
    expect(card).to_contain_text(f"{ORGANISATION} · Ordsall")
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    visitor.axe(wall, "wall searched")

    # --- The organisation posts progress on its first commitment ------------------------
    page.reload()  # back to "Your pledges", after the approval mail
    expect(row).to_contain_text("Approved")
    expect(row).to_contain_text("until ")
    admin.axe(page, "my pledges, approved")
    row.get_by_role("link", name=re.compile(r"^See on the wall")).click()
    expect(page).to_have_url(re.compile(rf"/pledges/{pledge.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(page.get_by_test_id("pledged-by")).to_contain_text(f"{ORGANISATION}, Ordsall")
    # The owner sees the decision, with the staff member's name and note, in the history.
    approved = page.get_by_test_id("history").get_by_role("listitem").filter(has_text="Approved")
    expect(approved).to_contain_text("Approved by Sam on")
    expect(approved).to_contain_text(APPROVAL_NOTE)
    admin.axe(page, "pledge page, before progress")
    page.get_by_role("link", name="Post progress on commitment 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post progress")
    expect(page.get_by_role("heading", name=FIRST)).to_be_visible()
    admin.axe(page, "post progress")
    form = page.get_by_test_id("progress-form")
    form.get_by_role("textbox", name=WHAT_HAPPENED).fill(PROGRESS)
    form.get_by_label("Figure reached so far (optional)").fill("6")
    form.get_by_role("button", name="Publish update").click()

    expect(page).to_have_url(re.compile(rf"/pledges/{pledge.pk}/#commitment-\d+$"))
    expect_message(page, "Your progress update is published")
    on_page = page.get_by_test_id("commitment")
    first = on_page.filter(has_text=FIRST)
    expect(first.get_by_test_id("updates")).to_contain_text(PROGRESS)
    expect(first.get_by_test_id("updates")).to_contain_text("reached 6 volunteers")
    # 6 of 20 volunteers is 30%; the pledge is the mean of 30% and 0%.
    expect(first.get_by_role("progressbar", name="Progress on commitment 1")).to_have_attribute(
        "aria-valuenow", "30"
    )
    expect(first.get_by_test_id("commitment-figure")).to_contain_text("6 of 20 volunteers")
    expect(page.get_by_role("progressbar", name="Progress on the whole pledge")).to_have_attribute(
        "aria-valuenow", "15"
    )
    expect(on_page.filter(has_text=SECOND).get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "0"
    )
    admin.axe(page, "pledge page, after progress")

    # --- A resident supports it -----------------------------------------------------------
    resident = auditor("resident", users["resident"])
    their_page = resident.new_page()
    their_page.goto("/pledges/")
    resident.axe(their_page, "wall, signed in")
    their_page.get_by_test_id("pledge-list").get_by_role("link", name=HEADLINE).click()
    expect(their_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    support = their_page.get_by_test_id("support")
    expect(support.get_by_test_id("support-count")).to_have_text("0")
    toggle = support.get_by_role("button", name="Support this pledge")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    resident.axe(their_page, "pledge page, not yet supporting")
    toggle.click()
    expect_message(their_page, "you now support this pledge")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(support.get_by_test_id("support-count")).to_have_text("1")
    expect(support).to_contain_text("person supports this pledge")
    expect(support.get_by_test_id("supporters")).to_contain_text("Rosa")
    resident.axe(their_page, "pledge page, supporting")
    # It is a toggle: pressed again, the support is taken back.
    toggle.click()
    expect_message(their_page, "You no longer support this pledge")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(support.get_by_test_id("support-count")).to_have_text("0")
    resident.axe(their_page, "pledge page, support taken back")

    admin.assert_clean()
    staff.assert_clean()
    visitor.assert_clean()
    resident.assert_clean()
