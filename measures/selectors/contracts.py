"""Reads for the social value register: the contracts a person may see, what the register
says about them (the charter's measures), and one contract with its commitments.

Every total is summed by the database. Only confirmed deliveries count as delivered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import CharField as CharFieldType
from django.db.models.functions import ExtractYear

from accounts.models import SizeBand

from .. import permissions
from ..calculations import Estimate, EstimateTotal, progress, share
from ..models import (
    CONTRACT_SIZE_BANDS,
    CommitmentKind,
    Contract,
    ContractCommitment,
    Delivery,
    Indicator,
    estimate_expression,
)

Status = Delivery.Status
PROMISED_KINDS = [CommitmentKind.CORE, CommitmentKind.ADDED]


@dataclass(frozen=True)
class ContractFilters:
    side: str = ""  # "commissioned" or "provided": the user's organisations' side
    search: str = ""
    organisation: str = ""  # a party's slug: that organisation's contracts


def contracts_for(*, user, filters: ContractFilters = ContractFilters()) -> QuerySet[Contract]:
    """The contracts ``user`` may see (all of them, for staff), newest first, each with
    its commitments and the deliveries waiting for the commissioner counted."""
    contracts = Contract.objects.with_parties()
    if not permissions.is_alliance_staff(user) or filters.side:
        ids = [o.pk for o in permissions.organisations_for(user)]
        if filters.side == "commissioned":
            contracts = contracts.filter(commissioner_id__in=ids)
        elif filters.side == "provided":
            contracts = contracts.filter(provider_id__in=ids)
        else:
            contracts = contracts.involving(ids)
    if filters.organisation:
        contracts = contracts.filter(
            Q(commissioner__slug=filters.organisation) | Q(provider__slug=filters.organisation)
        )
    if filters.search:
        contracts = contracts.filter(
            Q(title__icontains=filters.search)
            | Q(reference__iexact=filters.search)
            | Q(provider__name__icontains=filters.search)
            | Q(commissioner__name__icontains=filters.search)
        )
    return contracts.annotate(
        commitment_count=Count("commitments", distinct=True),
        waiting=Count(
            "commitments__deliveries",
            filter=Q(commitments__deliveries__status=Status.REPORTED),
            distinct=True,
        ),
    ).order_by("-starts_on", "-pk")


# ---------------------------------------------------------------------------
# What the register says
# ---------------------------------------------------------------------------


def _size_band():
    """The contract's size band, worked out by the database."""
    whens = [
        When(value__gte=lower, then=Value(key))
        for lower, key, _label in reversed(CONTRACT_SIZE_BANDS)
        if lower
    ]
    return Case(*whens, default=Value(CONTRACT_SIZE_BANDS[0][1]), output_field=CharFieldType())


@dataclass
class Register:
    contracts: int
    value: Decimal
    local_value: Decimal
    local_contracts: int
    local_share: Decimal | None
    # [(band label, {provider size: (count, value)}, (count, value))]
    sizes: list = field(default_factory=list)
    provider_sizes: list = field(default_factory=list)  # [(value, label)]
    promised: EstimateTotal | None = None
    delivered: EstimateTotal | None = None
    promised_share: Decimal | None = None
    delivered_share: Decimal | None = None
    # [(indicator, promised quantity, delivered quantity)]
    quantities: list = field(default_factory=list)


def _estimate_total(total: Decimal | None, quantities: dict, indicators: dict) -> EstimateTotal:
    lines = tuple(
        estimate
        for indicator_id, quantity in sorted(quantities.items())
        if (estimate := indicators[indicator_id].estimate(quantity)) is not None
    )
    return EstimateTotal(total=total or Decimal(0), lines=lines)


def register(contracts: QuerySet[Contract]) -> Register:
    """The charter's measures over ``contracts``: the value and share placed with Salford
    providers (a provider in a Salford ward is local), contract size against provider
    size, and social value promised against delivered, in quantities and in pounds."""
    ids = contracts.order_by().values("pk")
    base = Contract.objects.filter(pk__in=ids)
    local = Q(provider__ward__isnull=False)
    totals = base.aggregate(
        n=Count("pk"),
        total=Sum("value"),
        local_total=Sum("value", filter=local),
        local_n=Count("pk", filter=local),
    )
    value = totals["total"] or Decimal(0)
    local_value = totals["local_total"] or Decimal(0)
    result = Register(
        contracts=totals["n"],
        value=value,
        local_value=local_value,
        local_contracts=totals["local_n"],
        local_share=share(local_value, value),
        # Plain strings: a register is kept in the cache (the dashboard's), and a lazy
        # label costs a new class each time it is unpickled.
        provider_sizes=[(value, str(label)) for value, label in SizeBand.choices],
    )
    grid = {
        (row["band"], row["provider__size_band"]): (row["n"], row["total"])
        for row in base.annotate(band=_size_band())
        .values("band", "provider__size_band")
        .annotate(n=Count("pk"), total=Sum("value"))
        .order_by()
    }
    for _lower, key, label in CONTRACT_SIZE_BANDS:
        cells = {size: grid.get((key, size), (0, Decimal(0))) for size, _l in SizeBand.choices}
        result.sizes.append(
            (
                str(label),
                cells,
                (sum(n for n, _v in cells.values()), sum(v for _n, v in cells.values())),
            )
        )

    commitments = ContractCommitment.objects.filter(contract__in=ids, kind__in=PROMISED_KINDS)
    delivered = Delivery.objects.confirmed().filter(commitment__contract__in=ids)
    promised_by = dict(
        commitments.values_list("indicator_id").annotate(q=Sum("promised")).order_by()
    )
    delivered_by = dict(
        delivered.values_list("commitment__indicator_id").annotate(q=Sum("quantity")).order_by()
    )
    indicators = Indicator.objects.in_bulk(set(promised_by) | set(delivered_by))
    pounds_promised = commitments.aggregate(total=Sum(estimate_expression("promised")))["total"]
    pounds_delivered = delivered.aggregate(
        total=Sum(estimate_expression("quantity", "commitment__indicator"))
    )["total"]
    result.promised = _estimate_total(pounds_promised, promised_by, indicators)
    result.delivered = _estimate_total(pounds_delivered, delivered_by, indicators)
    result.promised_share = share(pounds_promised, value) if pounds_promised else None
    result.delivered_share = share(pounds_delivered, value) if pounds_delivered else None
    result.quantities = [
        (indicators[i], promised_by.get(i), delivered_by.get(i))
        for i in sorted(indicators, key=lambda i: (indicators[i].order, indicators[i].name))
    ]
    return result


# ---------------------------------------------------------------------------
# One contract
# ---------------------------------------------------------------------------


def contract_for_page(*, pk: int) -> Contract:
    return Contract.objects.with_parties().select_related("created_by").get(pk=pk)


@dataclass
class CommitmentLine:
    commitment: ContractCommitment
    delivered: Decimal  # confirmed
    waiting: Decimal  # reported, not yet confirmed

    @property
    def indicator(self) -> Indicator:
        return self.commitment.indicator

    @property
    def progress(self) -> Decimal | None:
        """How much of the promise is delivered (confirmed), in per cent."""
        if self.commitment.promised is None:
            return None
        return progress(
            direction="up",
            baseline=Decimal(0),
            target=self.commitment.promised,
            current=self.delivered,
        )

    @property
    def promised_estimate(self) -> Estimate | None:
        return self.indicator.estimate(self.commitment.promised, label=self.indicator.name)

    @property
    def delivered_estimate(self) -> Estimate | None:
        return self.indicator.estimate(self.delivered, label=self.indicator.name)


def contract_commitments(*, contract: Contract) -> list[CommitmentLine]:
    rows = (
        ContractCommitment.objects.filter(contract=contract)
        .select_related("indicator")
        .annotate(
            delivered=Sum("deliveries__quantity", filter=Q(deliveries__status=Status.CONFIRMED)),
            waiting=Sum("deliveries__quantity", filter=Q(deliveries__status=Status.REPORTED)),
            delivery_count=Count("deliveries"),
        )
        .order_by("kind", "pk")
    )
    return [
        CommitmentLine(
            commitment=row, delivered=row.delivered or Decimal(0), waiting=row.waiting or Decimal(0)
        )
        for row in rows
    ]


def contract_deliveries(*, contract: Contract) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(commitment__contract=contract)
        .select_related("commitment__indicator", "reported_by", "decided_by")
        .order_by("-period_start", "commitment__kind", "commitment_id")
    )


def quarter_deliveries(*, contract: Contract, period_start) -> dict[int, Delivery]:
    """Commitment id -> what the provider reported for the quarter."""
    return {
        d.commitment_id: d
        for d in Delivery.objects.filter(commitment__contract=contract, period_start=period_start)
    }


def delivery_for_page(*, pk: int) -> Delivery:
    return Delivery.objects.select_related(
        "commitment__indicator",
        "commitment__contract__commissioner",
        "commitment__contract__provider",
        "reported_by",
    ).get(pk=pk)


# ---------------------------------------------------------------------------
# Open data: the register in aggregate (the API decides what it may publish)
# ---------------------------------------------------------------------------


def _financial_year(date_field: str):
    """The year a UK financial year starts in (April to March), worked out by the database."""
    year = ExtractYear(date_field)
    return Case(
        When(**{f"{date_field}__month__gte": 4}, then=year),
        default=year - 1,
        output_field=IntegerField(),
    )


def contract_figures_by_year_and_category() -> dict[tuple[int, str], dict]:
    """(financial year the contract starts in, category) -> its contracts' count,
    ``total_value``, value with Salford providers, and how many of them are not public
    and from how many providers (what the API needs to decide whether the figures may
    be published). One query."""
    local = Q(provider__ward__isnull=False)
    private = Q(is_public=False)
    rows = (
        Contract.objects.annotate(year=_financial_year("starts_on"))
        .values("year", "category")
        .annotate(
            contracts=Count("pk"),
            total_value=Sum("value"),
            local_value=Sum("value", filter=local),
            local_contracts=Count("pk", filter=local),
            private_contracts=Count("pk", filter=private),
            private_providers=Count("provider", filter=private, distinct=True),
        )
        .order_by()
    )
    return {(row.pop("year"), row.pop("category")): row for row in rows}


def delivered_by_year_and_category() -> dict[tuple[int, str], dict]:
    """(financial year of the quarter delivered, contract category) -> confirmed social
    value delivered in pounds (an estimate: quantity times the indicator's proxy, less
    deadweight and attribution; indicators without a proxy add nothing), with the
    same privacy counts as above. One query."""
    private = Q(commitment__contract__is_public=False)
    rows = (
        Delivery.objects.confirmed()
        .annotate(year=_financial_year("period_start"))
        .values("year", "commitment__contract__category")
        .annotate(
            delivered_estimate=Sum(estimate_expression("quantity", "commitment__indicator")),
            deliveries=Count("pk"),
            private_contracts=Count("commitment__contract", filter=private, distinct=True),
            private_providers=Count(
                "commitment__contract__provider", filter=private, distinct=True
            ),
        )
        .order_by()
    )
    return {(row.pop("year"), row.pop("commitment__contract__category")): row for row in rows}


def public_contracts() -> QuerySet[Contract]:
    """Contracts their commissioner agreed to publish (``is_public``), between
    organisations neither of which is suspended, newest first, each with its social value
    promised (core and added) and delivered (confirmed) in pounds: estimates, each
    quantity times its indicator's proxy less deadweight and attribution. Subqueries, so
    commitments and deliveries do not multiply each other's rows."""
    promised = (
        ContractCommitment.objects.filter(contract=OuterRef("pk"), kind__in=PROMISED_KINDS)
        .values("contract")
        .annotate(total=Sum(estimate_expression("promised")))
        .values("total")
    )
    delivered = (
        Delivery.objects.confirmed()
        .filter(commitment__contract=OuterRef("pk"))
        .values("commitment__contract")
        .annotate(total=Sum(estimate_expression("quantity", "commitment__indicator")))
        .values("total")
    )
    return (
        Contract.objects.filter(
            is_public=True,
            commissioner__suspended_at__isnull=True,
            provider__suspended_at__isnull=True,
        )
        .with_parties()
        .annotate(
            promised_estimate=Subquery(promised, output_field=DecimalField()),
            delivered_estimate=Subquery(delivered, output_field=DecimalField()),
        )
        .order_by("-starts_on", "-pk")
    )
