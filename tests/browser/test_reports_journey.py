"""The report pages in a real browser: axe-core finds no WCAG 2.2 A/AA violation, the
CSP lets the progress script run, and the page follows a run to its end."""

from __future__ import annotations

import re

import pytest

from reporting import services
from reporting.models import ProgressReport

from ..reporting.reports_data import city_activity, last_month, ready_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_staff_watch_a_report_being_generated_and_read_it(users, org_a, auditor, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda report_id, token: None)  # no worker yet
    city_activity(organisations=2)
    ready_report(scope="organisation", organisation=org_a)
    report, _ = services.report_request(scope="city", period=last_month())
    ProgressReport.objects.filter(pk=report.pk).update(status="running", progress=40)

    audit = auditor("staff", users["staff"])
    page = audit.new_page()
    page.goto("/measures/reports/")
    page.get_by_role("heading", name="Progress reports", level=1).wait_for()
    audit.axe(page, label="archive")

    page.get_by_role("link", name=report.title).click()
    bar = page.locator("progress#report-bar")
    assert bar.get_attribute("value") == "40"
    audit.axe(page, label="report being generated")
    # The script asks the status URL and moves the bar...
    ProgressReport.objects.filter(pk=report.pk).update(progress=70)
    page.wait_for_function("() => document.querySelector('#report-bar').value === 70")
    # ...and shows the report once a worker has finished it.
    assert services.report_generate(report_id=report.pk, token=str(report.run_token)) == "ready"
    page.get_by_test_id("report-headlines").wait_for(timeout=15_000)
    assert page.get_by_test_id("headline-pledges_made").inner_text().endswith("2")
    audit.axe(page, label="ready report")
    with page.expect_download() as download:
        page.get_by_test_id("report-csv").click()
    assert re.fullmatch(
        r"salford-monthly-report-\d{4}-\d\d-01\.csv", download.value.suggested_filename
    )
    audit.assert_clean()


def test_the_generate_form_shows_its_errors_accessibly(users, auditor):
    audit = auditor("staff", users["staff"])
    page = audit.new_page()
    page.goto("/measures/reports/")
    page.get_by_label("Month").fill("last March")
    page.get_by_role("button", name="Generate").click()
    page.get_by_test_id("error-summary").wait_for()
    assert page.get_by_label("Month").input_value() == "last March"
    audit.axe(page, label="generate form with errors")
    audit.assert_clean()
