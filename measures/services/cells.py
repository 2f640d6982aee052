"""Reading a spreadsheet's cells: figures and dates as people type them, text within
its limits. Each reader raises ``RowProblem`` naming the column and what is wrong, in
words for the person who will fix the file."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.csv import unescape_cell


class RowProblem(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


class RowProblems(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__(problems)
        self.problems = problems


def cell(row: dict[str, str], column: str) -> str:
    return unescape_cell((row.get(column) or "").strip())


def parse_number(text: str, column: str, *, allow_negative: bool = False) -> Decimal:
    """A figure as people type it: ``1,200``, ``4.5``, ``£300``. At most two decimal
    places and fourteen digits before the point."""
    cleaned = text.replace(",", "").replace("£", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise RowProblem(
            column,
            _("Enter a number, such as 120 or 4.5; this cell says “%(text)s”.")
            % {"text": text[:40]},
        ) from None
    if not number.is_finite():
        raise RowProblem(column, _("Enter a number, such as 120 or 4.5."))
    if number.as_tuple().exponent < -2:
        raise RowProblem(column, _("Use no more than two decimal places."))
    if abs(number) >= Decimal(10) ** 14:
        raise RowProblem(column, _("This number is too large."))
    if number < 0 and not allow_negative:
        raise RowProblem(column, _("Figures cannot be negative."))
    return number


def parse_date(text: str, column: str) -> datetime.date:
    """``2024-04-01``, or ``01/04/2024`` as a spreadsheet in the UK saves it."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise RowProblem(
            column,
            _("Enter a date such as 2024-04-01 or 01/04/2024; this cell says “%(text)s”.")
            % {"text": text[:40]},
        ) from None


def required_text(row: dict[str, str], column: str, max_length: int) -> str:
    text = cell(row, column)
    if not text:
        raise RowProblem(column, _("This cannot be empty."))
    return limited_text(text, column, max_length)


def limited_text(text: str, column: str, max_length: int) -> str:
    if len(text) > max_length:
        raise RowProblem(
            column,
            _("Keep this to %(limit)s characters (it has %(count)s).")
            % {"limit": max_length, "count": len(text)},
        )
    return text
