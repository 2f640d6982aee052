"""Matrix rows for what reads across apps: city progress, organisation pages, my data."""

from __future__ import annotations

from ..permission_matrix import OK, Row, everyone, only, signed_in

ROWS = [
    Row("reporting:progress", "/measures/progress/", everyone(OK)),
    Row("reporting:progress_csv", "/measures/progress/figures.csv", everyone(OK), page=False),
    # Commissioners and staff; everyone else signed in is refused, visitors log in.
    Row("reporting:dashboard", "/measures/dashboard/", only({"staff": OK, "commissioner": OK})),
    Row("reporting:home", "/home/", signed_in(OK)),
    Row("reporting:organisation", "/organisations/{org_a.slug}/", everyone(OK)),
    Row("reporting:data_export", "/accounts/my-data.json", signed_in(OK), page=False),
]


# ---------------------------------------------------------------------------
# Progress reports (r2): the archive, a report's page, its status, CSV and PDF, and
# staff's "generate now". A report another person may not see is a 404.
# ---------------------------------------------------------------------------
from ..permission_matrix import FORBIDDEN, FOUND, NOT_FOUND, only  # noqa: E402


def _city_report(objects):
    from .reports_data import ready_report

    return ready_report(scope="city")


def _org_a_report(objects):
    from .reports_data import ready_report

    return ready_report(scope="organisation", organisation=objects["org_a"])


_CITY_ONLY = only({"staff": OK, "commissioner": OK}, others=NOT_FOUND)
_ORG_A_ONLY = only({"staff": OK, "member_a": OK, "admin_a": OK}, others=NOT_FOUND)

ROWS += [
    Row("reporting:reports", "/measures/reports/", signed_in(OK)),
    Row("reporting:report", "/measures/reports/{org_a_report.pk}/", _ORG_A_ONLY),
    Row(
        "reporting:report_status",
        "/measures/reports/{city_report.pk}/status.json",
        _CITY_ONLY,
        page=False,
    ),
    Row("reporting:report_csv", "/measures/reports/{city_report.pk}.csv", _CITY_ONLY, page=False),
    Row("reporting:report_pdf", "/measures/reports/{org_a_report.pk}.pdf", _ORG_A_ONLY, page=False),
    Row(
        "reporting:report_generate",
        "/measures/reports/generate/",
        only({"staff": FOUND}, others=FORBIDDEN),
        method="POST",
        data={"scope": "city", "month": "2025-01"},
        page=False,
    ),
]
# Added to whatever builders the rows above define (none when this was written).
BUILDERS = {
    **globals().get("BUILDERS", {}),
    "city_report": _city_report,
    "org_a_report": _org_a_report,
}
