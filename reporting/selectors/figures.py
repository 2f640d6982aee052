"""One figure of a dashboard: a table, the chart drawn from it and the CSV of it.

The table is the figure: the chart (``chart_spec``, for static/js/charts.js) and the
CSV (``csv_rows``) are made from the same rows, so a download holds exactly what the
page shows, and a reader without the chart loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Aggregate, FloatField
from django.utils.functional import Promise

# How a column's cells are shown: "text", "count" (whole numbers), "figure" (a number
# as people write it), "pounds" (an amount of money, not an estimate), "percent" and
# "lm3" (two decimal places). The CSV holds the raw values.
FORMATS = {"text", "count", "figure", "pounds", "percent", "lm3"}


@dataclass
class Figure:
    key: str
    title: str
    caption: str
    columns: list[str]  # the first is the rows' label
    rows: list[list]
    formats: list[str] = field(default_factory=list)
    chart_type: str = "bar"  # "bar" (horizontal), "column" or "line"
    # The column the chart draws (an index into ``columns``), or ``chart_columns`` for
    # several series; with neither, every column after the label is a series.
    chart_column: int | None = 1
    chart_columns: list[int] | None = None
    scale: str = "count"
    note: str = ""
    # A table of many columns: its chart above it, both the page's full width.
    wide: bool = False

    def __post_init__(self) -> None:
        # Plain strings: a figure is kept in the cache, and a lazy translation (a
        # choice's label, say) costs a new class each time it is unpickled.
        self.title, self.caption, self.note = str(self.title), str(self.caption), str(self.note)
        self.columns = [str(column) for column in self.columns]
        self.rows = [[_plain(cell) for cell in row] for row in self.rows]
        if not self.formats:
            self.formats = ["text"] + ["count"] * (len(self.columns) - 1)
        assert len(self.formats) == len(self.columns), self.key
        assert set(self.formats) <= FORMATS, self.key

    @property
    def cells(self) -> list[list[tuple]]:
        """Each row's cells with their formats, for the template."""
        return [list(zip(row, self.formats, strict=True)) for row in self.rows]

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def _series_columns(self) -> list[int]:
        if self.chart_columns:
            return self.chart_columns
        if self.chart_column is not None:
            return [self.chart_column]
        return list(range(1, len(self.columns)))

    def chart_spec(self) -> dict | None:
        """What charts.js draws, or None when there is nothing to draw."""
        if not self.rows:
            return None
        return {
            "type": self.chart_type,
            "labels": [str(row[0]) for row in self.rows],
            "scale": self.scale,
            "series": [
                {
                    "label": str(self.columns[index]),
                    "values": [_number(row[index]) for row in self.rows],
                }
                for index in self._series_columns()
            ],
        }

    def csv_header(self) -> list[str]:
        return [str(column) for column in self.columns]

    def csv_rows(self) -> Iterator[list]:
        for row in self.rows:
            yield [_csv_cell(cell) for cell in row]


def _csv_cell(value):
    """Numbers stay numbers; labels (lazy translations too) become plain text, which
    core.csv escapes."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _number(value) -> float | None:
    if value is None:
        return None
    return float(value)


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of a column (``PERCENTILE_CONT``)."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, *, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("a percentile's fraction lies between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def percentile(column: str, fraction: float) -> Percentile:
    return Percentile(column, fraction=fraction)


def _plain(cell):
    return str(cell) if isinstance(cell, Promise) else cell
