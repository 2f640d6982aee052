"""Focus, borders and phones (issue 13, "Accessibility and mobile" 1-4), measured in
Chromium where axe-core cannot see: the focus indicator's contrast (keyboard focus on the
main navigation was rgba(13,110,253,.25) on #8A1538, 1.03:1), control borders (#DEE2E6 on
white, 1.30:1), sideways scrolling at 390 px, the navigation and the wall's filters on a
phone, the Support button's place, focus after removing a commitment, and a long paste
into a limited text box. ``test_axe_sweep.py`` runs the same focus, border and width
checks on every page of the permission matrix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from pledges.models import Pledge

from ..permission_matrix import Objects, rows
from ..pledges.factories import CommitmentFactory, make_pledge
from .a11y_checks import MIN_CONTRAST, PHONE, focused_indicator
from .conftest import Auditor, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A page of each kind, as an organisation's admin: navigation, links and buttons; search,
# selects and a folding panel; radios, checkboxes and text areas; tables; the charter,
# measures, reporting and toolkit pages.
PAGES_OF_EACH_KIND = [
    "home",
    "pledges:wall",
    "pledges:new",
    "pledges:detail",
    "pledges:mine",
    "charter:sign",
    "measures:returns",
    "measures:delivery_report",
    "reporting:progress",
    "toolkit:checklist_take",
    "accounts:profile",
]
COMMITMENT_TEXT = re.compile(r"^Commitment\*?$")


def tab_until(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_focus_and_borders_on_a_page_of_each_kind(users, org_a, org_b, auditor, live_server):
    objects = Objects(users, org_a, org_b).build_all()
    by_name = {row.name: row for row in rows()}
    audit: Auditor = auditor("admin_a")
    page = audit.new_page()
    for name in PAGES_OF_EACH_KIND:
        sign_in(audit.context, users["admin_a"], live_server.url)
        response = page.goto(by_name[name].url(objects))
        assert response.status == 200, name
        audit.check_focus_and_borders(page, label=name)
    anonymous = auditor("anonymous")
    login = anonymous.new_page()
    login.goto("/accounts/login/")
    anonymous.check_focus_and_borders(login, label="login")
    audit.assert_clean()
    anonymous.assert_clean()


def test_keyboard_focus_looks_the_same_in_the_navigation_and_the_content(auditor):
    """By keyboard, as people use it: the navigation's focus stands out from its red
    background and is the same indicator as on a link in the page."""
    audit = auditor("anonymous")
    page = audit.new_page()
    page.goto("/")
    tab_until(page, ".site-nav a.nav-link")
    in_nav = focused_indicator(page)
    tab_until(page, "main a[href]")
    in_content = focused_indicator(page)
    assert in_nav["good"] and in_content["good"], (in_nav, in_content)
    assert in_nav["background"] == "#8a1538"
    best_in_nav = max(part["ratio"] for part in in_nav["parts"] if part["width"] >= 2)
    assert best_in_nav >= MIN_CONTRAST, in_nav
    assert in_nav["indicator"] == in_content["indicator"]
    audit.assert_clean()


def test_the_checks_catch_faint_focus_pale_borders_and_overflow(auditor):
    """The harness itself: put back what the audit found and each check must say so."""
    audit = auditor("anonymous")
    page = audit.new_page()
    page.goto("/pledges/")
    # Rules added to the page's own stylesheet (the CSP refuses a new inline one).
    page.evaluate(
        """() => {
          const sheet = [...document.styleSheets].find((s) => s.href && s.href.includes('site'));
          const add = (rule) => sheet.insertRule(rule, sheet.cssRules.length);
          add('.site-nav .nav-link:focus-visible { outline: 0 !important;'
            + ' box-shadow: 0 0 0 .25rem rgba(13, 110, 253, .25) !important; }');
          add('.form-select { border-color: #dee2e6 !important; }');
          add('.made-too-wide { width: 522px; }');
          const wide = document.createElement('div');
          wide.className = 'made-too-wide';
          wide.textContent = 'x';
          document.querySelector('main').append(wide);
        }"""
    )
    found = audit.check_focus_and_borders(page)
    joined = "\n".join(found)
    faint = r"focus on <a\.nav-link> .* over #8a1538: box-shadow 4px #\w+ is 1\.0\d:1"
    assert re.search(faint, joined)
    assert "focus looks different on different controls" in joined
    assert re.search(r"border of <select#theme.form-select> .* 1\.30:1", joined)
    page.set_viewport_size(PHONE)
    [too_wide] = audit.check_width(page)
    assert re.match(r"\d+ px wide at 390 px: <div\.made-too-wide> to \d+ px$", too_wide)
    audit.problems.clear()


def test_on_a_phone_the_navigation_folds_behind_a_menu_button(auditor):
    audit = auditor("anonymous")
    page = audit.new_page()
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    pledges_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Pledges")
    expect(pledges_link).to_be_hidden()
    header = page.evaluate("() => document.querySelector('header').getBoundingClientRect().height")
    assert header < 150, f"the header is {header} px tall on a phone"
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(pledges_link).to_be_visible()
    expect(page.locator("#site-nav-links")).to_have_class(re.compile(r"\bshow\b"))  # opened
    pledges_link.focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    audit.check_width(page, "home with the menu")
    # On a wide screen there is no button and every link shows.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_hidden()
    expect(pledges_link).to_be_visible()
    audit.assert_clean()


def test_on_a_phone_the_wall_filters_fold_and_count(auditor):
    audit = auditor("anonymous")
    page = audit.new_page()
    page.set_viewport_size(PHONE)
    page.goto("/pledges/?theme=people&sector=resident")
    summary = page.get_by_test_id("wall-filters-summary")
    expect(summary).to_contain_text("2 filters on")
    theme = page.get_by_label("Theme")
    expect(theme).to_be_hidden()
    results = page.get_by_test_id("wall-count").bounding_box()
    assert results["y"] < 700, f"the results start {results['y']} px down"
    summary.click()
    expect(theme).to_be_visible()
    audit.axe(page, "wall filters open on a phone")
    audit.check_width(page, "wall filters open on a phone")
    # On a wide screen the filters stay open.
    wide = audit.new_page()
    wide.goto("/pledges/")
    expect(wide.get_by_label("Theme")).to_be_visible()
    audit.assert_clean()


def test_on_a_phone_support_comes_before_the_commitments(users, org_a, auditor):
    pledge = make_pledge(
        status=Pledge.Status.APPROVED, organisation=org_a, pledger=users["member_a"]
    )
    for _ in range(3):
        CommitmentFactory(pledge=pledge)
    audit = auditor("resident", users["resident"])
    page = audit.new_page()
    page.set_viewport_size(PHONE)
    page.goto(pledge.get_absolute_url())
    support = page.get_by_role("button", name="Support this pledge").bounding_box()
    first = page.get_by_test_id("commitment").first.bounding_box()
    assert support["y"] < first["y"]
    assert support["y"] < PHONE["height"], "Support is not on the first screen"
    audit.check_width(page, "pledge on a phone")
    # Wide: the commitments on the left, Support to their right.
    page.set_viewport_size({"width": 1280, "height": 800})
    support = page.get_by_role("button", name="Support this pledge").bounding_box()
    first = page.get_by_test_id("commitment").first.bounding_box()
    assert support["x"] > first["x"] + first["width"] - 1
    audit.axe(page, "pledge")
    audit.assert_clean()


def test_after_removing_a_commitment_focus_goes_to_the_next_one(users, auditor):
    audit = auditor("resident", users["resident"])
    page = audit.new_page()
    page.goto("/pledges/new/")
    add = page.get_by_role("button", name="Add another commitment")
    add.click()
    page.get_by_role("button", name="Add another commitment").click()
    commitments = page.get_by_test_id("commitment")
    expect(commitments).to_have_count(3)
    for number, words in enumerate(["First thing", "Second thing", "Third thing"]):
        commitments.nth(number).get_by_role("textbox", name=COMMITMENT_TEXT).fill(words)
    page.get_by_role("button", name="Remove commitment 2").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Commitment 2 has been removed")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("name", "commitments-1-text")
    expect(focused).to_have_value("Third thing")
    # The last one removed: focus on "Add another commitment".
    page.get_by_role("button", name="Remove commitment 2").click()
    expect(page.locator(":focus")).to_have_attribute("name", "add_commitment")
    audit.axe(page, "after removing")
    audit.assert_clean()


def test_a_long_paste_is_kept_counted_and_refused_with_a_message(users, auditor):
    """A 600-character paste was cut to 300 without a word."""
    audit = auditor("resident", users["resident"])
    page = audit.new_page()
    page.goto("/pledges/new/")
    box = page.get_by_role("textbox", name=COMMITMENT_TEXT)
    count = page.locator("#id_commitments-0-text-count")
    expect(count).to_have_text("You have 300 characters left")
    box.focus()
    page.keyboard.insert_text("a" * 600)  # as a paste arrives
    expect(box).to_have_value("a" * 600)
    expect(count).to_have_text("You have 300 characters too many")
    page.keyboard.press("Backspace")
    expect(count).to_have_text("You have 299 characters too many")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text(
        "Keep the commitment to 300 characters or fewer (it has 599)"
    )
    expect(page.get_by_role("textbox", name=COMMITMENT_TEXT)).to_have_value("a" * 599)
    audit.axe(page, "too long")
    audit.assert_clean()
