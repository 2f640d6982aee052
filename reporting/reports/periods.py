"""The period a report covers: a calendar month for the city, a financial quarter
(``measures.periods.Quarter``) for an organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from measures.periods import Quarter

from ..models import ProgressReport

Kind = ProgressReport.Kind


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    def previous(self) -> Period:
        return period_containing(self.kind, self.start - datetime.timedelta(days=1))


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return following - datetime.timedelta(days=1)


def period_containing(kind: str, day: datetime.date) -> Period:
    if kind == Kind.MONTHLY:
        return Period(kind, day.replace(day=1), month_end(day))
    quarter = Quarter.containing(day)
    return Period(kind, quarter.start, quarter.end)


def last_ended(kind: str, today: datetime.date) -> Period:
    """The latest month (or quarter) that has ended by ``today``: what beat reports on."""
    return period_containing(kind, today).previous()


def kind_for_scope(scope: str) -> str:
    return Kind.MONTHLY if scope == ProgressReport.Scope.CITY else Kind.QUARTERLY
