"""The dashboard's filters, kept in the URL: a financial year, a sector, a ward."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Q,
)
from django.utils.translation import gettext as _

from accounts.models import Sector
from core.filters import choice
from measures.periods import Quarter

FINANCIAL_YEARS = 6  # the current one and five before it


# ---------------------------------------------------------------------------
# Filters, kept in the URL
# ---------------------------------------------------------------------------


def financial_year_choices(today: datetime.date) -> list[tuple[str, str]]:
    first = Quarter.containing(today)
    current = first.start.year if first.start.month >= 4 else first.start.year - 1
    return [
        (str(year), Quarter(datetime.date(year, 4, 1)).financial_year)
        for year in range(current, current - FINANCIAL_YEARS, -1)
    ]


@dataclass(frozen=True)
class DashboardFilters:
    period: str = ""  # a financial year by the year it starts ("2024": 2024/25)
    sector: str = ""
    ward: str = ""  # a ward's slug

    @classmethod
    def from_query(cls, params, *, today: datetime.date, ward_slugs) -> DashboardFilters:
        years = {value for value, _label in financial_year_choices(today)}
        return cls(
            period=choice(params, "period", years),
            sector=choice(params, "sector", {value for value, _label in Sector.choices}),
            ward=choice(params, "ward", set(ward_slugs)),
        )

    @property
    def active(self) -> bool:
        return any(vars(self).values())

    @property
    def start(self) -> datetime.date | None:
        return datetime.date(int(self.period), 4, 1) if self.period else None

    @property
    def end(self) -> datetime.date | None:
        return datetime.date(int(self.period) + 1, 3, 31) if self.period else None

    def cache_name(self) -> str:
        return f"dashboard:{self.period}:{self.sector}:{self.ward}"

    def organisations(self, prefix: str = "") -> Q:
        """The filters as a condition on an organisation reached through ``prefix``."""
        condition = Q()
        if self.sector:
            condition &= Q(**{f"{prefix}sector": self.sector})
        if self.ward:
            condition &= Q(**{f"{prefix}ward__slug": self.ward})
        return condition


def _quarter_label(day: datetime.date | None) -> str:
    return Quarter.containing(day).short_label if day else _("Unknown")
