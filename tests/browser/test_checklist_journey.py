"""An organisation's admin takes the self-assessment checklist part way, saves, comes
back and finishes it; reads the results and the improvement plan; takes it again (the
previous answers already chosen), improves some answers, finishes, and sees the change
in each section.

Everything is done through the pages, as a person would do it: each answer chosen by
its question's group and the answer's label. Every page on the way is checked with
axe-core.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from toolkit.models import Checklist

from ..toolkit.checklist_factories import questions_of
from .conftest import Auditor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Ordsall Community Café"
# The first round: most things partly done, a few not yet, the Caring City not relevant.
NOT_YET = {"living-wage", "buy-local-first", "recruit-residents"}
NOT_RELEVANT_SECTION = "caring-city"
# The second round: these move up to Fully.
IMPROVED = {"living-wage", "buy-local-first", "secure-hours"}
LABELS = {
    "not_yet": "Not yet",
    "partly": "Partly",
    "fully": "Fully",
    "not_relevant": "Not relevant to us",
}


def answer(page: Page, question_text: str, label: str) -> None:
    page.get_by_role("group", name=question_text, exact=True).get_by_role(
        "radio", name=label, exact=True
    ).check()


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def first_choice(key: str, section_key: str) -> str:
    if section_key == NOT_RELEVANT_SECTION:
        return "not_relevant"
    return "not_yet" if key in NOT_YET else "partly"


def chart_drawn(page: Page, which: str) -> bool:
    """Chart.js has drawn the chart (charts.js runs once the deferred scripts load)."""
    page.wait_for_load_state("load")
    return page.evaluate(
        "which => { const c = document.querySelector(`canvas[data-chart='${which}']`);"
        " return !!(c && window.Chart && Chart.getChart(c) && c.width > 0"
        " && c.closest('[data-chart-box]').hidden === false); }",
        which,
    )


def test_organisation_completes_retakes_and_sees_the_change(auditor, users, org_a):
    questions = questions_of(Checklist.objects.current())
    total = len(questions)
    admin: Auditor = auditor("organisation admin", users["admin_a"])
    page = admin.new_page()

    # --- What the checklist is, and where to start ---------------------------------
    page.goto("/toolkit/checklist/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Starting Off in Social Value in Salford"
    )
    admin.axe(page, "checklist start")
    page.get_by_role("link", name=f"Start the checklist for {ORGANISATION}").click()
    expect(page).to_have_url(re.compile(f"/toolkit/checklist/{org_a.slug}/take/$"))
    # Opening the page writes nothing: the assessment starts with a button (a POST).
    admin.axe(page, "take, start")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(f"/toolkit/checklist/{org_a.slug}/take/$"))
    expect(page.get_by_text(f"0 of {total} answered", exact=True)).to_be_visible()
    admin.axe(page, "take, blank")

    # --- Part way, then save and come back -----------------------------------------
    first_part, rest = questions[:10], questions[10:]
    for question in first_part:
        answer(page, question.text, LABELS[first_choice(question.key, question.section.key)])
    page.get_by_role("group", name=first_part[0].text, exact=True).get_by_text("Learn more").click()
    expect(
        page.get_by_role("group", name=first_part[0].text, exact=True).get_by_role(
            "link", name="Putting Salford first"
        )
    ).to_be_visible()
    # Counted as answers are chosen (site.js), before anything is saved.
    expect(page.get_by_text(f"10 of {total} answered", exact=True)).to_be_visible()
    page.get_by_role("button", name="Save and come back later").click()
    expect_message(page, "Your answers are saved")
    expect(page.get_by_text(f"10 of {total} answered", exact=True)).to_be_visible()
    admin.axe(page, "take, saved part way")

    page.goto("/toolkit/checklist/")
    expect(page.get_by_text(f"In progress: 10 of {total} questions answered.")).to_be_visible()
    page.get_by_role("link", name=f"Continue the checklist for {ORGANISATION}").click()
    expect(
        page.get_by_role("group", name=first_part[0].text, exact=True).get_by_role(
            "radio", name="Partly", exact=True
        )
    ).to_be_checked()

    # --- Finishing too early lists what is left ------------------------------------
    for question in rest[:-1]:
        answer(page, question.text, LABELS[first_choice(question.key, question.section.key)])
    page.get_by_role("button", name="Finish and see results").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    admin.axe(page, "take, one unanswered")
    summary.get_by_role("link", name=rest[-1].text).click()
    last = rest[-1]
    answer(page, last.text, LABELS[first_choice(last.key, last.section.key)])
    page.get_by_role("button", name="Finish and see results").click()

    # --- The results -----------------------------------------------------------------
    expect(page).to_have_url(re.compile(r"/toolkit/checklist/assessments/\d+/$"))
    expect_message(page, "your checklist is complete")
    first_url = page.url
    first_overall = int(page.get_by_test_id("overall-score").inner_text())
    assert 0 < first_overall < 67
    table = page.get_by_test_id("section-table")
    expect(table.get_by_role("row", name=re.compile("A Caring City Not scored"))).to_be_visible()
    plan = page.get_by_test_id("improvement-plan")
    expect(plan.get_by_role("listitem")).to_have_count(5)
    # The Not yet answers of weight 3 come first.
    expect(plan.get_by_role("heading", level=3).first).to_have_text(
        next(q.text for q in questions if q.key == "recruit-residents")
    )
    expect(plan.get_by_role("link", name="Setting the standard: fair work").first).to_be_visible()
    expect(page.get_by_role("button", name="Print these results")).to_be_visible()
    assert chart_drawn(page, "sections")
    expect(page.get_by_test_id("history")).to_contain_text("first completed assessment")
    admin.axe(page, "results, first")

    # --- Taking it again: the previous answers are chosen --------------------------
    page.get_by_role("link", name="Take it again").click()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_text(f"{total} of {total} answered", exact=True)).to_be_visible()
    living_wage = next(q for q in questions if q.key == "living-wage")
    expect(
        page.get_by_role("group", name=living_wage.text, exact=True).get_by_role(
            "radio", name="Not yet", exact=True
        )
    ).to_be_checked()
    admin.axe(page, "take, second time")
    for question in questions:
        if question.key in IMPROVED:
            answer(page, question.text, "Fully")
    page.get_by_role("button", name="Finish and see results").click()

    # --- The change --------------------------------------------------------------------
    expect(page).to_have_url(re.compile(r"/toolkit/checklist/assessments/\d+/$"))
    assert page.url != first_url
    second_overall = int(page.get_by_test_id("overall-score").inner_text())
    assert second_overall > first_overall
    history = page.get_by_test_id("history-table")
    expect(history.get_by_role("columnheader")).to_have_count(3)
    expect(history.get_by_role("row", name=re.compile(r"^Overall"))).to_contain_text(
        f"+{second_overall - first_overall} since the one before"
    )
    expect(history.get_by_role("row", name=re.compile(r"^Setting the standard"))).to_contain_text(
        "since the one before"
    )
    expect(history.get_by_role("row", name=re.compile(r"^Buying in Salford"))).to_contain_text(
        "since the one before"
    )
    # Unchanged sections say so too: ±0.
    expect(history.get_by_role("row", name=re.compile(r"^A Growing City"))).to_contain_text(
        "\u00b10"
    )
    assert chart_drawn(page, "sections")
    assert chart_drawn(page, "overall")
    admin.axe(page, "results, second")
    admin.assert_clean()
