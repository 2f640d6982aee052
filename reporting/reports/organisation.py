"""An organisation's quarterly report: its pledges' progress, its checklist change, its
returns, LM3, contracts and charter statements, and where it stands against peers of
its sector (never against fewer than five, or a median could single one out).

Every figure is counted or summed by the database; about 35 queries whatever the size
of the organisation or of the city.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector
from charter.models import ActionStatement, Signature
from measures.models import Contract, LM3Survey, Return, ReturnValue
from measures.periods import Quarter
from measures.selectors.contracts import register
from pledges.models import Pledge, ProgressUpdate
from toolkit.models import Assessment
from toolkit.selectors.checklist import MIN_PEERS, peer_groups

from . import tables as t
from .city import _pounds, _workings
from .common import Step, day_starts, median_of, no_steps
from .periods import Period

PLEDGES_SHOWN = 20
SCORES_SHOWN = 8


def build(organisation: Organisation, period: Period, step: Step = no_steps) -> dict:
    sections = []
    pledges, pledge_counts = _pledges(organisation, period)
    sections.append(pledges)
    step(20)
    checklist, latest = _checklist(organisation, period)
    sections.append(checklist)
    step(35)
    returns, this_return = _returns(organisation, period)
    sections.append(returns)
    step(45)
    lm3_section, lm3 = _lm3(organisation, period)
    sections.append(lm3_section)
    contracts, delivered = _contracts(organisation, period)
    sections.append(contracts)
    step(60)
    sections.append(_charter(organisation))
    step(70)
    sections.append(_peers(organisation, period, latest, lm3))
    step(80)
    headlines = [
        t.headline("pledges_live", _("Approved pledges"), t.COUNT, pledge_counts["live"]),
        t.headline(
            "pledge_progress",
            _("Average progress of their commitments"),
            t.PERCENT,
            pledge_counts["progress"],
        ),
        t.headline(
            "checklist_score",
            _("Latest checklist score"),
            t.PERCENT,
            latest.overall_score if latest else None,
        ),
        t.headline(
            "return_status",
            _("This quarter's return"),
            t.TEXT,
            this_return.get_status_display() if this_return else _("None yet"),
        ),
        t.headline("lm3", _("Latest LM3"), t.MULTIPLIER, lm3.lm3 if lm3 else None),
        t.headline(
            "social_value_delivered",
            _("Social value delivered as a provider"),
            t.MONEY,
            delivered,
            estimate=True,
        ),
    ]
    return {"headlines": headlines, "sections": sections}


def _pledges(organisation: Organisation, period: Period) -> tuple[dict, dict]:
    """Each approved pledge with the mean progress of its commitments (a done commitment
    counts 100%, others their figure over the target, capped) and the updates written in
    the quarter: one query, plus one for the totals."""
    start, after = day_starts(period.start, period.end)
    percent = DecimalField(max_digits=7, decimal_places=2)
    commitment_progress = Case(
        When(commitments__done_at__isnull=False, then=Value(Decimal(100))),
        default=Least(
            Greatest(
                F("commitments__current_value") * Decimal(100) / F("commitments__target_value"),
                Value(Decimal(0)),
            ),
            Value(Decimal(100)),
        ),
        output_field=percent,
    )
    updates = (
        ProgressUpdate.objects.filter(
            commitment__pledge=OuterRef("pk"), created_at__gte=start, created_at__lt=after
        )
        .order_by()
        .values("commitment__pledge")
        .annotate(n=Count("pk"))
        .values("n")
    )
    live = Pledge.objects.filter(
        organisation=organisation, status=Pledge.Status.APPROVED, revision_of__isnull=True
    )
    found = list(
        live.annotate(
            progress=Avg(commitment_progress),
            commitments_n=Count("commitments"),
            done=Count("commitments", filter=Q(commitments__done_at__isnull=False)),
            updates=Coalesce(Subquery(updates), 0),
        ).order_by("-approved_at", "-pk")[:PLEDGES_SHOWN]
    )
    totals = live.aggregate(live=Count("pk", distinct=True), progress=Avg(commitment_progress))
    cols = [
        t.column("pledge", _("Pledge")),
        t.column("commitments", _("Commitments"), t.COUNT),
        t.column("done", _("Done"), t.COUNT),
        t.column("progress", _("Average progress"), t.PERCENT),
        t.column("updates", _("Updates this quarter"), t.COUNT),
    ]
    rows = [
        t.row(
            cols,
            {
                "pledge": p.title,
                "commitments": p.commitments_n,
                "done": p.done,
                "progress": _tenth(p.progress),
                "updates": p.updates,
            },
        )
        for p in found
    ]
    notes = []
    if totals["live"] > len(found):
        notes.append(
            _("The latest %(shown)s of %(n)s approved pledges.")
            % {"shown": len(found), "n": totals["live"]}
        )
    if not found:
        notes.append(_("No approved pledge yet."))
    totals["progress"] = _tenth(totals["progress"])
    return t.section("pledges", _("Pledges' progress"), cols, rows, notes=notes) | {
        "chart": {
            "column": 3,
            "title": _("Each pledge: average progress of its commitments"),
            "scale_max": "100",
        }
    }, totals


def _checklist(organisation: Organisation, period: Period):
    """The latest completed checklists by the quarter's end, oldest first: one query."""
    start, after = day_starts(period.start, period.end)
    done = list(
        Assessment.objects.completed()
        .filter(organisation=organisation, completed_at__lt=after)
        .select_related("checklist", "organisation")
        .order_by("-completed_at", "-pk")[:SCORES_SHOWN]
    )
    latest = done[0] if done else None
    before = next((a for a in done if a.completed_at < start), None)
    cols = [
        t.column("completed", _("Completed")),
        t.column("version", _("Checklist version")),
        t.column("score", _("Overall score"), t.PERCENT),
    ]
    rows = [
        t.row(
            cols,
            {
                "completed": a.completed_at.date().isoformat(),
                "version": str(a.checklist),
                "score": a.overall_score,
            },
        )
        for a in reversed(done)
    ]
    notes = []
    if latest is None:
        notes.append(_("The organisation has not completed the checklist yet."))
    elif before is None or before is latest:
        notes.append(_("No checklist was completed before this quarter to compare with."))
    elif latest.overall_score is not None and before.overall_score is not None:
        notes.append(
            _(
                "Change since the last checklist before this quarter: %(change)s points "
                "(%(before)s%% to %(now)s%%)."
            )
            % {
                "change": t.cell(t.CHANGE, latest.overall_score - before.overall_score)["t"],
                "before": before.overall_score,
                "now": latest.overall_score,
            }
        )
    return t.section("checklist", _("Self-assessment checklist"), cols, rows, notes=notes) | {
        "chart": {"column": 2, "title": _("Overall checklist score each time"), "scale_max": "100"}
    }, latest


def _returns(organisation: Organisation, period: Period):
    """This quarter's and last quarter's approved figures side by side: two queries."""
    quarter = Quarter(period.start)
    before = quarter.previous()
    returns = {
        r.period_start: r
        for r in Return.objects.filter(
            organisation=organisation, period_start__in=[quarter.start, before.start]
        )
    }
    values: dict[int, dict] = {}
    for value in (
        ReturnValue.objects.filter(
            quarterly_return__organisation=organisation,
            quarterly_return__status=Return.Status.APPROVED,
            quarterly_return__period_start__in=[quarter.start, before.start],
        )
        .select_related("indicator", "quarterly_return")
        .order_by("indicator__order", "indicator__name")
    ):
        line = values.setdefault(value.indicator_id, {"indicator": value.indicator})
        key = "now" if value.quarterly_return.period_start == quarter.start else "before"
        line[key] = value.value
    cols = [
        t.column("indicator", _("Indicator")),
        t.column("now", quarter.short_label, t.NUMBER),
        t.column("before", before.short_label, t.NUMBER),
        t.column("change", _("Change"), t.CHANGE),
        t.column("unit", _("Unit")),
    ]
    rows = [
        t.row(
            cols,
            {
                "indicator": v["indicator"].name,
                "now": v.get("now"),
                "before": v.get("before"),
                "change": t.change(v.get("now"), v.get("before")),
                "unit": v["indicator"].unit,
            },
        )
        for v in values.values()
    ]
    this_return = returns.get(quarter.start)
    notes = [
        _("%(quarter)s return: %(status)s.")
        % {
            "quarter": q.short_label,
            "status": returns[q.start].get_status_display() if q.start in returns else _("none"),
        }
        for q in (quarter, before)
    ]
    notes.append(_("Only approved returns' figures are shown and counted."))
    return t.section("returns", _("Quarterly returns"), cols, rows, notes=notes), this_return


def _lm3(organisation: Organisation, period: Period):
    latest = (
        LM3Survey.objects.filter(organisation=organisation, period_end__lte=period.end)
        .order_by("-period_end", "-pk")
        .first()
    )
    cols = [t.column("figure", _("Figure")), t.column("value", _("Value"), t.NUMBER)]
    rows, notes = [], []
    if latest is None:
        notes.append(_("No LM3 recorded yet."))
    else:
        rows = [
            t.row(
                cols, {"figure": _("Period"), "value": latest.period_label}, kinds={"value": t.TEXT}
            ),
            t.row(
                cols,
                {"figure": _("Round 1: income (recorded)"), "value": latest.income},
                kinds={"value": t.MONEY},
            ),
            t.row(
                cols,
                {
                    "figure": _("Round 2: spent with Salford suppliers and staff (recorded)"),
                    "value": latest.round2,
                },
                kinds={"value": t.MONEY},
            ),
            t.row(
                cols,
                {"figure": _("Round 3: re-spent in Salford (£, estimate)"), "value": latest.round3},
                kinds={"value": t.MONEY},
            ),
            t.row(cols, {"figure": _("LM3"), "value": latest.lm3}, kinds={"value": t.MULTIPLIER}),
        ]
        notes.append(
            _(
                "Round 3 is an estimate: supplier spend x %(supplier)s%% plus staff spend x "
                "%(staff)s%%, the re-spend shares from %(source)s."
            )
            % {
                "supplier": t.cell(t.NUMBER, latest.supplier_respend_pct)["t"],
                "staff": t.cell(t.NUMBER, latest.staff_respend_pct)["t"],
                "source": latest.respend_source,
            }
        )
    return t.section("lm3", _("Local Multiplier 3 (LM3)"), cols, rows, notes=notes), latest


def _contracts(organisation: Organisation, period: Period):
    live = Contract.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
    as_commissioner = register(live.filter(commissioner=organisation))
    as_provider = register(live.filter(provider=organisation))
    cols = [
        t.column("figure", _("Contracts live in the quarter")),
        t.column("commissioned", _("As commissioner"), t.NUMBER),
        t.column("provided", _("As provider"), t.NUMBER),
    ]
    money = {"commissioned": t.MONEY, "provided": t.MONEY}

    def line(label, get, kinds=None):
        return t.row(
            cols,
            {"figure": label, "commissioned": get(as_commissioner), "provided": get(as_provider)},
            kinds=kinds,
        )

    rows = [
        line(_("Contracts"), lambda r: r.contracts),
        line(_("Value (recorded)"), lambda r: r.value, money),
        line(_("Value with Salford providers (recorded)"), lambda r: r.local_value, money),
        line(_("Social value promised (£, estimate)"), lambda r: _pounds(r.promised), money),
        line(
            _("Social value delivered, confirmed (£, estimate)"),
            lambda r: _pounds(r.delivered),
            money,
        ),
    ]
    notes = _workings(as_provider.delivered, _("Delivered as provider"))
    if as_commissioner.contracts:
        notes += _workings(as_commissioner.delivered, _("Delivered to it as commissioner"))
    return (
        t.section("contracts", _("Contracts and their social value"), cols, rows, notes=notes),
        _pounds(as_provider.delivered),
    )


def _charter(organisation: Organisation) -> dict:
    signature = (
        Signature.objects.filter(organisation=organisation, status__in=Signature.LIVE)
        .select_related("version")
        .order_by("-created_at")
        .first()
    )
    cols = [
        t.column("area", _("Area")),
        t.column("commitment", _("What it will do")),
        t.column("target", _("By when")),
        t.column("done", _("What it has done")),
    ]
    rows, notes = [], []
    if signature is None:
        notes.append(_("The organisation has not signed the Social Value Charter."))
    else:
        notes.append(
            _("Signature of version %(version)s: %(status)s.")
            % {"version": signature.version.number, "status": signature.get_status_display()}
        )
        rows = [
            t.row(
                cols,
                {
                    "area": s.get_area_display(),
                    "commitment": s.commitment,
                    "target": s.target_date.isoformat() if s.target_date else None,
                    "done": s.done,
                },
            )
            for s in ActionStatement.objects.filter(signature=signature).order_by("area")
        ]
    return t.section("charter", _("Charter action statements"), cols, rows, notes=notes)


def _peers(organisation: Organisation, period: Period, latest, lm3) -> dict:
    """The organisation's checklist score and LM3 beside the median of other
    organisations of its sector: said to be missing when fewer than five have one."""
    sector = Sector(organisation.sector).label
    cols = [
        t.column("measure", _("Measure")),
        t.column("own", _("This organisation"), t.NUMBER),
        t.column("median", _("Peers' median"), t.NUMBER),
        t.column("peers", _("Peers"), t.COUNT),
    ]
    rows, notes = [], []
    if latest is not None:
        group = peer_groups(assessment=latest)[0]
        rows.append(
            t.row(
                cols,
                {
                    "measure": _("Checklist score"),
                    "own": latest.overall_score,
                    "median": group.overall if group.enough else None,
                    "peers": group.count,
                },
                kinds={"own": t.PERCENT, "median": t.PERCENT},
            )
        )
        if not group.enough:
            notes.append(
                _(
                    "Checklist: fewer than %(min)s organisations of the same sector have "
                    "completed this version, so there is no comparison."
                )
                % {"min": MIN_PEERS}
            )
    latest_per_peer = (
        LM3Survey.objects.filter(organisation=OuterRef("organisation"), period_end__lte=period.end)
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )
    peers = (
        LM3Survey.objects.filter(
            organisation__sector=organisation.sector,
            organisation__suspended_at__isnull=True,
            period_end__lte=period.end,
        )
        .exclude(organisation=organisation)
        .annotate(latest=Subquery(latest_per_peer))
        .filter(pk=F("latest"))
    )
    count = peers.count()
    enough = count >= MIN_PEERS
    rows.append(
        t.row(
            cols,
            {
                "measure": _("LM3"),
                "own": lm3.lm3 if lm3 else None,
                "median": median_of(peers, "lm3", count) if enough else None,
                "peers": count,
            },
            kinds={"own": t.MULTIPLIER, "median": t.MULTIPLIER},
        )
    )
    if not enough:
        notes.append(
            _(
                "LM3: fewer than %(min)s organisations of the same sector have reported "
                "one, so there is no comparison."
            )
            % {"min": MIN_PEERS}
        )
    notes.append(
        _(
            "Peers are other organisations of the same sector (%(sector)s); a median is "
            "shown only when at least %(min)s have the figure, so that no organisation "
            "can be singled out."
        )
        % {"sector": sector, "min": MIN_PEERS}
    )
    return t.section("peers", _("Against peers"), cols, rows, notes=notes)


def _tenth(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))
