"""The report archive, a report's page and its progress, and staff's "generate now"."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.submissions import new_token
from reporting.models import ProgressReport

from ..accounts.factories import OrganisationFactory, member_of
from .reports_data import last_month, last_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _report(organisation=None, months_ago=1, **fields) -> ProgressReport:
    """A row as the archive lists it (figures are not read there)."""
    day = timezone.localdate().replace(day=1)
    for _i in range(months_ago):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    end = (day + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    defaults = {"status": "ready", "generated_at": timezone.now(), "figures": {"headlines": []}}
    return ProgressReport.objects.create(
        scope="organisation" if organisation else "city",
        organisation=organisation,
        kind="quarterly" if organisation else "monthly",
        period_start=day,
        period_end=end,
        **{**defaults, **fields},
    )


def _listed(client) -> list[str]:
    response = client.get("/measures/reports/")
    assert response.status_code == 200
    return [r.title for r in response.context["page"].object_list]


def test_each_person_sees_the_reports_they_may(org_a, org_b, client_for, users):
    city = _report()
    of_a = _report(org_a)
    of_b = _report(org_b)
    assert set(_listed(client_for("staff"))) == {city.title, of_a.title, of_b.title}
    assert _listed(client_for("commissioner")) == [city.title]
    assert _listed(client_for("member_a")) == [of_a.title]
    assert _listed(client_for("admin_a")) == [of_a.title]
    assert _listed(client_for("member_b")) == [of_b.title]
    assert _listed(client_for("resident")) == []
    assert "No reports yet" in client_for("resident").get("/measures/reports/").content.decode()


def test_staff_filter_the_archive_by_scope_in_the_url(org_a, client_for, users):
    city = _report()
    _report(org_a)
    assert _listed_with(client_for("staff"), "?scope=city") == [city.title]


def _listed_with(client, query: str) -> list[str]:
    return [r.title for r in client.get(f"/measures/reports/{query}").context["page"].object_list]


@pytest.mark.parametrize("organisations", [2, 12])
def test_the_archive_costs_the_same_whatever_its_size(
    organisations, client_for, users, org_a, django_assert_max_num_queries
):
    """Prevents an N+1 on each listed report's organisation (its title and link) and on
    the generate form's organisation list; the figures of each report are never read."""
    for i in range(organisations):
        organisation = OrganisationFactory(name=f"Archive org {i}")
        member_of(organisation, email=f"m{i}@example.org")
        for months_ago in range(1, 4):
            _report(organisation, months_ago=months_ago)
            if i == 0:
                _report(months_ago=months_ago)
    for role in ("staff", "commissioner", "member_a"):
        client = client_for(role)
        client.get("/measures/reports/")  # the session and the user, once
        with django_assert_max_num_queries(12):
            response = client.get("/measures/reports/")
        assert response.status_code == 200


@pytest.mark.parametrize("organisations", [1, 8])
def test_a_reports_page_costs_the_same_whatever_the_city(
    organisations, client_for, users, django_assert_max_num_queries
):
    """A report's page reads its stored figures: nothing is counted again, whatever the
    size of the city the report was made from."""
    from .reports_data import city_activity, ready_report

    city_activity(organisations=organisations)
    report = ready_report(scope="city")
    client = client_for("commissioner")
    client.get(report.get_absolute_url())
    with django_assert_max_num_queries(8):
        assert client.get(report.get_absolute_url()).status_code == 200


def test_the_status_endpoint_says_how_far_a_run_has_got(client_for, users):
    report = _report(status="running", progress=40, generated_at=None, figures={})
    response = client_for("staff").get(f"/measures/reports/{report.pk}/status.json")
    assert response.json() == {
        "status": "running",
        "label": "Being generated",
        "percent": 40,
        "finished": False,
    }
    assert "no-store" in response["Cache-Control"]
    page = client_for("staff").get(report.get_absolute_url()).content.decode()
    assert f'data-report-status="/measures/reports/{report.pk}/status.json"' in page
    assert 'src="/static/reporting/report_progress.js"' in page
    assert '<progress id="report-bar" max="100" value="40">' in page


def test_staff_generate_a_city_report_now_and_watch_it(
    client_for, users, django_capture_on_commit_callbacks
):
    month = last_month().start
    client = client_for("staff")
    data = {"scope": "city", "month": f"{month:%Y-%m}", "form_token": new_token()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/measures/reports/generate/", data)
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert (report.status, report.period_start, report.requested_by) == (
        "ready",
        month,
        users["staff"],
    )
    # The same form sent again (a double click) is answered with the same report.
    again = client.post("/measures/reports/generate/", data)
    assert again["Location"] == report.get_absolute_url()
    assert ProgressReport.objects.count() == 1


def test_staff_generate_an_organisations_quarter_from_any_month_in_it(
    org_a, client_for, users, django_capture_on_commit_callbacks
):
    quarter = last_quarter()
    month = quarter.start + datetime.timedelta(days=40)
    data = {
        "scope": "organisation",
        "organisation": f"/organisations/{org_a.slug}/",
        "month": f"{month:%Y-%m}",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client_for("staff").post("/measures/reports/generate/", data)
    report = ProgressReport.objects.get()
    assert (report.organisation, report.kind, report.period_start, report.period_end) == (
        org_a,
        "quarterly",
        quarter.start,
        quarter.end,
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"scope": "city", "month": "March 2025"}, "Enter the month as year and month"),
        ({"scope": "city", "month": "2999-01"}, "Choose a month that has begun."),
        (
            {"scope": "organisation", "month": "2025-03"},
            "Choose the organisation the report is for.",
        ),
        ({"month": "2025-03"}, "Choose the city or an organisation."),
        (
            {"scope": "organisation", "organisation": "Nobody Ltd", "month": "2025-03"},
            "No organisation has that name or address.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_summary_and_kept(data, problem, client_for, users):
    response = client_for("staff").post("/measures/reports/generate/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert problem in html
    assert f'value="{data["month"]}"' in html
    assert not ProgressReport.objects.exists()


def test_latest_reports_for_a_home_are_those_the_person_may_see_with_figures(org_a, org_b, users):
    from reporting.reports.selectors import latest_reports

    city = _report(months_ago=1)
    _report(months_ago=2)
    _report(months_ago=3, status="pending", generated_at=None)
    of_a = _report(org_a)
    _report(org_b)
    assert latest_reports(user=users["commissioner"], limit=2) == [
        city,
        city.__class__.objects.get(
            scope="city", period_start__lt=city.period_start, generated_at__isnull=False
        ),
    ]
    assert latest_reports(user=users["member_a"]) == [of_a]
    assert latest_reports(user=users["resident"]) == []
