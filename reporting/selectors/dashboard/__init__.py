"""The commissioners' dashboard (``/measures/dashboard/``): the city's progress and where
social value is delivered, each figure a table that its chart and its CSV are drawn from.

Every figure is summed or grouped by the database, a constant few queries each, whatever
the size of the city. The filters (a financial year, a sector, a ward) narrow what each
figure counts by the organisation behind it: the pledger (or a resident's own ward), the
signatory, the contract's provider, the organisation that reports. City figures for the
outcomes are the whole city's and are never narrowed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Organisation, Ward
from accounts.selectors import ORGANISATIONS_CACHE_FAMILY
from core.cache import cached, cached_part
from core.cache import variant as variant_key
from measures import permissions as measures_permissions
from measures.models import Contract
from measures.selectors.contracts import ContractFilters, Register, contracts_for, register
from pledges.selectors import PLEDGES_CACHE_FAMILY

from ...models import REPORTS_CACHE_FAMILY, ProgressReport
from ..figures import Figure
from .builders import (
    contract_figures,
    dashboard_contracts,
    lm3_figure,
    outcomes_figure,
    pledge_figures,
    returns_figure,
    signatory_figures,
)
from .filters import DashboardFilters, financial_year_choices

# Seconds: the dashboard's figures are recomputed at most this often for a set of filters.
DASHBOARD_TTL = 300


# ---------------------------------------------------------------------------
# The whole dashboard
# ---------------------------------------------------------------------------


@dataclass
class Dashboard:
    filters: DashboardFilters
    figures: list[Figure]
    register: Register
    generated_at: datetime.datetime
    sections: dict = field(default_factory=dict)  # section name -> [figure keys]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def chart_data(self) -> dict:
        return {f.key: f.chart_spec() for f in self.figures if f.chart_spec()}


def dashboard(filters: DashboardFilters, *, today: datetime.date | None = None) -> Dashboard:
    """Every figure for the filters, cached a few minutes for each set of filters."""
    today = today or timezone.localdate()
    return cached(
        f"{filters.cache_name()}:{today.isoformat()}",
        lambda: _dashboard(filters, today=today),
        families=(PLEDGES_CACHE_FAMILY,),
        timeout=DASHBOARD_TTL,
    )


def dashboard_figures_html(
    filters: DashboardFilters,
    *,
    today: datetime.date,
    render: Callable[[Dashboard], str],
    variant: str = "",
) -> tuple[datetime.datetime, str]:
    """When the figures were worked out, and the figures as ``render`` shows them: the
    same for everyone who may see the dashboard, so rendered once and kept as long as
    the figures are. ``variant``: what else the rendering depends on (the CSV links'
    query)."""

    def build() -> tuple[datetime.datetime, str]:
        found = dashboard(filters, today=today)
        return found.generated_at, render(found)

    return cached(
        f"{filters.cache_name()}:{today.isoformat()}:html:{variant_key(variant)}",
        build,
        families=(PLEDGES_CACHE_FAMILY,),
        timeout=DASHBOARD_TTL,
    )


def _dashboard(filters: DashboardFilters, *, today: datetime.date) -> Dashboard:
    found = register(dashboard_contracts(filters))
    pledges = pledge_figures(filters)
    signatories = signatory_figures(filters)
    contracts = contract_figures(found)
    figures = [outcomes_figure(), *pledges, *signatories, *contracts]
    figures += [lm3_figure(filters), returns_figure(filters, today=today)]
    return Dashboard(
        filters=filters,
        figures=figures,
        register=found,
        generated_at=timezone.now(),
        sections={
            "outcomes": ["outcomes"],
            "pledges": [f.key for f in pledges],
            "charter": [f.key for f in signatories],
            "contracts": [f.key for f in contracts],
            "lm3": ["lm3"],
            "returns": ["returns"],
        },
    )


# ---------------------------------------------------------------------------
# A commissioner's own contracts, first
# ---------------------------------------------------------------------------

OWN_CONTRACTS = 10


@dataclass
class OwnContracts:
    organisations: list[Organisation]
    contracts: list[Contract]
    total: int
    register: Register


def own_contracts(*, user) -> OwnContracts | None:
    """The contracts the commissioner's own organisations commissioned, newest first,
    and what the register says about all of them; None for anyone who commissions for
    no organisation."""
    organisations = measures_permissions.commissioning_organisations(user)
    if not organisations:
        return None
    contracts = contracts_for(user=user, filters=ContractFilters(side="commissioned"))
    found = list(contracts[: OWN_CONTRACTS + 1])
    return OwnContracts(
        organisations=organisations,
        contracts=found[:OWN_CONTRACTS],
        total=len(found) if len(found) <= OWN_CONTRACTS else contracts.count(),
        register=register(contracts),
    )


def latest_city_report() -> ProgressReport | None:
    """The newest monthly city report with figures, for the dashboard's link to it."""
    return cached_part(
        "dashboard:latest-city-report",
        lambda: (
            ProgressReport.objects.city()
            .ready()
            .filter(kind=ProgressReport.Kind.MONTHLY)
            .defer("figures", "summary")
            .order_by("-period_start", "-pk")
            .first()
        ),
        families=(REPORTS_CACHE_FAMILY,),
    )


def wards() -> list[Ward]:
    return cached_part(
        "dashboard:wards",
        lambda: list(Ward.objects.order_by("name")),
        families=(ORGANISATIONS_CACHE_FAMILY,),
    )


__all__ = [
    "DASHBOARD_TTL",
    "Dashboard",
    "DashboardFilters",
    "OwnContracts",
    "dashboard",
    "dashboard_figures_html",
    "financial_year_choices",
    "latest_city_report",
    "own_contracts",
    "wards",
]
