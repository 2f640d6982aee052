"""How each resource is described once, for its CSV columns, the documentation page and
the bulk files' ``datapackage.json``: its columns in a stable order, each with a type
(Frictionless Table Schema types) and a plain-words description."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, number, boolean, date, datetime
    description: str
    # Where the value is in a serialised row: a dotted path (default: ``name``) or a
    # function of the row. A list becomes one cell, its items joined by "; ".
    source: str | Callable[[dict], Any] | None = None

    def value(self, row: dict) -> Any:
        if callable(self.source):
            value = self.source(row)
        else:
            value = row
            for part in (self.source or self.name).split("."):
                value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list | tuple):
            return LIST_SEPARATOR.join(str(item) for item in value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if self.type == "number" and isinstance(value, str):
            # A number the serialiser wrote as text: a number again, so that a negative
            # one is not taken for a formula and escaped (core.csv).
            return Decimal(value)
        return value


@dataclass(frozen=True)
class Resource:
    """One list the API publishes."""

    name: str  # the URL's last part and the bulk file's name: ``pledges``
    title: str
    description: str
    changes: str  # how often the data changes, in words
    columns: tuple[Column, ...]
    filters: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (parameter, words)
    example: str = ""  # a query string for the documentation's example request

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def csv_row(self, row: dict) -> list[Any]:
        return [column.value(row) for column in self.columns]
