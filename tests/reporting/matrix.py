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
