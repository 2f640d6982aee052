"""Demo data for measures, in bulk: what ``seed_demo`` adds for this app.

- **Returns**: most organisations report a handful of indicators; every quarter of the
  last four years has its return, older ones mostly approved, a few returned for changes
  or waiting, and some recent ones overdue (reminded, as the daily task would have).
- **Contracts**: public-sector organisations commission about one contract for every
  two organisations, from organisations of every size, inside and outside Salford, each
  with core and added commitments and quarterly deliveries (confirmed, queried, or
  waiting for the commissioner), some unpredicted value, and some deliveries also in the
  provider's return (linked, so totals count them once).
- **LM3**: a share of organisations has worked out its LM3 for the last financial year
  or two.
- **City figures**: a yearly figure for each city indicator over the last five years.

``build(*, rng, organisations, now, staff, stdout)`` takes the organisations as objects
with ``pk``, ``ward_id`` (None: outside Salford), ``size_band`` and ``sector`` (model
instances or lighter records) and writes rows directly with ``bulk_create`` in batches,
organisations a chunk at a time, so memory stays flat at city scale (10,000
organisations: about 400,000 return values and 5,000 contracts). It writes what the
services would have written (history events, stamps), without their mail and locks.
``delete(organisation_ids=...)`` removes it again, contracts first (they protect their
parties from deletion).

It is one module of about 550 lines, over the house's 400: one builder whose sections
(returns, contracts, LM3 and the city) share the batching and the admins' stamps. Split it
along those sections if it grows.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice

from django.db import connection
from django.db.models import Q

from accounts.models import Membership, Sector, SizeBand
from measures.calculations import lm3, pounds
from measures.models import (
    CityFigure,
    CommitmentKind,
    Contract,
    ContractCategory,
    ContractCommitment,
    Delivery,
    DeliveryEvent,
    Indicator,
    LM3Survey,
    ReportingPlan,
    Return,
    ReturnEvent,
    ReturnValue,
)
from measures.periods import Quarter, last_ended

from .common import DAY, weighted

BATCH_SIZE = 2000
CHUNK_SIZE = 500
QUARTERS = 16  # four years of returns
REPORTING_SHARE = 0.85
# About 100 figures an organisation over four years: 1,000,000 in a city of 10,000.
PLAN_SIZES = [(6, 10), (7, 15), (8, 20), (9, 20), (10, 15), (11, 12), (13, 8)]
CONTRACTS_PER_ORGANISATION = 0.5
LM3_SHARE = 0.3
CITY_FIGURE_YEARS = 5

EVIDENCE = [
    "Our volunteer register for the quarter.",
    "Payroll report, checked by our finance officer.",
    "Waste transfer notes from our contractor.",
    "Sign-in sheets from each session.",
    "Mileage claims and the travel log.",
    "Purchase ledger, suppliers with Salford postcodes.",
]
QUERIES = [
    "Please attach the sign-in sheets for the sessions.",
    "Is this the number of people or of sessions?",
    "This is higher than the last quarter: what changed?",
]
CONTRACT_TITLES = [
    "Community meals service",
    "Grounds maintenance, {place} parks",
    "Carers' support service",
    "Youth work in {place}",
    "Office cleaning",
    "Home adaptations",
    "Social prescribing link workers",
    "School catering",
    "Digital inclusion support",
    "Repairs to community buildings",
]
PLACES = ["Ordsall", "Eccles", "Swinton", "Walkden", "Irlam", "Broughton", "Pendleton", "Kersal"]
# Typical contract values by the provider's size: (lowest, highest) in pounds.
CONTRACT_VALUES = {
    SizeBand.MICRO: (5_000, 60_000),
    SizeBand.SMALL: (20_000, 250_000),
    SizeBand.MEDIUM: (80_000, 1_500_000),
    SizeBand.LARGE: (200_000, 5_000_000),
}
# A quarter's figure for an organisation of each size, before noise: the scale.
SIZE_SCALE = {SizeBand.MICRO: 1, SizeBand.SMALL: 4, SizeBand.MEDIUM: 15, SizeBand.LARGE: 60}


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _figure(rng: random.Random, indicator: Indicator, size_band: str) -> Decimal:
    """A plausible quarter's figure for an organisation of this size."""
    scale = SIZE_SCALE.get(size_band, 4)
    unit = indicator.unit
    if unit == "£":
        base = 2_500 * scale
    elif unit in ("tonnes", "tonnes CO2"):
        return Decimal(str(round(rng.uniform(0.2, 1.5) * scale, 2)))
    elif unit == "hours":
        base = 60 * scale
    else:
        base = 3 * scale
    return Decimal(max(0, round(rng.gauss(base, base / 3))))


class _Builder:
    def __init__(self, *, rng: random.Random, now: datetime.datetime, staff_id: int | None):
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.staff_id = staff_id
        self.indicators = list(Indicator.objects.for_organisations().order_by("order", "pk"))
        self.counts: Counter = Counter()
        # Providers with a delivery "also in our return", to link once all are written.
        self.linked_providers: set[int] = set()
        latest = last_ended(self.today)
        self.quarters = [latest]
        while len(self.quarters) < QUARTERS:
            self.quarters.append(self.quarters[-1].previous())
        self.quarters.reverse()  # oldest first

    def at(self, day: datetime.date, hours: float = 10) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(), tzinfo=self.now.tzinfo) + (
            datetime.timedelta(hours=hours)
        )

    # -- Returns -------------------------------------------------------------------

    def returns(self, organisations: list, admins: dict[int, int]) -> None:
        rng = self.rng
        plans, choices = [], {}
        for org in organisations:
            if rng.random() >= REPORTING_SHARE:
                continue
            size = weighted(rng, PLAN_SIZES)
            chosen = rng.sample(self.indicators, min(size, len(self.indicators)))
            first = self.quarters[rng.choice([0, 0, 0, 1, 2, 4])]
            plans.append(
                ReportingPlan(
                    organisation_id=org.pk,
                    starts_on=first.start,
                    updated_at=self.at(first.start),
                    updated_by_id=admins.get(org.pk),
                )
            )
            choices[org.pk] = (org, chosen, first)
        made = _insert(ReportingPlan, plans)
        through = ReportingPlan.indicators.through
        _insert(
            through,
            [
                through(reportingplan_id=plan.pk, indicator_id=indicator.pk)
                for plan in made
                for indicator in choices[plan.organisation_id][1]
            ],
        )
        self.counts["reporting organisations"] += len(made)

        returns, values_for = [], []
        for org, chosen, first in choices.values():
            for quarter in self.quarters:
                if quarter < first:
                    continue
                quarterly_return, given = self._return(org, quarter, chosen, admins.get(org.pk))
                returns.append(quarterly_return)
                values_for.append(given)
        made_returns = _insert(Return, returns)
        values, events = [], []
        for quarterly_return, given in zip(made_returns, values_for, strict=True):
            for indicator, amount in given:
                values.append(
                    ReturnValue(
                        quarterly_return_id=quarterly_return.pk,
                        indicator_id=indicator.pk,
                        value=amount,
                        evidence=rng.choice(EVIDENCE) if amount else "",
                    )
                )
            events += self._history(quarterly_return)
            self.counts[f"returns {quarterly_return.status}"] += 1
        _insert(ReturnValue, values)
        _insert(ReturnEvent, events)
        self.counts["return values"] += len(values)

    def _return(self, org, quarter: Quarter, chosen, admin_id):
        rng = self.rng
        age = (self.quarters[-1].start - quarter.start).days // 91  # 0: the latest
        overdue = quarter.due_on < self.today
        if age == 0 and not overdue:
            status = weighted(rng, [("draft", 45), ("submitted", 30), ("approved", 25)])
        elif age <= 1:
            status = weighted(
                rng, [("draft", 18), ("submitted", 25), ("returned", 7), ("approved", 50)]
            )
        else:
            status = weighted(
                rng, [("draft", 4), ("submitted", 3), ("returned", 3), ("approved", 90)]
            )
        submitted = self.at(quarter.end + rng.randint(5, 40) * DAY)
        quarterly_return = Return(
            organisation_id=org.pk,
            period_start=quarter.start,
            period_end=quarter.end,
            due_on=quarter.due_on,
            status=status,
            created_at=self.at(quarter.end + DAY),
            updated_at=submitted,
        )
        if status != "draft":
            quarterly_return.submitted_at = submitted
            quarterly_return.submitted_by_id = admin_id
        if status == "approved":
            quarterly_return.approved_at = submitted + rng.randint(1, 12) * DAY
            quarterly_return.approved_by_id = self.staff_id
        if status == "returned":
            quarterly_return.review_note = rng.choice(QUERIES)
        if status == "draft" and overdue:
            quarterly_return.reminded_at = self.at(quarter.due_on - 14 * DAY, 9.5)
        if status == "draft" and rng.random() < 0.5:
            given = []  # not started
        else:
            given = [(i, _figure(rng, i, org.size_band)) for i in chosen]
        return quarterly_return, given

    def _history(self, quarterly_return: Return) -> list[ReturnEvent]:
        events = []
        pk = quarterly_return.pk
        if quarterly_return.reminded_at:
            events.append(
                ReturnEvent(
                    quarterly_return_id=pk, action="reminded", at=quarterly_return.reminded_at
                )
            )
        if quarterly_return.submitted_at:
            events.append(
                ReturnEvent(
                    quarterly_return_id=pk,
                    action="submitted",
                    actor_id=quarterly_return.submitted_by_id,
                    at=quarterly_return.submitted_at,
                )
            )
        if quarterly_return.approved_at:
            events.append(
                ReturnEvent(
                    quarterly_return_id=pk,
                    action="approved",
                    actor_id=self.staff_id,
                    at=quarterly_return.approved_at,
                )
            )
        if quarterly_return.status == "returned":
            events.append(
                ReturnEvent(
                    quarterly_return_id=pk,
                    action="changes_requested",
                    actor_id=self.staff_id,
                    at=quarterly_return.submitted_at + 3 * DAY,
                    note=quarterly_return.review_note,
                )
            )
        return events

    # -- Contracts -----------------------------------------------------------------

    def contracts(self, commissioners: list, providers: list, count: int, admins) -> None:
        rng = self.rng
        for chunk in _batched(range(count), CHUNK_SIZE):
            contracts = []
            for _n in chunk:
                commissioner = rng.choice(commissioners)
                provider = rng.choice(providers)
                while provider.pk == commissioner.pk:
                    provider = rng.choice(providers)
                contracts.append(self._contract(commissioner, provider, admins))
            made = _insert(Contract, contracts)
            self._commitments(made, admins)
            self.counts["contracts"] += len(made)

    def _contract(self, commissioner, provider, admins) -> Contract:
        rng = self.rng
        low, high = CONTRACT_VALUES.get(provider.size_band, (20_000, 250_000))
        value = round(math.exp(rng.uniform(math.log(low), math.log(high))), -2)
        starts = self.today - rng.randint(30, 900) * DAY
        return Contract(
            commissioner_id=commissioner.pk,
            provider_id=provider.pk,
            reference=f"SV-{rng.randint(1000, 99999)}",
            title=rng.choice(CONTRACT_TITLES).format(place=rng.choice(PLACES)),
            category=rng.choice(ContractCategory.values),
            value=Decimal(value),
            starts_on=starts,
            ends_on=starts + rng.choice([365, 730, 1095]) * DAY,
            social_value_weighting=Decimal(rng.choice([5, 10, 10, 15, 20])),
            is_public=rng.random() < 0.4,
            created_by_id=admins.get(commissioner.pk),
            created_at=self.at(starts - 20 * DAY),
            updated_at=self.at(starts - 20 * DAY),
        )

    def _commitments(self, contracts: list[Contract], admins) -> None:
        rng = self.rng
        commitments = []
        for contract in contracts:
            scale = max(1, int(contract.value) // 20_000)
            for kind in [CommitmentKind.CORE] + [CommitmentKind.ADDED] * rng.randint(0, 2):
                indicator = rng.choice(self.indicators)
                commitments.append(
                    ContractCommitment(
                        contract_id=contract.pk,
                        kind=kind,
                        indicator_id=indicator.pk,
                        promised=Decimal(rng.randint(1, 4) * scale),
                        due_on=contract.ends_on,
                        created_by_id=contract.created_by_id,
                        created_at=contract.created_at,
                    )
                )
            if rng.random() < 0.12:
                commitments.append(
                    ContractCommitment(
                        contract_id=contract.pk,
                        kind=CommitmentKind.UNPREDICTED,
                        indicator_id=rng.choice(self.indicators).pk,
                        description="A volunteer on the contract found paid work with us",
                        created_by_id=admins.get(contract.provider_id),
                        created_at=self.at(contract.starts_on + 100 * DAY),
                    )
                )
        made = _insert(ContractCommitment, commitments)
        by_contract = {c.pk: c for c in contracts}
        deliveries = []
        for commitment in made:
            deliveries += self._deliveries(by_contract[commitment.contract_id], commitment, admins)
        made_deliveries = _insert(Delivery, deliveries)
        events = []
        for delivery in made_deliveries:
            events.append(
                DeliveryEvent(
                    delivery_id=delivery.pk,
                    action="reported",
                    actor_id=delivery.reported_by_id,
                    at=delivery.reported_at,
                )
            )
            if delivery.decided_at:
                events.append(
                    DeliveryEvent(
                        delivery_id=delivery.pk,
                        action="approved"
                        if delivery.status == "confirmed"
                        else "changes_requested",
                        actor_id=delivery.decided_by_id,
                        at=delivery.decided_at,
                        note=delivery.query_note,
                    )
                )
            self.counts[f"deliveries {delivery.status}"] += 1
        _insert(DeliveryEvent, events)
        # Deliveries the provider said are also in its return: linked to the figure.
        providers = {by_contract[c.contract_id].provider_id for c in made} & self.linked_providers
        _link_deliveries(providers)

    def _deliveries(self, contract: Contract, commitment: ContractCommitment, admins):
        rng = self.rng
        quarters = [
            q
            for q in [*self.quarters, self.quarters[-1].next()]
            if q.end >= contract.starts_on and q.start <= min(contract.ends_on, self.today)
        ]
        if commitment.kind == CommitmentKind.UNPREDICTED:
            quarters = quarters[-1:]
        per_quarter = (commitment.promised or Decimal(4)) / max(1, len(quarters))
        made = []
        for index, quarter in enumerate(quarters):
            latest = index == len(quarters) - 1
            status = (
                weighted(rng, [("reported", 60), ("confirmed", 35), ("queried", 5)])
                if latest
                else weighted(rng, [("confirmed", 94), ("queried", 3), ("reported", 3)])
            )
            reported = self.at(min(quarter.end + rng.randint(3, 30) * DAY, self.today))
            in_return = rng.random() < 0.25
            if in_return:
                self.linked_providers.add(contract.provider_id)
            delivery = Delivery(
                commitment_id=commitment.pk,
                period_start=quarter.start,
                period_end=quarter.end,
                quantity=(per_quarter * Decimal(str(round(rng.uniform(0.5, 1.4), 2)))).quantize(
                    Decimal("0.01")
                ),
                note=rng.choice(EVIDENCE),
                in_return=in_return,
                status=status,
                reported_by_id=admins.get(contract.provider_id),
                reported_at=reported,
            )
            if status != "reported":
                delivery.decided_by_id = admins.get(contract.commissioner_id)
                delivery.decided_at = reported + rng.randint(1, 20) * DAY
            if status == "queried":
                delivery.query_note = rng.choice(QUERIES)
            made.append(delivery)
        return made

    # -- LM3 and the city --------------------------------------------------------------

    def lm3(self, organisations: list, admins) -> None:
        rng = self.rng
        end_year = self.today.year if self.today.month >= 4 else self.today.year - 1
        surveys = []
        for org in organisations:
            if rng.random() >= LM3_SHARE:
                continue
            for years_ago in range(rng.choice([1, 1, 2])):
                income = Decimal(round(math.exp(rng.uniform(math.log(40_000), math.log(4e6))), -2))
                supplier = (income * Decimal(str(round(rng.uniform(0.05, 0.35), 2)))).quantize(
                    Decimal(1)
                )
                staff = (income * Decimal(str(round(rng.uniform(0.1, 0.45), 2)))).quantize(
                    Decimal(1)
                )
                shares = (Decimal(rng.randint(15, 45)), Decimal(rng.randint(25, 60)))
                result = lm3(
                    income=income,
                    supplier_spend=supplier,
                    staff_spend=staff,
                    supplier_respend_pct=shares[0],
                    staff_respend_pct=shares[1],
                )
                start = datetime.date(end_year - 1 - years_ago, 4, 1)
                surveys.append(
                    LM3Survey(
                        organisation_id=org.pk,
                        period_start=start,
                        period_end=datetime.date(start.year + 1, 3, 31),
                        income=income,
                        local_supplier_spend=supplier,
                        local_staff_spend=staff,
                        supplier_respend_pct=shares[0],
                        staff_respend_pct=shares[1],
                        respend_basis=rng.choice(["survey", "default"]),
                        respend_source="Survey of our suppliers and staff in May",
                        round2=pounds(result.round2),
                        round3=pounds(result.round3),
                        lm3=result.multiplier.quantize(Decimal("0.0001")),
                        recorded_by_id=admins.get(org.pk),
                        recorded_at=self.at(datetime.date(start.year + 1, 6, 1)),
                    )
                )
        _insert(LM3Survey, surveys)
        self.counts["LM3 surveys"] += len(surveys)

    def city_figures(self) -> None:
        """A yearly figure for the outcome indicators, near the 10% Better baselines."""
        rng = self.rng
        figures = []
        for indicator in Indicator.objects.filter(outcome__isnull=False).select_related("outcome"):
            if indicator.unit != indicator.outcome.unit:
                continue  # not the outcome's own measure
            baseline = indicator.outcome.baseline
            sign = 1 if indicator.direction == "up" else -1
            change = Decimal(0)
            for years_ago in range(CITY_FIGURE_YEARS, 0, -1):
                year = self.today.year - years_ago
                # A year's change: mostly the right way, about 2% a year.
                change += Decimal(str(round(rng.uniform(-0.01, 0.035), 3)))
                value = baseline * (1 + sign * change)
                figures.append(
                    CityFigure(
                        indicator_id=indicator.pk,
                        period_start=datetime.date(year - 1, 4, 1),
                        period_end=datetime.date(year, 3, 31),
                        value=value.quantize(Decimal(1)),
                        source="Salford City Council, annual figures",
                        entered_by_id=self.staff_id,
                        entered_at=self.at(datetime.date(year, 6, 30)),
                    )
                )
        CityFigure.objects.bulk_create(figures, ignore_conflicts=True)
        self.counts["city figures"] += len(figures)


def _admins(organisation_ids: list[int]) -> dict[int, int]:
    """Organisation id -> one of its admins' user ids, for the stamps of who did what."""
    return dict(
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role=Membership.Role.ADMIN
        ).values_list("organisation_id", "user_id")
    )


def _analyze(*models) -> None:
    """Planner statistics for tables this transaction has just filled (PostgreSQL counts
    its own transaction's rows): without them, linking each provider's deliveries to its
    returns scans every return value, half a second a provider at city scale."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _link_deliveries(provider_ids: set[int]) -> None:
    """What ``measures.services.linking.link_deliveries`` does for one provider, for all of
    them in one statement: each delivery marked as also in the provider's return points
    at the return's figure for its indicator and quarter. (One call per provider took
    most of the seeding time of a city: 36 of 50 minutes at 10,000 organisations.)"""
    if not provider_ids:
        return
    tables = {
        name: connection.ops.quote_name(model._meta.db_table)
        for name, model in [
            ("delivery", Delivery),
            ("commitment", ContractCommitment),
            ("contract", Contract),
            ("return", Return),
            ("value", ReturnValue),
        ]
    }
    sql = (  # noqa: S608 - table names from the models; the ids are parameters
        "UPDATE {delivery} AS d SET return_value_id = v.id"
        " FROM {commitment} AS c, {contract} AS k, {return} AS r, {value} AS v"
        " WHERE d.commitment_id = c.id AND c.contract_id = k.id AND d.in_return"
        " AND r.organisation_id = k.provider_id AND r.period_start = d.period_start"
        " AND v.quarterly_return_id = r.id AND v.indicator_id = c.indicator_id"
        " AND k.provider_id IN ({ids})"
    ).format(**tables, ids=", ".join(["%s"] * len(provider_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(provider_ids))


def build(*, rng: random.Random, organisations, now, staff, stdout=None) -> dict[str, int]:
    """Write measures' demo data for ``organisations``; the counts of what was made."""
    builder = _Builder(rng=rng, now=now, staff_id=getattr(staff, "pk", staff))
    organisations = list(organisations)
    commissioners = [o for o in organisations if o.sector == Sector.PUBLIC_SECTOR]
    providers = [o for o in organisations if o.sector != Sector.PUBLIC_SECTOR]
    for chunk in _batched(organisations, CHUNK_SIZE):
        admins = _admins([o.pk for o in chunk])
        builder.returns(chunk, admins)
        builder.lm3(chunk, admins)
    _analyze(Return, ReturnValue)
    if commissioners and providers:
        count = round(CONTRACTS_PER_ORGANISATION * len(organisations))
        admins = _admins([o.pk for o in commissioners + providers])
        builder.contracts(commissioners, providers, count, admins)
    builder.city_figures()
    counts = dict(sorted(builder.counts.items()))
    if stdout is not None:
        stdout.write("  measures: " + ", ".join(f"{what} {n}" for what, n in counts.items()))
    return counts


def delete(*, organisation_ids: Sequence[int]) -> int:
    """Remove what ``build`` made for these organisations; how many rows went."""
    ids = list(organisation_ids)
    deleted = 0
    parties = Q(commissioner_id__in=ids) | Q(provider_id__in=ids)
    while contract_ids := list(
        Contract.objects.filter(parties).values_list("pk", flat=True)[:BATCH_SIZE]
    ):
        deleted += Contract.objects.filter(pk__in=contract_ids).delete()[0]
    for model in (Return, ReportingPlan, LM3Survey):
        while row_ids := list(
            model.objects.filter(organisation_id__in=ids).values_list("pk", flat=True)[:BATCH_SIZE]
        ):
            deleted += model.objects.filter(pk__in=row_ids).delete()[0]
    return deleted
