"""The dashboard's figures, each a table its chart and CSV are drawn from; every one
summed or grouped by the database, a constant few queries each."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector, SizeBand, Ward
from charter.models import Role, Signature
from measures.calculations import share
from measures.models import Contract, LM3Survey, Return, Theme
from measures.periods import Quarter, last_ended, quarters_between
from measures.progress import outcome_progress
from measures.selectors.contracts import Register
from pledges.models import Pledge

from ..figures import Figure, percentile
from .filters import DashboardFilters, _quarter_label

RECENT_QUARTERS = 4  # the returns shown when no year is chosen


# ---------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------


def outcomes_figure() -> Figure:
    rows = outcome_progress()
    return Figure(
        key="outcomes",
        title=_("The eleven outcomes against their targets"),
        caption=_("Each outcome's baseline, latest city figure and 10% target"),
        columns=[
            _("Outcome"),
            _("Baseline"),
            _("Latest figure"),
            _("Period"),
            _("Target"),
            _("Of the way to the target (%)"),
            _("Where it stands"),
        ],
        formats=["text", "figure", "figure", "text", "figure", "percent", "text"],
        rows=[
            [
                f"{row.outcome.number}. {row.outcome.name}",
                row.baseline,
                row.latest.value if row.latest else None,
                row.latest.period_label if row.latest else "",
                row.target_value,
                row.percent,
                row.position.standing_label,
            ]
            for row in rows
        ],
        chart_column=5,
        chart_type="bar",
        scale="auto",
        note=_("City figures are the whole city's: the sector and ward filters do not apply."),
    )


def _pledges(filters: DashboardFilters) -> QuerySet[Pledge]:
    """Pledges approved (and not revisions), by when staff approved them."""
    pledges = Pledge.objects.filter(approved_at__isnull=False, revision_of__isnull=True)
    if filters.start:
        pledges = pledges.filter(approved_at__date__gte=filters.start)
        pledges = pledges.filter(approved_at__date__lte=filters.end)
    if filters.sector:
        pledges = pledges.filter(organisation__sector=filters.sector)
    if filters.ward:
        pledges = pledges.filter(
            Q(organisation__ward__slug=filters.ward)
            | Q(organisation__isnull=True, pledger__ward__slug=filters.ward)
        )
    return pledges


def pledge_figures(filters: DashboardFilters) -> list[Figure]:
    pledges = _pledges(filters)
    themes = list(Theme.objects.order_by("order", "name"))
    by_quarter: dict[datetime.date, dict] = {}
    for row in (
        pledges.annotate(quarter=TruncQuarter("approved_at", output_field=DateField()))
        .values("quarter", "commitments__outcomes__theme_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        by_quarter.setdefault(row["quarter"], {})[row["commitments__outcomes__theme_id"]] = row["n"]
    totals = dict(
        pledges.annotate(quarter=TruncQuarter("approved_at", output_field=DateField()))
        .values_list("quarter")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    over_time = Figure(
        key="pledges_over_time",
        title=_("Pledges by theme over time"),
        caption=_("Pledges approved each quarter, by the themes their commitments serve"),
        columns=[_("Quarter"), *[t.name for t in themes], _("All pledges")],
        formats=["text"] + ["count"] * (len(themes) + 1),
        rows=[
            [
                _quarter_label(quarter),
                *[by_quarter.get(quarter, {}).get(t.pk, 0) for t in themes],
                totals.get(quarter, 0),
            ]
            for quarter in sorted(totals)
        ],
        chart_type="line",
        chart_column=None,  # every column a series
        scale="count",
        note=_("A pledge serving two themes counts once in each, and once in all pledges."),
    )

    sectors = dict(pledges.values_list("organisation__sector").annotate(n=Count("pk")).order_by())
    by_sector = Figure(
        key="pledges_by_sector",
        title=_("Pledges by sector"),
        caption=_("Pledges approved, by the sector of the organisation that made them"),
        columns=[_("Sector"), _("Pledges")],
        formats=["text", "count"],
        rows=[[label, sectors.get(value, 0)] for value, label in Sector.choices]
        + [[_("Residents’ own pledges"), sectors.get(None, 0)]],
    )

    # An organisation's pledge is in its ward; a resident's own pledge in the resident's.
    wards = dict(
        pledges.annotate(
            ward=Coalesce(
                F("organisation__ward"),
                Case(When(organisation__isnull=True, then=F("pledger__ward"))),
            )
        )
        .values_list("ward")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_ward = Figure(
        key="pledges_by_ward",
        title=_("Pledges by ward"),
        caption=_("Pledges approved, by the ward of the organisation (or the resident)"),
        columns=[_("Ward"), _("Pledges")],
        formats=["text", "count"],
        rows=[[ward.name, wards.get(ward.pk, 0)] for ward in Ward.objects.order_by("name")]
        + [[_("Not in a Salford ward, or not given"), wards.get(None, 0)]],
    )
    return [over_time, by_sector, by_ward]


def signatory_figures(filters: DashboardFilters) -> list[Figure]:
    signatures = Signature.objects.listed().filter(filters.organisations("organisation__"))
    if filters.end:
        signatures = signatures.filter(signatory_since__date__lte=filters.end)

    def counts(field_name: str, choices) -> list[list]:
        found = dict(signatures.values_list(field_name).annotate(n=Count("pk")).order_by())
        return [[label, found.get(value, 0)] for value, label in choices]

    return [
        Figure(
            key="signatories_by_sector",
            title=_("Charter signatories by sector"),
            caption=_("Organisations that have signed the charter, by sector"),
            columns=[_("Sector"), _("Signatories")],
            formats=["text", "count"],
            rows=counts("organisation__sector", Sector.choices),
        ),
        Figure(
            key="signatories_by_role",
            title=_("Charter signatories by role"),
            caption=_("Organisations that have signed the charter, by the role they sign as"),
            columns=[_("Signs as"), _("Signatories")],
            formats=["text", "count"],
            rows=counts("role", Role.choices),
        ),
    ]


def dashboard_contracts(filters: DashboardFilters) -> QuerySet[Contract]:
    """Contracts running at some time in the period, by their provider's sector and ward."""
    contracts = Contract.objects.filter(filters.organisations("provider__"))
    if filters.start:
        contracts = contracts.filter(starts_on__lte=filters.end, ends_on__gte=filters.start)
    return contracts


def contract_figures(found: Register) -> list[Figure]:
    outside = found.value - found.local_value
    spend = Figure(
        key="contract_spend",
        title=_("Spend with Salford providers"),
        caption=_("Contract value placed with providers in a Salford ward and outside"),
        columns=[_("Providers"), _("Contracts"), _("Value (£)"), _("Share of value (%)")],
        formats=["text", "count", "pounds", "percent"],
        rows=[
            [
                _("Salford providers"),
                found.local_contracts,
                found.local_value,
                found.local_share,
            ],
            [
                _("Providers outside Salford"),
                found.contracts - found.local_contracts,
                outside,
                share(outside, found.value),
            ],
        ],
        chart_column=2,
        chart_type="column",
        scale="value",
    )
    promised_delivered = Figure(
        key="social_value",
        title=_("Social value promised against delivered"),
        caption=_("Quantities promised (core and added) and delivered and confirmed"),
        columns=[
            _("Indicator"),
            _("Unit"),
            _("Promised"),
            _("Delivered"),
            _("Delivered as a share of promised (%)"),
        ],
        formats=["text", "text", "figure", "figure", "percent"],
        rows=[
            [indicator.name, indicator.unit, promised, delivered, share(delivered, promised)]
            for indicator, promised, delivered in found.quantities
        ],
        chart_column=4,
        chart_type="bar",
        scale="auto",
        note=_("Delivered includes unpredicted social value, which nobody promised."),
    )
    sizes = Figure(
        key="contract_sizes",
        title=_("Contract size against provider size"),
        caption=_("Number of contracts by contract size and the provider's size"),
        columns=[
            _("Contract size"),
            *[label for _v, label in SizeBand.choices],
            _("All providers"),
        ],
        formats=["text"] + ["count"] * (len(SizeBand.choices) + 1),
        rows=[
            [label, *[cells[size][0] for size, _l in SizeBand.choices], total[0]]
            for label, cells, total in found.sizes
        ],
        chart_column=len(SizeBand.choices) + 1,
        chart_type="column",
        scale="count",
    )
    return [spend, promised_delivered, sizes]


def lm3_figure(filters: DashboardFilters) -> Figure:
    """LM3 across organisations: each organisation's latest survey in the period, its
    median and spread (quartiles, lowest and highest) by sector."""
    surveys = LM3Survey.objects.filter(filters.organisations("organisation__"))
    if filters.start:
        surveys = surveys.filter(period_end__gte=filters.start, period_end__lte=filters.end)
    latest = surveys.filter(
        pk=Subquery(
            surveys.filter(organisation=OuterRef("organisation"))
            .order_by("-period_end", "-pk")
            .values("pk")[:1]
        )
    )
    stats = percentile_rows(latest, group="organisation__sector", value="lm3")
    rows = []
    for value, label in Sector.choices:
        found = stats.get(value)
        rows.append(
            [
                label,
                found["n"],
                found["min"],
                found["q1"],
                found["median"],
                found["q3"],
                found["max"],
            ]
            if found
            else [label, 0, None, None, None, None, None]
        )
    return Figure(
        key="lm3",
        title=_("LM3 across organisations"),
        caption=_("Each organisation's latest LM3: median and spread, by sector"),
        columns=[
            _("Sector"),
            _("Organisations"),
            _("Lowest"),
            _("Lower quartile"),
            _("Median"),
            _("Upper quartile"),
            _("Highest"),
        ],
        formats=["text", "count", "lm3", "lm3", "lm3", "lm3", "lm3"],
        rows=rows,
        chart_column=4,
        chart_type="column",
        scale="auto",
        note=_(
            "LM3 lies between 1 (nothing re-spent in Salford) and 3. Half the organisations "
            "in a sector lie between its quartiles."
        ),
    )


def percentile_rows(queryset, *, group: str, value: str) -> dict:
    """Group -> count, lowest, quartiles, median and highest of ``value``: PostgreSQL
    works them out; other databases (the embedded default) get the same from a sorted
    list of the one column."""
    if connection.vendor == "postgresql":
        rows = (
            queryset.values(group)
            .annotate(
                n=Count("pk"),
                min=Min(value),
                max=Max(value),
                q1=percentile(value, 0.25),
                median=percentile(value, 0.5),
                q3=percentile(value, 0.75),
            )
            .order_by()
        )
        return {row[group]: row for row in rows}
    found: dict = {}
    for key, number in queryset.order_by(group, value).values_list(group, value):
        found.setdefault(key, []).append(float(number))
    return {key: _spread(numbers) for key, numbers in found.items()}


def _spread(numbers: list[float]) -> dict:
    def at(fraction: float) -> float:
        position = (len(numbers) - 1) * fraction
        low = int(position)
        high = min(low + 1, len(numbers) - 1)
        return numbers[low] + (numbers[high] - numbers[low]) * (position - low)

    return {
        "n": len(numbers),
        "min": numbers[0],
        "max": numbers[-1],
        "q1": at(0.25),
        "median": at(0.5),
        "q3": at(0.75),
    }


def returns_figure(filters: DashboardFilters, *, today: datetime.date) -> Figure:
    """Who owes a return for each quarter, and where those returns stand. A return not
    submitted by its due date is overdue."""
    last = last_ended(today)
    if filters.start:
        quarters = quarters_between(Quarter(filters.start), min(last, _q(filters)))
    else:
        quarters = quarters_between(_back(last, RECENT_QUARTERS - 1), last)
    organisations = Organisation.objects.filter(filters.organisations(), suspended_at__isnull=True)
    rows = []
    for quarter in quarters:
        this = Q(returns__period_start=quarter.start)
        counts = organisations.filter(reporting_plan__starts_on__lte=quarter.start).aggregate(
            expected=Count("pk", distinct=True),
            approved=Count("pk", filter=this & Q(returns__status=Return.Status.APPROVED)),
            waiting=Count("pk", filter=this & Q(returns__status=Return.Status.SUBMITTED)),
        )
        outstanding = counts["expected"] - counts["approved"] - counts["waiting"]
        overdue = outstanding if quarter.due_on < today else 0
        rows.append(
            [
                quarter.short_label,
                counts["expected"],
                counts["approved"],
                counts["waiting"],
                outstanding,
                overdue,
            ]
        )
    return Figure(
        key="returns",
        title=_("Outstanding and overdue returns"),
        caption=_("Organisations owing a return for each quarter, and where those returns stand"),
        columns=[
            _("Quarter"),
            _("Expected"),
            _("Approved"),
            _("Waiting for approval"),
            _("Outstanding"),
            _("Overdue"),
        ],
        formats=["text"] + ["count"] * 5,
        rows=rows,
        chart_type="column",
        chart_columns=[2, 3, 4],
        scale="count",
        note=_(
            "A return is due by the end of the month after its quarter; outstanding after "
            "that, it is overdue."
        ),
    )


def _q(filters: DashboardFilters) -> Quarter:
    return Quarter.containing(filters.end)


def _back(quarter: Quarter, n: int) -> Quarter:
    for _i in range(n):
        quarter = quarter.previous()
    return quarter
