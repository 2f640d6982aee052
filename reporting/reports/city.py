"""The city's monthly report: every figure counted or summed by the database, for the
month and the month before it, so each table shows the change.

About 30 queries, whatever the size of the city: no loop here runs a query per row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from charter.models import Signature
from measures.calculations import progress
from measures.models import CityFigure, Contract, LM3Survey, Outcome, Return
from measures.periods import Quarter, period_label
from measures.selectors.contracts import register
from measures.selectors.returns import quarter_counts
from pledges.models import Pledge, PledgeEvent

from . import tables as t
from .common import Step, day_starts, lm3_spread, no_steps
from .periods import Period

TREND_MONTHS = 12


def build(period: Period, step: Step = no_steps) -> dict:
    before = period.previous()
    sections = []
    outcomes = _outcomes(period)
    sections.append(outcomes)
    step(20)
    pledges, pledge_counts = _pledges(period, before)
    sections.append(pledges)
    sections.append(_pledge_trend(period))
    step(35)
    charter, charter_counts = _charter(period, before)
    sections.append(charter)
    step(50)
    returns, return_counts = _returns(period, before)
    sections.append(returns)
    step(60)
    contracts, spend = _contracts(period)
    sections.append(contracts)
    step(70)
    sections.append(_lm3(period, before))
    step(80)
    on_track = sum(1 for r in outcomes["rows"] if r.get("on_track"))
    headlines = [
        t.headline(
            "outcomes_on_track",
            _("Outcomes moving toward their target"),
            t.TEXT,
            _("%(n)s of %(total)s") % {"n": on_track, "total": len(outcomes["rows"])},
        ),
        t.headline("pledges_made", _("Pledges made this month"), t.COUNT, pledge_counts["made"]),
        t.headline(
            "pledges_approved", _("Pledges approved this month"), t.COUNT, pledge_counts["approved"]
        ),
        t.headline("signatories_new", _("New charter signatories"), t.COUNT, charter_counts["new"]),
        t.headline(
            "returns_outstanding",
            _("Returns outstanding for the last quarter"),
            t.COUNT,
            return_counts["outstanding"],
        ),
        t.headline(
            "local_spend_share",
            _("Contract value with Salford providers"),
            t.PERCENT,
            spend.local_share,
        ),
        t.headline(
            "social_value_delivered",
            _("Social value delivered in live contracts"),
            t.MONEY,
            spend.delivered.total if spend.delivered else None,
            estimate=True,
        ),
    ]
    return {"headlines": headlines, "sections": sections}


# ---------------------------------------------------------------------------


def _latest(field: str, end: datetime.date):
    return Subquery(
        CityFigure.objects.filter(indicator__outcome=OuterRef("pk"), period_end__lte=end)
        .order_by("-period_end", "-pk")
        .values(field)[:1]
    )


def _outcomes(period: Period) -> dict:
    """Each outcome's latest city figure by the month's end against its baseline and
    target: one query."""
    cols = [
        t.column("outcome", _("Outcome")),
        t.column("baseline", _("Baseline"), t.NUMBER),
        t.column("latest", _("Latest figure"), t.NUMBER),
        t.column("latest_period", _("Figure for")),
        t.column("previous", _("Figure a month before"), t.NUMBER),
        t.column("target", _("Target"), t.NUMBER),
        t.column("unit", _("Unit")),
        t.column("progress", _("Of the way to target"), t.PERCENT),
    ]
    found = Outcome.objects.with_theme().annotate(
        latest=_latest("value", period.end),
        latest_start=_latest("period_start", period.end),
        latest_end=_latest("period_end", period.end),
        previous=_latest("value", period.previous().end),
    )
    rows = []
    for outcome in found:
        try:
            moved = progress(
                direction=outcome.direction,
                baseline=outcome.baseline,
                target=outcome.target_value,
                current=outcome.latest,
            )
        except ValueError:  # a target on the wrong side of the baseline: shown, not judged
            moved = None
        figure_for = ""
        if outcome.latest_end is not None:
            figure_for = period_label(outcome.latest_start, outcome.latest_end)
        rows.append(
            t.row(
                cols,
                {
                    "outcome": outcome.name,
                    "baseline": outcome.baseline,
                    "latest": outcome.latest,
                    "latest_period": figure_for,
                    "previous": outcome.previous,
                    "target": outcome.target_value,
                    "unit": outcome.unit,
                    "progress": None if moved is None else moved.quantize(Decimal("0.1")),
                },
                on_track=moved is not None and moved > 0,
            )
        )
    return t.section(
        "outcomes",
        _("The eleven outcomes against their targets"),
        cols,
        rows,
        notes=[
            _(
                "0% is the baseline and 100% the 10% target; above 100% the target is passed, "
                "below 0% the figure moved the wrong way. An outcome without a city figure yet "
                "shows a dash."
            ),
        ],
    ) | {
        "chart": {
            "column": 7,
            "title": _("Each outcome: how far of the way to its target"),
            "mark": "100",
            "mark_label": _("Target"),
            "scale_max": "100",
        }
    }


def _pledges(period: Period, before: Period) -> tuple[dict, dict]:
    now_from, now_to = day_starts(period.start, period.end)
    then_from, then_to = day_starts(before.start, before.end)
    counts = Pledge.objects.filter(revision_of__isnull=True).aggregate(
        made=Count("pk", filter=Q(submitted_at__gte=now_from, submitted_at__lt=now_to)),
        made_before=Count("pk", filter=Q(submitted_at__gte=then_from, submitted_at__lt=then_to)),
        approved=Count("pk", filter=Q(approved_at__gte=now_from, approved_at__lt=now_to)),
        approved_before=Count("pk", filter=Q(approved_at__gte=then_from, approved_at__lt=then_to)),
        live=Count("pk", filter=Q(status=Pledge.Status.APPROVED, approved_at__lt=now_to)),
    )
    lapsed = PledgeEvent.objects.filter(action=PledgeEvent.Action.LAPSED).aggregate(
        now=Count("pk", filter=Q(at__gte=now_from, at__lt=now_to)),
        then=Count("pk", filter=Q(at__gte=then_from, at__lt=then_to)),
    )
    counts["lapsed"], counts["lapsed_before"] = lapsed["now"], lapsed["then"]
    cols = _change_columns()
    rows = [
        _change_row(
            cols, _("Pledges made (sent for moderation)"), counts["made"], counts["made_before"]
        ),
        _change_row(cols, _("Pledges approved"), counts["approved"], counts["approved_before"]),
        _change_row(
            cols,
            _("Pledges lapsed (a year without renewal)"),
            counts["lapsed"],
            counts["lapsed_before"],
        ),
    ]
    notes = [_("%(n)s pledges are approved and live at the month's end.") % {"n": counts["live"]}]
    return t.section("pledges", _("Pledges"), cols, rows, notes=notes), counts


def _pledge_trend(period: Period) -> dict:
    """Pledges made and approved in each of the twelve months to this one: two queries."""
    first = period.start
    for _i in range(TREND_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    start, end = day_starts(first, period.end)
    base = Pledge.objects.filter(revision_of__isnull=True)
    made = dict(
        base.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    approved = dict(
        base.filter(approved_at__gte=start, approved_at__lt=end)
        .annotate(month=TruncMonth("approved_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    made = {m.date() if hasattr(m, "date") else m: n for m, n in made.items()}
    approved = {m.date() if hasattr(m, "date") else m: n for m, n in approved.items()}
    cols = [
        t.column("month", _("Month")),
        t.column("made", _("Made"), t.COUNT),
        t.column("approved", _("Approved"), t.COUNT),
    ]
    rows, month = [], first
    while month <= period.start:
        rows.append(
            t.row(
                cols,
                {
                    "month": month.strftime("%b %Y"),
                    "made": made.get(month, 0),
                    "approved": approved.get(month, 0),
                },
            )
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return t.section("pledge_trend", _("Pledges over the last twelve months"), cols, rows) | {
        "chart": {"column": 1, "title": _("Pledges made each month")}
    }


def _charter(period: Period, before: Period) -> tuple[dict, dict]:
    now_from, now_to = day_starts(period.start, period.end)
    then_from, then_to = day_starts(before.start, before.end)
    counts = Signature.objects.aggregate(
        new=Count(
            "pk",
            filter=Q(
                status=Signature.Status.VERIFIED,
                signatory_since__gte=now_from,
                signatory_since__lt=now_to,
            ),
        ),
        new_before=Count(
            "pk",
            filter=Q(
                status=Signature.Status.VERIFIED,
                signatory_since__gte=then_from,
                signatory_since__lt=then_to,
            ),
        ),
        listed=Count(
            "pk",
            filter=Q(status=Signature.Status.VERIFIED, organisation__suspended_at__isnull=True),
        ),
    )
    counts["overdue"] = Signature.objects.overdue(now=now_to).count()
    counts["overdue_before"] = Signature.objects.overdue(now=then_to).count()
    cols = _change_columns()
    rows = [
        _change_row(
            cols, _("New signatories (verified this month)"), counts["new"], counts["new_before"]
        ),
        _change_row(
            cols,
            _("Signatories with an overdue annual review"),
            counts["overdue"],
            counts["overdue_before"],
        ),
    ]
    notes = [
        _("%(n)s organisations are charter signatories now.") % {"n": counts["listed"]},
        _("Signatories who sign again keep their first date: they are not counted as new."),
    ]
    return t.section("charter", _("The Social Value Charter"), cols, rows, notes=notes), counts


def _returns(period: Period, before: Period) -> tuple[dict, dict]:
    now_from, now_to = day_starts(period.start, period.end)
    then_from, then_to = day_starts(before.start, before.end)
    counts = Return.objects.aggregate(
        received=Count("pk", filter=Q(submitted_at__gte=now_from, submitted_at__lt=now_to)),
        received_before=Count(
            "pk", filter=Q(submitted_at__gte=then_from, submitted_at__lt=then_to)
        ),
        approved=Count("pk", filter=Q(approved_at__gte=now_from, approved_at__lt=now_to)),
        approved_before=Count("pk", filter=Q(approved_at__gte=then_from, approved_at__lt=then_to)),
        overdue=Count("pk", filter=Q(status__in=Return.EDITABLE, due_on__lt=period.end)),
    )
    quarter = Quarter.containing(period.end + datetime.timedelta(days=1)).previous()
    owed = quarter_counts(quarter=quarter)
    counts["outstanding"] = owed["outstanding"]
    cols = _change_columns()
    rows = [
        _change_row(
            cols, _("Returns received (submitted)"), counts["received"], counts["received_before"]
        ),
        _change_row(cols, _("Returns approved"), counts["approved"], counts["approved_before"]),
    ]
    notes = [
        _(
            "For %(quarter)s, %(expected)s organisations owe a return: %(approved)s approved, "
            "%(waiting)s waiting for approval and %(outstanding)s outstanding."
        )
        % {"quarter": quarter.short_label, **owed},
        _("%(n)s returns due before the month's end are still not submitted.")
        % {"n": counts["overdue"]},
    ]
    return t.section("returns", _("Organisations' returns"), cols, rows, notes=notes), counts


def _contracts(period: Period):
    live = Contract.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
    found = register(live)
    cols = [
        t.column("figure", _("Contracts live in the month")),
        t.column("value", _("Value"), t.NUMBER),
        t.column("unit", _("Unit")),
    ]
    rows = [
        t.row(cols, {"figure": _("Contracts"), "value": found.contracts, "unit": _("contracts")}),
        t.row(
            cols,
            {"figure": _("Total contract value (recorded)"), "value": found.value, "unit": "£"},
            kinds={"value": t.MONEY},
        ),
        t.row(
            cols,
            {
                "figure": _("Value with Salford providers (recorded)"),
                "value": found.local_value,
                "unit": "£",
            },
            kinds={"value": t.MONEY},
        ),
        t.row(
            cols,
            {
                "figure": _("Share with Salford providers"),
                "value": None
                if found.local_share is None
                else found.local_share.quantize(Decimal("0.1")),
                "unit": "%",
            },
            kinds={"value": t.PERCENT},
        ),
        t.row(
            cols,
            {
                "figure": _("Social value promised (£, estimate)"),
                "value": _pounds(found.promised),
                "unit": "£",
            },
            kinds={"value": t.MONEY},
        ),
        t.row(
            cols,
            {
                "figure": _("Social value delivered, confirmed (£, estimate)"),
                "value": _pounds(found.delivered),
                "unit": "£",
            },
            kinds={"value": t.MONEY},
        ),
    ]
    notes = [_("A provider is local when it is based in one of Salford's wards.")]
    notes += _workings(found.delivered, _("Delivered"))
    return t.section(
        "contracts", _("Contract spend and social value"), cols, rows, notes=notes
    ), found


def _lm3(period: Period, before: Period) -> dict:
    def surveys(end: datetime.date):
        return LM3Survey.objects.filter(
            period_end__gt=end - relativedelta(years=1), period_end__lte=end
        )

    now = lm3_spread(surveys(period.end))
    then = lm3_spread(surveys(before.end))
    totals = surveys(period.end).aggregate(
        income=Sum("income"), kept=Sum(F("round2") + F("round3"))
    )
    cols = _change_columns(kind=t.MULTIPLIER)
    rows = [
        _change_row(
            cols,
            _("Organisations with an LM3 for the last twelve months"),
            now["n"],
            then["n"],
            kinds={"now": t.COUNT, "before": t.COUNT},
        ),
        _change_row(cols, _("Median LM3"), now["median"], then["median"]),
        _change_row(cols, _("Lowest LM3"), now["lowest"], then["lowest"]),
        _change_row(cols, _("Highest LM3"), now["highest"], then["highest"]),
    ]
    notes = [
        _(
            "LM3 is (round 1 + round 2 + round 3) divided by round 1: income, then what is "
            "spent with Salford suppliers and staff, then what they re-spend in Salford."
        ),
    ]
    if totals["income"]:
        notes.append(
            _(
                "Estimate: of %(income)s income these organisations reported, %(kept)s was spent "
                "and re-spent in Salford (rounds 2 and 3; round 3 uses each organisation's "
                "re-spend shares)."
            )
            % {
                "income": t.cell(t.MONEY, totals["income"])["t"],
                "kept": t.cell(t.MONEY, totals["kept"])["t"],
            }
        )
    return t.section("lm3", _("Local Multiplier 3 (LM3)"), cols, rows, notes=notes)


# ---------------------------------------------------------------------------


def _change_columns(kind: str = t.COUNT) -> list[dict]:
    return [
        t.column("figure", _("Figure")),
        t.column("now", _("This month"), kind),
        t.column("before", _("Month before"), kind),
        t.column("change", _("Change"), t.CHANGE),
    ]


def _change_row(cols, label, now, before, kinds=None) -> dict:
    return t.row(
        cols,
        {"figure": label, "now": now, "before": before, "change": t.change(now, before)},
        kinds=kinds,
    )


def _pounds(total) -> Decimal | None:
    if total is None:
        return None
    return total.total.quantize(Decimal("0.01"))


def _workings(total, label) -> list[str]:
    """How an estimate in pounds was made, line by line, from its proxies."""
    if total is None or not total.lines:
        return [
            _(
                "%(label)s: no indicator delivered has a proxy value in pounds, so there is "
                "no estimate."
            )
            % {"label": label}
        ]
    lines = []
    for est in total.lines:
        lines.append(
            _(
                "%(label)s, estimate: %(name)s: %(quantity)s %(unit)s x £%(proxy)s (%(source)s, "
                "%(year)s), less %(dw)s%% deadweight and %(att)s%% attribution = %(value)s."
            )
            % {
                "label": label,
                "name": est.label,
                "quantity": t.cell(t.NUMBER, est.quantity)["t"],
                "unit": est.unit,
                "proxy": est.proxy,
                "source": est.proxy_source,
                "year": est.proxy_year,
                "dw": t.cell(t.NUMBER, est.deadweight_pct)["t"],
                "att": t.cell(t.NUMBER, est.attribution_pct)["t"],
                "value": t.cell(t.MONEY, est.value)["t"],
            }
        )
    return lines
