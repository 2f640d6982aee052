"""CSV files people open in spreadsheets: formulae escaped on the way out, and streamed.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection"); text we export gets a
leading ``'`` so it is shown as text. Numbers are written as numbers: ``-5`` from a
``Decimal`` is a value, not a formula. ``unescape_cell`` takes the ``'`` off again, so
an export can be edited and uploaded back unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """``value`` made safe for a spreadsheet: text that would run as a formula gets a
    leading ``'``; numbers, dates and ``None`` pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The text ``escape_cell`` was given: a ``'`` it added is removed."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def escape_row(values: Iterable[Any]) -> list[Any]:
    return [
        "" if v is None else (str(v) if isinstance(v, Decimal) else escape_cell(v)) for v in values
    ]


class _Echo:
    """A file-like object whose ``write`` hands the line back (Django's streaming CSV
    recipe): the csv module formats each row and the response sends it at once."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(escape_row(header))
    for row in rows:
        yield writer.writerow(escape_row(row))


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]):
    """A streamed CSV download: memory stays flat however many rows ``rows`` yields."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
