"""The two spreadsheets people upload, in exactly the format they download:

- **city figures** (staff): one row per indicator and period;
- **returns** (an organisation): one row per quarter and indicator, so an organisation
  can download its returns, fill in the open ones and upload the file as it is.

Columns marked "for reading" (names, units, status) are written for people and ignored
when the file comes back. Rows of a return that is no longer open are accepted when
unchanged, so the whole download can go back up.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import (
    CityFigure,
    ImportJob,
    Indicator,
    ReportingPlan,
    Return,
    ReturnEvent,
    ReturnValue,
)
from ..periods import Quarter
from .bulk import insert_rows
from .cells import (
    RowProblem,
    RowProblems,
    cell,
    limited_text,
    parse_date,
    parse_number,
    required_text,
)
from .imports import BATCH_SIZE, SheetFormat, Staged
from .linking import link_deliveries

# ---------------------------------------------------------------------------
# City figures
# ---------------------------------------------------------------------------

CITY_FIGURE_COLUMNS = (
    "indicator",
    "indicator_name",
    "unit",
    "period_start",
    "period_end",
    "value",
    "source",
    "note",
)


class CityFiguresSheet(SheetFormat):
    columns = CITY_FIGURE_COLUMNS
    required = ("indicator", "period_start", "period_end", "value", "source")
    duplicate_column = "period_start"

    def __init__(self, job: ImportJob):
        super().__init__(job)
        self.indicators = dict(Indicator.objects.active().values_list("slug", "pk"))

    def duplicate_message(self, first_line: int) -> str:
        return _("Row %(row)s already gives this indicator’s figure for this period.") % {
            "row": first_line
        }

    def clean(self, row: dict[str, str]) -> list[Staged]:
        problems, clean = [], {}
        checks = {
            "indicator": lambda: self._indicator(cell(row, "indicator")),
            "period_start": lambda: parse_date(
                required_text(row, "period_start", 20), "period_start"
            ),
            "period_end": lambda: parse_date(required_text(row, "period_end", 20), "period_end"),
            "value": lambda: parse_number(
                required_text(row, "value", 40), "value", allow_negative=True
            ),
            "source": lambda: required_text(row, "source", 300),
            "note": lambda: limited_text(cell(row, "note"), "note", 1000),
        }
        for column, check in checks.items():
            try:
                clean[column] = check()
            except RowProblem as problem:
                problems.append(problem)
        if not problems and clean["period_end"] < clean["period_start"]:
            problems.append(RowProblem("period_end", _("The period cannot end before it starts.")))
        if problems:
            raise RowProblems(problems)
        start, end = clean["period_start"].isoformat(), clean["period_end"].isoformat()
        return [
            Staged(
                key=f"{clean['indicator']}:{start}:{end}",
                data={
                    "indicator": clean["indicator"],
                    "period_start": start,
                    "period_end": end,
                    "value": str(clean["value"]),
                    "source": " ".join(clean["source"].split()),
                    "note": clean["note"],
                },
            )
        ]

    @staticmethod
    def _date(row: dict[str, str], column: str):
        return parse_date(required_text(row, column, 20), column)

    def _indicator(self, slug: str) -> int:
        if not slug:
            raise RowProblem("indicator", _("Say which indicator (its short name)."))
        if slug not in self.indicators:
            raise RowProblem(
                "indicator",
                _("There is no indicator “%(slug)s”: use the short names in the download.")
                % {"slug": slug[:60]},
            )
        return self.indicators[slug]

    def save(self, rows: Iterator[dict[str, Any]]) -> int:
        """Add each figure, or replace the figure already there for its period."""
        now, actor = timezone.now(), self.job.created_by_id
        return insert_rows(
            CityFigure,
            [
                "indicator",
                "period_start",
                "period_end",
                "value",
                "source",
                "note",
                "entered_by",
                "entered_at",
            ],
            (
                (
                    data["indicator"],
                    datetime.date.fromisoformat(data["period_start"]),
                    datetime.date.fromisoformat(data["period_end"]),
                    Decimal(data["value"]),
                    data["source"],
                    data["note"],
                    actor,
                    now,
                )
                for data in rows
            ),
            conflict=["indicator", "period_start", "period_end"],
            update=["value", "source", "note", "entered_by", "entered_at"],
            batch_size=BATCH_SIZE,
        )


def city_figure_rows(figures) -> Iterator[list]:
    """The download: one row per figure, in the upload's columns."""
    for figure in figures.iterator(chunk_size=BATCH_SIZE):
        yield [
            figure.indicator.slug,
            figure.indicator.name,
            figure.indicator.unit,
            figure.period_start.isoformat(),
            figure.period_end.isoformat(),
            figure.value,
            figure.source,
            figure.note,
        ]


# ---------------------------------------------------------------------------
# Returns
# ---------------------------------------------------------------------------

RETURN_COLUMNS = (
    "quarter",
    "quarter_name",
    "indicator",
    "indicator_name",
    "unit",
    "value",
    "evidence",
    "status",
)


class ReturnsSheet(SheetFormat):
    columns = RETURN_COLUMNS
    required = ("quarter", "indicator", "value", "evidence")
    duplicate_column = "indicator"

    def __init__(self, job: ImportJob):
        super().__init__(job)
        organisation = job.organisation
        self.indicators = dict(Indicator.objects.for_organisations().values_list("slug", "pk"))
        self.returns = {r.period_start: r for r in Return.objects.filter(organisation=organisation)}
        self.stored = {
            (v.quarterly_return_id, v.indicator_id): (v.value, v.evidence)
            for v in ReturnValue.objects.filter(quarterly_return__organisation=organisation)
        }

    def duplicate_message(self, first_line: int) -> str:
        return _("Row %(row)s already gives this indicator’s figure for this quarter.") % {
            "row": first_line
        }

    def clean(self, row: dict[str, str]) -> list[Staged]:
        problems = []
        quarterly_return = indicator_id = value = None
        evidence = ""
        try:
            quarterly_return = self._return(cell(row, "quarter"))
        except RowProblem as problem:
            problems.append(problem)
        try:
            indicator_id = self._indicator(cell(row, "indicator"))
        except RowProblem as problem:
            problems.append(problem)
        try:
            text = cell(row, "value")
            value = parse_number(text, "value") if text else None
        except RowProblem as problem:
            problems.append(problem)
        try:
            evidence = limited_text(cell(row, "evidence"), "evidence", 1000)
        except RowProblem as problem:
            problems.append(problem)
        if problems:
            raise RowProblems(problems)
        key = f"{quarterly_return.pk}:{indicator_id}"
        stored = self.stored.get((quarterly_return.pk, indicator_id))
        if not quarterly_return.is_editable:
            unchanged = (stored is None and value is None) or (
                stored is not None and stored == (value, evidence)
            )
            if not unchanged:
                raise RowProblem(
                    "value",
                    _("The return for %(quarter)s is %(status)s: its figures cannot change.")
                    % {
                        "quarter": quarterly_return.quarter.short_label,
                        "status": quarterly_return.get_status_display().lower(),
                    },
                )
            return [Staged(key=key, data={"skip": True})]
        if value is None and stored is None:
            return [Staged(key=key, data={"skip": True})]
        return [
            Staged(
                key=key,
                data={
                    "return": quarterly_return.pk,
                    "indicator": indicator_id,
                    "value": None if value is None else str(value),
                    "evidence": evidence,
                },
            )
        ]

    def _return(self, text: str) -> Return:
        if not text:
            raise RowProblem("quarter", _("Say which quarter (the date it starts)."))
        day = parse_date(text, "quarter")
        try:
            quarter = Quarter(day)
        except ValueError:
            raise RowProblem(
                "quarter",
                _(
                    "%(day)s does not start a quarter: quarters start on 1 April, 1 July, "
                    "1 October and 1 January."
                )
                % {"day": day.isoformat()},
            ) from None
        if quarter.start not in self.returns:
            raise RowProblem(
                "quarter",
                _("Your organisation has no return for %(quarter)s.")
                % {"quarter": quarter.short_label},
            )
        return self.returns[quarter.start]

    def _indicator(self, slug: str) -> int:
        if not slug:
            raise RowProblem("indicator", _("Say which indicator (its short name)."))
        if slug not in self.indicators:
            raise RowProblem(
                "indicator",
                _("There is no indicator “%(slug)s” that organisations report.")
                % {"slug": slug[:60]},
            )
        return self.indicators[slug]

    def save(self, rows: Iterator[dict[str, Any]]) -> int:
        # An organisation's file holds at most its returns times its indicators: a few
        # hundred rows, so the changes are gathered before they are written.
        changes = [data for data in rows if not data.get("skip")]
        touched = {data["return"] for data in changes}
        locked = list(Return.objects.select_for_update().filter(pk__in=touched).order_by("pk"))
        if any(not r.is_editable for r in locked):
            raise DomainError(
                _("A return was submitted while the file was being checked: nothing was saved."),
                code="not_editable",
            )
        removals = Q()
        for data in changes:
            if data["value"] is None:
                removals |= Q(quarterly_return_id=data["return"], indicator_id=data["indicator"])
        if removals:
            ReturnValue.objects.filter(removals).delete()
        ReturnValue.objects.bulk_create(
            [
                ReturnValue(
                    quarterly_return_id=data["return"],
                    indicator_id=data["indicator"],
                    value=Decimal(data["value"]),
                    evidence=data["evidence"],
                )
                for data in changes
                if data["value"] is not None
            ],
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["quarterly_return", "indicator"],
            update_fields=["value", "evidence"],
        )
        now = timezone.now()
        Return.objects.filter(pk__in=touched).update(updated_at=now)
        ReturnEvent.objects.bulk_create(
            [
                ReturnEvent(
                    quarterly_return=r,
                    action=ReturnEvent.Action.UPLOADED,
                    actor=self.job.created_by,
                    at=now,
                    note=self.job.filename,
                )
                for r in locked
            ]
        )
        link_deliveries(organisation_id=self.job.organisation_id, returns=locked)
        return len(changes)


def return_rows(organisation) -> Iterator[list]:
    """The download: a row for each figure of each return, newest quarter first, and a
    blank row for each indicator an open return still needs. One organisation's returns
    are a few dozen at most, so they are read at once."""
    plan = ReportingPlan.objects.filter(organisation=organisation).first()
    planned = list(plan.indicators.order_by("order", "name")) if plan else []
    returns = Return.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("values", queryset=ReturnValue.objects.select_related("indicator"))
    )
    for quarterly_return in returns.order_by("-period_start"):
        quarter = quarterly_return.quarter
        given = {v.indicator_id: v for v in quarterly_return.values.all()}
        indicators = [v.indicator for v in given.values()]
        if quarterly_return.is_editable:
            indicators += [i for i in planned if i.pk not in given]
        for indicator in sorted(indicators, key=lambda i: (i.order, i.name)):
            value = given.get(indicator.pk)
            yield [
                quarter.code,
                quarter.short_label,
                indicator.slug,
                indicator.name,
                indicator.unit,
                value.value if value else "",
                value.evidence if value else "",
                quarterly_return.get_status_display(),
            ]


def format_for(job: ImportJob) -> SheetFormat:
    return {ImportJob.Kind.CITY_FIGURES: CityFiguresSheet, ImportJob.Kind.RETURNS: ReturnsSheet}[
        job.kind
    ](job)
