"""Reads across apps, one module per page family: the public pages (``public``), the
city's progress (``progress``), the commissioners' dashboard (``dashboard``) and each
role's home (``homes``). The public pages' reads are re-exported here, as before."""

from .public import (
    ORGANISATION_PAGE_PLEDGES,
    TOTALS_TTL,
    campaign_totals,
    organisation_pledges,
    outcome_pledge_summary,
    user_data_export,
)

__all__ = [
    "ORGANISATION_PAGE_PLEDGES",
    "TOTALS_TTL",
    "campaign_totals",
    "organisation_pledges",
    "outcome_pledge_summary",
    "user_data_export",
]
