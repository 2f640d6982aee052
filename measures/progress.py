"""How far the city has come on each of the eleven outcomes.

Two layers, so the rule can be checked by hand and every reader shares it:

- ``position``: pure arithmetic, free of the database. Given an outcome's direction,
  baseline and target, the latest city figure and its date, and the campaign's years,
  it says how far along the way the figure is, how far it should be by then, and so
  whether the outcome is on track.
- ``outcome_progress``: the selector. For each outcome, its headline indicator (the
  first active indicator staff attached to it, by order), that indicator's city figures
  over every period, the latest of them, the campaign's target year, and its position.
  A constant handful of queries, whatever the size of the city.

**On track** means the latest figure has come at least as far toward the target as the
time gone by since the campaign started (1 January of its start year) would ask of a
steady pace to the end of the target year. A figure past the target has *reached* it
(overshoot shows above 100%); one that moved away from the target is going *the wrong
way*; without a figure there is *no data*, never a guess of nought.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calculations import HUNDRED, progress
from .models import CampaignTarget, CityFigure, Indicator, Outcome

logger = logging.getLogger(__name__)


class Standing:
    """Where an outcome stands, as ``Position.standing``."""

    NO_DATA = "no_data"
    WRONG_WAY = "wrong_way"
    BEHIND = "behind"
    ON_TRACK = "on_track"
    REACHED = "reached"

    LABELS = {
        NO_DATA: _("No figure yet"),
        WRONG_WAY: _("Going the wrong way"),
        BEHIND: _("Behind"),
        ON_TRACK: _("On track"),
        REACHED: _("Target reached"),
    }


def time_elapsed(*, as_of: datetime.date, start_year: int, target_year: int) -> Decimal:
    """The share of the campaign's time gone by on ``as_of``, in per cent (0 to 100):
    from 1 January of ``start_year`` to 31 December of ``target_year``."""
    start = datetime.date(start_year, 1, 1)
    end = datetime.date(target_year, 12, 31)
    if as_of <= start:
        return Decimal(0)
    if as_of >= end:
        return HUNDRED
    return Decimal((as_of - start).days) * HUNDRED / Decimal((end - start).days)


@dataclass(frozen=True)
class Position:
    """An outcome's place between its baseline (0%) and its target (100%)."""

    percent: Decimal | None  # None: no figure; over 100: overshoot; below 0: wrong way
    expected: Decimal | None  # where a steady pace would be by the figure's date

    @property
    def standing(self) -> str:
        if self.percent is None:
            return Standing.NO_DATA
        if self.percent >= HUNDRED:
            return Standing.REACHED
        if self.percent < 0:
            return Standing.WRONG_WAY
        if self.expected is not None and self.percent >= self.expected:
            return Standing.ON_TRACK
        return Standing.BEHIND

    @property
    def standing_label(self) -> str:
        return str(Standing.LABELS[self.standing])

    @property
    def on_track(self) -> bool:
        return self.standing in (Standing.ON_TRACK, Standing.REACHED)

    @property
    def bar(self) -> int:
        """The bar's fill, a whole per cent from 0 to 100: overshoot fills it, the wrong
        way leaves it empty (the words beside it say which)."""
        if self.percent is None or self.percent <= 0:
            return 0
        return int(min(self.percent, HUNDRED).to_integral_value())

    @property
    def overshoot(self) -> Decimal | None:
        """How far past the target, in per cent of the change sought."""
        if self.percent is None or self.percent <= HUNDRED:
            return None
        return self.percent - HUNDRED


def position(
    *,
    direction: str,
    baseline: Decimal,
    target: Decimal,
    current: Decimal | None,
    as_of: datetime.date | None,
    start_year: int | None,
    target_year: int | None,
) -> Position:
    """Where ``current`` (a figure for the period ending ``as_of``) stands between
    ``baseline`` and ``target``, and where a steady pace would have put it by then."""
    try:
        percent = progress(direction=direction, baseline=baseline, target=target, current=current)
    except ValueError:
        # A target on the wrong side of its baseline is a slip in the framework: show
        # no position rather than a false one (or an error page) until staff correct it.
        logger.warning("Outcome target %s from %s does not go %s", target, baseline, direction)
        percent = None
    expected = None
    if percent is not None and as_of and start_year and target_year:
        expected = time_elapsed(as_of=as_of, start_year=start_year, target_year=target_year)
    return Position(percent=percent, expected=expected)


# ---------------------------------------------------------------------------
# The selector
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetYear:
    """The campaign's target year as readers should present it."""

    start_year: int | None
    year: int | None
    today: datetime.date

    @property
    def is_past(self) -> bool:
        """The target year is over: it is history, not a live deadline."""
        return self.year is not None and self.year < self.today.year

    @property
    def is_set(self) -> bool:
        return self.year is not None


def target_year(*, today: datetime.date | None = None) -> TargetYear:
    row = CampaignTarget.objects.filter(pk=CampaignTarget.SINGLETON).first()
    return TargetYear(
        start_year=row.start_year if row else None,
        year=row.target_year if row else None,
        today=today or timezone.localdate(),
    )


@dataclass
class OutcomeProgress:
    outcome: Outcome
    indicator: Indicator | None  # the headline indicator its city figures are for
    figures: list[CityFigure] = field(default_factory=list)  # oldest first
    target: TargetYear | None = None

    @property
    def baseline(self) -> Decimal:
        return self.outcome.baseline

    @property
    def target_value(self) -> Decimal:
        return self.outcome.target_value

    @property
    def latest(self) -> CityFigure | None:
        return self.figures[-1] if self.figures else None

    @property
    def position(self) -> Position:
        latest = self.latest
        return position(
            direction=self.outcome.direction,
            baseline=self.outcome.baseline,
            target=self.outcome.target_value,
            current=latest.value if latest else None,
            as_of=latest.period_end if latest else None,
            start_year=self.target.start_year if self.target else None,
            target_year=self.target.year if self.target else None,
        )

    @property
    def percent(self) -> Decimal | None:
        return self.position.percent

    @property
    def on_track(self) -> bool:
        return self.position.on_track


def headline_indicators() -> dict[int, Indicator]:
    """Outcome id -> its headline indicator: the first active one attached to it, by the
    order staff give indicators. One query over the framework (a few dozen rows)."""
    chosen: dict[int, Indicator] = {}
    for indicator in (
        Indicator.objects.active().filter(outcome__isnull=False).order_by("order", "name", "pk")
    ):
        chosen.setdefault(indicator.outcome_id, indicator)
    return chosen


def outcome_progress(*, today: datetime.date | None = None) -> list[OutcomeProgress]:
    """Every outcome, by theme and number, with its headline indicator's city figures
    (every period, oldest first), the latest, its target and its position. Four
    queries: the target year, the outcomes, the indicators and the figures."""
    target = target_year(today=today)
    outcomes = list(Outcome.objects.with_theme())
    headline = headline_indicators()
    by_indicator: dict[int, list[CityFigure]] = {}
    figures = CityFigure.objects.filter(
        indicator_id__in=[i.pk for i in headline.values()]
    ).order_by("indicator_id", "period_end", "period_start", "pk")
    for figure in figures:
        by_indicator.setdefault(figure.indicator_id, []).append(figure)
    rows = []
    for outcome in outcomes:
        indicator = headline.get(outcome.pk)
        series = by_indicator.get(indicator.pk, []) if indicator else []
        for figure in series:
            figure.indicator = indicator  # already loaded: no query per figure
        rows.append(
            OutcomeProgress(outcome=outcome, indicator=indicator, figures=series, target=target)
        )
    return rows


def on_track_summary(rows: list[OutcomeProgress]) -> dict[str, int]:
    """How many outcomes stand where: ``on_track`` counts those reached too."""
    counts = {key: 0 for key in Standing.LABELS}
    for row in rows:
        counts[row.position.standing] += 1
    counts["on_track_total"] = counts[Standing.ON_TRACK] + counts[Standing.REACHED]
    counts["with_data"] = len(rows) - counts[Standing.NO_DATA]
    counts["outcomes"] = len(rows)
    return counts
