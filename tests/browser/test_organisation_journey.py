"""An organisation joins the portal, tidies its profile and brings a colleague in.

Everything a person would do is done through the pages, as they would do it: the forms
are filled in by their labels and the links followed from the mail that was sent.
Every page on the way is checked with axe-core.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Membership, Organisation

from ..accounts.factories import PASSWORD
from .conftest import Auditor, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_EMAIL = "hello@seedley-larder.example.org"
COLLEAGUE_EMAIL = "kemi@seedley-larder.example.org"
ORGANISATION = "Seedley Larder"
# Crispy marks required fields with an asterisk inside the label: "Email*".
EMAIL = re.compile(r"^Email\*?$")
PASSWORD_LABEL = re.compile(r"^Password\*?$")
PASSWORD_AGAIN = re.compile(r"^Password \(again\)")


def path_of(url: str) -> str:
    """The path of a link in a mail: mail carries the site's public address."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fill_about_you(page: Page, *, email: str, name: str, ward: str | None = None) -> None:
    page.get_by_role("textbox", name=EMAIL).fill(email)
    page.get_by_label("Your name").fill(name)
    if ward:
        page.get_by_label("Your ward (optional)").select_option(label=ward)
    page.get_by_role("textbox", name=PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("textbox", name=PASSWORD_AGAIN).fill(PASSWORD)


def verify_email(audit: Auditor, page: Page, email: str) -> None:
    """From the 'verify your email' page, follow the mailed link and confirm."""
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"(verify|check) your email", re.IGNORECASE)
    )
    audit.axe(page, "verification sent")
    link = wait_for_mail(email, r"https?://\S+/accounts/confirm-email/[^/\s]+/")
    page.goto(path_of(link.group(0)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"confirm (your )?email address", re.IGNORECASE)
    )
    audit.axe(page, "confirm email")
    page.get_by_role("button", name="Confirm").click()
    # Confirming does not sign in: the person is asked to log in.
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("status")).to_contain_text(email)


def log_in(audit: Auditor, page: Page, email: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    audit.axe(page, "login")
    page.get_by_role("textbox", name=EMAIL).fill(email)
    page.get_by_role("textbox", name=PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/home/$"))


def test_organisation_registers_edits_profile_and_invites_a_colleague(auditor):
    # --- The organisation registers ------------------------------------------
    admin = auditor("organisation admin")
    page = admin.new_page()
    page.goto("/accounts/signup/")
    organisation_fields = page.get_by_test_id("organisation-fields")
    # Progressive enhancement: the organisation's fields wait until they are wanted.
    expect(organisation_fields).to_be_hidden()
    admin.axe(page, "signup")
    fill_about_you(page, email=ADMIN_EMAIL, name="Dele", ward="Weaste & Seedley")
    page.get_by_label("On behalf of an organisation").check()
    expect(organisation_fields).to_be_visible()
    admin.axe(page, "signup, organisation fields shown")
    # Sent without the organisation's details: an error summary, and nothing typed lost.
    page.get_by_role("button", name="Register").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Organisation name")
    expect(summary).to_be_focused()
    expect(page.get_by_role("textbox", name=EMAIL)).to_have_value(ADMIN_EMAIL)
    expect(page.get_by_label("On behalf of an organisation")).to_be_checked()
    expect(organisation_fields).to_be_visible()
    admin.axe(page, "signup with errors")
    for label in (PASSWORD_LABEL, PASSWORD_AGAIN):
        page.get_by_role("textbox", name=label).fill(PASSWORD)
    page.get_by_label("Organisation name").fill(ORGANISATION)
    page.get_by_label("Sector").select_option(index=1)
    page.get_by_label("Size").select_option(index=1)
    page.get_by_label("Postcode").fill("m6 5fw")
    page.get_by_label("Ward", exact=True).select_option(label="Weaste & Seedley")
    page.get_by_label("Website (optional)").fill("seedley-larder.example.org")
    page.get_by_label("What the organisation does (optional)").fill("A pantry for Seedley.")
    page.get_by_role("button", name="Register").click()

    verify_email(admin, page, ADMIN_EMAIL)
    log_in(admin, page, ADMIN_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Dele")
    admin.axe(page, "dashboard")

    # --- Its page, and its profile edited ---------------------------------------
    page.get_by_role("link", name=ORGANISATION).click()
    organisation = Organisation.objects.get(name=ORGANISATION)
    assert organisation.ward.name == "Weaste & Seedley"
    expect(page).to_have_url(re.compile(rf"/organisations/{organisation.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    expect(page.get_by_text("Weaste & Seedley ward, Salford")).to_be_visible()
    admin.axe(page, "organisation page")

    page.get_by_role("link", name="Edit profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {ORGANISATION}")
    admin.axe(page, "edit organisation")
    description = "A community pantry and Saturday cooking club for Seedley families."
    website = "https://larder.example.org/"
    page.get_by_label("What the organisation does (optional)").fill(description)
    page.get_by_label("Website (optional)").fill(website)
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_url(re.compile(rf"/organisations/{organisation.slug}/$"))
    expect(page.get_by_role("status")).to_contain_text("profile is saved")
    expect(page.get_by_text(description)).to_be_visible()
    expect(page.get_by_role("link", name=website)).to_have_attribute("href", website)
    admin.axe(page, "organisation page after edit")

    # --- A colleague invited --------------------------------------------------------
    page.get_by_role("link", name="Members", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Members of {ORGANISATION}")
    admin.axe(page, "members")
    page.get_by_label("Email address of the person to invite").fill(COLLEAGUE_EMAIL)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(COLLEAGUE_EMAIL)
    expect(page.get_by_text(f"{COLLEAGUE_EMAIL} (expires")).to_be_visible()
    admin.axe(page, "members after invitation")
    invitation_link = wait_for_mail(COLLEAGUE_EMAIL, r"https?://\S+/invitations/[^/\s]+/")

    # --- The colleague registers, verifies and joins (a browser of their own) -----
    colleague = auditor("colleague")
    their_page = colleague.new_page()
    their_page.goto(path_of(invitation_link.group(0)))
    expect(their_page.get_by_role("heading", level=1)).to_have_text(f"Join {ORGANISATION}")
    colleague.axe(their_page, "invitation, signed out")
    their_page.get_by_role("link", name="Register").last.click()
    expect(their_page.get_by_label("As a resident, for myself")).to_be_checked()
    fill_about_you(their_page, email=COLLEAGUE_EMAIL, name="Kemi")
    their_page.get_by_role("button", name="Register").click()
    verify_email(colleague, their_page, COLLEAGUE_EMAIL)
    log_in(colleague, their_page, COLLEAGUE_EMAIL)
    colleague.axe(their_page, "colleague dashboard")

    their_page.goto(path_of(invitation_link.group(0)))
    colleague.axe(their_page, "invitation, signed in")
    their_page.get_by_role("button", name=f"Join {ORGANISATION}").click()
    expect(their_page).to_have_url(re.compile(rf"/organisations/{organisation.slug}/$"))
    expect(their_page.get_by_role("status")).to_contain_text(ORGANISATION)
    expect(their_page.get_by_role("link", name="Leave this organisation")).to_be_visible()
    expect(their_page.get_by_role("definition").filter(has_text=re.compile(r"^2$"))).to_have_count(
        1
    )
    colleague.axe(their_page, "organisation page as member")

    # The admin sees them among the members.
    page.reload()
    members = page.get_by_test_id("members")
    expect(members.get_by_role("row").filter(has_text=COLLEAGUE_EMAIL)).to_contain_text("Kemi")
    assert Membership.objects.filter(
        organisation=organisation, user__email=COLLEAGUE_EMAIL, role=Membership.Role.MEMBER
    ).exists()

    admin.assert_clean()
    colleague.assert_clean()
