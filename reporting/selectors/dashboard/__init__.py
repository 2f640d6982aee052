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
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Organisation, Ward
from core.cache import cached
from measures import permissions as measures_permissions
from measures.models import Contract
from measures.selectors.contracts import ContractFilters, Register, contracts_for, register
from pledges.selectors import PLEDGES_CACHE_FAMILY

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

    def section(self, name: str) -> list[Figure]:
        return [f for f in self.figures if f.key in self.sections.get(name, [])]

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


def wards() -> list[Ward]:
    return list(Ward.objects.order_by("name"))


__all__ = [
    "DASHBOARD_TTL",
    "Dashboard",
    "DashboardFilters",
    "OwnContracts",
    "dashboard",
    "financial_year_choices",
    "own_contracts",
    "wards",
]
