"""The shape of a report's figures, stored as JSON on ``ProgressReport.figures``.

A report is a list of sections; a section is a table with columns and rows, and notes
(how each estimate was worked out, why a comparison is missing). Each cell keeps the raw
value (``v``, a string so decimals survive JSON exactly; the CSV writes it) and the text
people read (``t``; the page and the PDF show it). Every cell in pounds is an estimate
and its column says so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.templatetags.numbers import figure
from measures.templatetags.measures_tags import multiplier, percent, pounds

# Column kinds and how a value of each is written for people.
COUNT, NUMBER, MONEY, PERCENT, MULTIPLIER, TEXT, CHANGE = (
    "count",
    "number",
    "money",
    "percent",
    "multiplier",
    "text",
    "change",
)


def _text(kind: str, value: Any) -> str:
    if value is None or value == "":
        return "\u2013"  # an en dash: no figure
    if kind == MONEY:
        return pounds(value)
    if kind == PERCENT:
        return percent(value)
    if kind == MULTIPLIER:
        return multiplier(value)
    if kind in (COUNT, NUMBER):
        return figure(value)
    if kind == CHANGE:
        number = Decimal(value)
        return ("+" if number > 0 else "") + figure(number)
    return str(value)


def cell(kind: str, value: Any) -> dict:
    raw = None if value is None else str(value)
    return {"v": raw, "t": _text(kind, value)}


def column(key: str, label: str, kind: str = TEXT) -> dict:
    if kind == MONEY:
        label = _("%(label)s (£, estimate)") % {"label": label}
    return {"key": key, "label": str(label), "kind": kind}


def section(
    key: str, title: str, columns: list[dict], rows: list[dict], notes=(), intro=""
) -> dict:
    return {
        "key": key,
        "title": str(title),
        "intro": str(intro),
        "columns": columns,
        "rows": rows,
        "notes": [str(n) for n in notes if n],
    }


def row(columns: list[dict], values: dict, kinds: dict | None = None, **extra) -> dict:
    """A row of ``values`` keyed by column key, each made a cell of its column's kind
    (or of the kind ``kinds`` gives for that key: a row of pounds in a column of figures)."""
    kinds = kinds or {}
    return {
        "cells": [cell(kinds.get(c["key"], c["kind"]), values.get(c["key"])) for c in columns],
        **extra,
    }


def change(now, before):
    """``now`` less ``before``, or None when either is missing."""
    if now is None or before is None:
        return None
    return Decimal(now) - Decimal(before)


def headline(key: str, label: str, kind: str, value: Any, estimate: bool = False) -> dict:
    text = _text(kind, value)
    if estimate and value is not None:
        text = _("%(figure)s (estimate)") % {"figure": text}
    return {"key": key, "label": str(label), "v": None if value is None else str(value), "t": text}


def csv_rows(figures: dict):
    """One line per cell: section, row, column, value, as a tidy table a spreadsheet can
    pivot. Numbers go out as Decimals (never taken for formulae); text is escaped by
    ``core.csv``."""
    for found in figures.get("headlines", []):
        yield [_("Headlines"), found["label"], _("Value"), _number_or_text(found["v"])]
    for sec in figures.get("sections", []):
        columns = sec["columns"]
        for line in sec["rows"]:
            label = line["cells"][0]["t"] if line["cells"] else ""
            for col, value in list(zip(columns, line["cells"], strict=True))[1:]:
                raw = value["v"]
                if col["kind"] not in (TEXT,):
                    raw = _number_or_text(raw)
                yield [sec["title"], label, col["label"], raw]


def _number_or_text(raw):
    if raw is None:
        return None
    try:
        return Decimal(raw)
    except ArithmeticError:
        return raw
    except ValueError:
        return raw
