"""Reporting quarters: the UK public sector's financial year, April to March.

Quarter 1 is April to June, quarter 4 January to March. A quarter is stored as the date
it starts; a return for it is due by the end of the month after it ends (the first
quarter of 2024/25, April to June 2024, is due by 31 July 2024).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import dateformat
from django.utils.translation import gettext as _

QUARTER_START_MONTHS = (4, 7, 10, 1)


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Quarter:
    start: datetime.date

    def __post_init__(self) -> None:
        if self.start.day != 1 or self.start.month not in QUARTER_START_MONTHS:
            raise ValueError(f"{self.start} does not start a quarter")

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        month = day.month - (day.month - 1) % 3
        return cls(datetime.date(day.year, month, 1))

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """A quarter from the ISO date it starts on (``2024-04-01``); ValueError if not."""
        return cls(datetime.date.fromisoformat(text.strip()))

    @property
    def end(self) -> datetime.date:
        return _month_end(self.start.year, self.start.month + 2)

    @property
    def due_on(self) -> datetime.date:
        """The last day of the month after the quarter ends."""
        after = self.end + datetime.timedelta(days=1)
        return _month_end(after.year, after.month)

    @property
    def number(self) -> int:
        return QUARTER_START_MONTHS.index(self.start.month) + 1

    @property
    def financial_year(self) -> str:
        first = self.start.year if self.start.month >= 4 else self.start.year - 1
        return f"{first}/{str(first + 1)[-2:]}"

    def next(self) -> Quarter:
        return Quarter.containing(self.end + datetime.timedelta(days=1))

    def previous(self) -> Quarter:
        return Quarter.containing(self.start - datetime.timedelta(days=1))

    @property
    def code(self) -> str:
        """How CSV files and query strings name it: the ISO date it starts."""
        return self.start.isoformat()

    @property
    def short_label(self) -> str:
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.financial_year}

    @property
    def label(self) -> str:
        return _("Q%(number)s %(year)s (%(first)s to %(last)s)") % {
            "number": self.number,
            "year": self.financial_year,
            "first": dateformat.format(self.start, "F"),
            "last": dateformat.format(self.end, "F Y"),
        }

    def __str__(self) -> str:
        return self.short_label


def last_ended(today: datetime.date) -> Quarter:
    """The latest quarter that has ended by ``today``."""
    return Quarter.containing(today).previous()


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from ``first`` to ``last``, both included (empty if last < first)."""
    quarters, quarter = [], first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def recent_quarters(today: datetime.date, count: int) -> list[Quarter]:
    """The current quarter and the ``count - 1`` before it, newest first."""
    quarter, quarters = Quarter.containing(today), []
    for _i in range(count):
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


def period_label(start: datetime.date, end: datetime.date) -> str:
    """A period as people say it: a quarter, a financial year, or the two dates."""
    try:
        quarter = Quarter(start)
    except ValueError:
        quarter = None
    if quarter is not None and quarter.end == end:
        return quarter.short_label
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and (
        end.year == start.year + 1
    ):
        return _("%(year)s financial year") % {"year": Quarter(start).financial_year}
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return _("%(start)s to %(end)s") % {
        "start": dateformat.format(start, "j M Y"),
        "end": dateformat.format(end, "j M Y"),
    }
