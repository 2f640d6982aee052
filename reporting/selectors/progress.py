"""The city's progress on the eleven outcomes (``/measures/progress/``): each outcome's
position from ``measures.progress``, with what contributes to it: the approved pledges
toward it and the organisations' approved returns on its indicators."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from core.cache import cached
from measures.models import Return, ReturnValue
from measures.progress import OutcomeProgress, TargetYear, on_track_summary, outcome_progress
from pledges.models import Pledge

from .public import outcome_pledge_summary

# Seconds. Approved returns change when staff approve one; the page may lag that long.
CONTRIBUTIONS_TTL = 300
LATEST_PLEDGES = 3


@dataclass
class OutcomeRow:
    progress: OutcomeProgress
    pledge_count: int = 0
    latest_pledges: list[Pledge] = field(default_factory=list)
    returns: int = 0  # approved returns with a figure on one of its indicators
    organisations: int = 0  # the organisations that made them

    @property
    def outcome(self):
        return self.progress.outcome

    @property
    def chart_key(self) -> str:
        return f"outcome-{self.outcome.number}"


@dataclass
class CityProgress:
    target: TargetYear | None
    themes: list[dict]  # [{"theme": Theme, "outcomes": [OutcomeRow]}]
    summary: dict

    @property
    def rows(self) -> Iterator[OutcomeRow]:
        for group in self.themes:
            yield from group["outcomes"]


def return_contributions() -> dict[int, dict]:
    """Outcome id -> how many approved returns, from how many organisations, carry a
    figure for one of its indicators. One grouped query, cached for a few minutes: at
    city scale it reads every approved figure."""
    return cached(
        "progress:return-contributions",
        _return_contributions,
        families=(),
        timeout=CONTRIBUTIONS_TTL,
    )


def _return_contributions() -> dict[int, dict]:
    rows = (
        ReturnValue.objects.filter(
            quarterly_return__status=Return.Status.APPROVED, indicator__outcome__isnull=False
        )
        .values("indicator__outcome_id")
        .annotate(
            returns=Count("quarterly_return", distinct=True),
            organisations=Count("quarterly_return__organisation", distinct=True),
        )
        .order_by()
    )
    return {
        row["indicator__outcome_id"]: {
            "returns": row["returns"],
            "organisations": row["organisations"],
        }
        for row in rows
    }


def city_progress() -> CityProgress:
    """Every outcome under its theme with its position, its pledges and its returns,
    and the summary of how many are on track."""
    rows = outcome_progress()
    pledges = {
        item["outcome"].pk: item
        for group in outcome_pledge_summary(per_outcome=LATEST_PLEDGES)
        for item in group["outcomes"]
    }
    contributions = return_contributions()
    themes: dict[int, dict] = {}
    for row in rows:
        outcome = row.outcome
        pledged = pledges.get(outcome.pk, {})
        made = contributions.get(outcome.pk, {})
        themes.setdefault(outcome.theme_id, {"theme": outcome.theme, "outcomes": []})[
            "outcomes"
        ].append(
            OutcomeRow(
                progress=row,
                pledge_count=getattr(pledged.get("outcome"), "pledge_count", 0),
                latest_pledges=pledged.get("latest", []),
                returns=made.get("returns", 0),
                organisations=made.get("organisations", 0),
            )
        )
    return CityProgress(
        target=rows[0].target if rows else None,
        themes=list(themes.values()),
        summary=on_track_summary(rows),
    )


def trend_chart_data(progress: CityProgress) -> dict:
    """What static/js/charts.js draws: each outcome's figures over every period, with
    its baseline and target as level lines (the tables beside hold the same)."""
    charts = {}
    for row in progress.rows:
        figures = row.progress.figures
        if not figures:
            continue
        labels = [f.period_label for f in figures]
        charts[row.chart_key] = {
            "type": "line",
            "labels": labels,
            "scale": "auto",
            "series": [
                {"label": _("City figure"), "values": [float(f.value) for f in figures]},
                {
                    "label": _("Baseline"),
                    "values": [float(row.progress.baseline)] * len(labels),
                    "dashed": True,
                },
                {
                    "label": _("10% target"),
                    "values": [float(row.progress.target_value)] * len(labels),
                    "dashed": True,
                },
            ],
        }
    return charts


CSV_HEADER = [
    "outcome_number",
    "outcome",
    "indicator",
    "unit",
    "direction",
    "period_start",
    "period_end",
    "period",
    "value",
    "source",
    "baseline",
    "target",
    "target_year",
]


def trend_csv_rows(progress: CityProgress) -> Iterator[list]:
    """Every figure the trend charts show, one row per outcome and period."""
    year = progress.target.year if progress.target else None
    for row in progress.rows:
        outcome = row.outcome
        for figure in row.progress.figures:
            yield [
                outcome.number,
                outcome.name,
                row.progress.indicator.name,
                outcome.unit,
                outcome.direction,
                figure.period_start,
                figure.period_end,
                figure.period_label,
                figure.value,
                figure.source,
                outcome.baseline,
                outcome.target_value,
                year,
            ]
