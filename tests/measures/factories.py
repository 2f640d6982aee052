"""Objects for the measures tests: plans, returns, contracts, deliveries and LM3, made
directly (the services are tested on their own)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Membership, Organisation, Sector, SizeBand, Ward
from measures.models import (
    CityFigure,
    CommitmentKind,
    Contract,
    ContractCategory,
    ContractCommitment,
    Delivery,
    Indicator,
    LM3Survey,
    ReportingPlan,
    Return,
    ReturnValue,
)
from measures.periods import Quarter, last_ended

from ..accounts.factories import OrganisationFactory

D = Decimal


def indicator(slug: str) -> Indicator:
    return Indicator.objects.get(slug=slug)


def with_proxy(slug: str, proxy: str, deadweight: str = "0", attribution: str = "0") -> Indicator:
    found = indicator(slug)
    found.proxy_value = D(proxy)
    found.proxy_source = "A published value bank"
    found.proxy_year = 2023
    found.deadweight_pct = D(deadweight)
    found.attribution_pct = D(attribution)
    found.save()
    return found


def quarters_ago(n: int, today: datetime.date | None = None) -> Quarter:
    """The quarter that ended ``n`` quarters before the last one (0: the last one)."""
    quarter = last_ended(today or timezone.localdate())
    for _i in range(n):
        quarter = quarter.previous()
    return quarter


def make_plan(organisation, slugs=("people-volunteering", "waste-recycled"), starts=None):
    plan = ReportingPlan.objects.create(
        organisation=organisation, starts_on=(starts or quarters_ago(3)).start
    )
    plan.indicators.set(Indicator.objects.filter(slug__in=slugs))
    return plan


def make_return(
    organisation, quarter: Quarter | None = None, status=Return.Status.DRAFT, values=None, **extra
) -> Return:
    quarter = quarter or quarters_ago(0)
    now = timezone.now()
    if status in (Return.Status.SUBMITTED, Return.Status.APPROVED):
        extra.setdefault("submitted_at", now)
    if status == Return.Status.APPROVED:
        extra.setdefault("approved_at", now)
    made = Return.objects.create(
        organisation=organisation,
        period_start=quarter.start,
        period_end=quarter.end,
        due_on=quarter.due_on,
        status=status,
        **extra,
    )
    for slug, value in (values or {}).items():
        ReturnValue.objects.create(
            quarterly_return=made,
            indicator=indicator(slug),
            value=D(value),
            evidence="Our volunteer register.",
        )
    return made


def salford_ward() -> Ward:
    return Ward.objects.order_by("name").first()


def commissioner_organisation(user=None, **kwargs) -> Organisation:
    """A public-sector commissioner, with ``user`` (a commissioner) as its admin."""
    organisation = OrganisationFactory(
        sector=Sector.PUBLIC_SECTOR, size_band=SizeBand.LARGE, ward=salford_ward(), **kwargs
    )
    if user is not None:
        Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ADMIN)
    return organisation


def make_contract(commissioner, provider, *, value="120000", commitments=(), **kwargs) -> Contract:
    today = timezone.localdate()
    contract = Contract.objects.create(
        commissioner=commissioner,
        provider=provider,
        title=kwargs.pop("title", "Community meals service"),
        category=kwargs.pop("category", ContractCategory.SERVICES),
        value=D(value),
        starts_on=kwargs.pop("starts_on", today - datetime.timedelta(days=400)),
        ends_on=kwargs.pop("ends_on", today + datetime.timedelta(days=330)),
        social_value_weighting=kwargs.pop("social_value_weighting", D("10")),
        **kwargs,
    )
    for kind, slug, promised in commitments:
        make_commitment(contract, kind, slug, promised)
    return contract


def make_commitment(contract, kind, slug, promised=None) -> ContractCommitment:
    unpredicted = kind == CommitmentKind.UNPREDICTED
    return ContractCommitment.objects.create(
        contract=contract,
        kind=kind,
        indicator=indicator(slug),
        promised=None if unpredicted else D(promised),
        due_on=None if unpredicted else contract.ends_on,
        description="" if not unpredicted else "Something nobody planned",
    )


def make_delivery(
    commitment,
    quarter: Quarter | None = None,
    quantity="5",
    status=Delivery.Status.REPORTED,
    **extra,
) -> Delivery:
    quarter = quarter or quarters_ago(0)
    return Delivery.objects.create(
        commitment=commitment,
        period_start=quarter.start,
        period_end=quarter.end,
        quantity=D(quantity),
        status=status,
        note="Signing-in sheets.",
        **extra,
    )


def make_city_figure(slug="people-volunteering", value="47000", start=None, end=None):
    return CityFigure.objects.create(
        indicator=indicator(slug),
        period_start=start or datetime.date(2023, 4, 1),
        period_end=end or datetime.date(2024, 3, 31),
        value=D(value),
        source="Salford Community and Voluntary Services survey",
    )


def make_lm3(organisation, *, income="100000", round2=("30000", "20000"), shares=("40", "50")):
    from measures.calculations import lm3, pounds

    result = lm3(
        income=D(income),
        supplier_spend=D(round2[0]),
        staff_spend=D(round2[1]),
        supplier_respend_pct=D(shares[0]),
        staff_respend_pct=D(shares[1]),
    )
    return LM3Survey.objects.create(
        organisation=organisation,
        period_start=datetime.date(2023, 4, 1),
        period_end=datetime.date(2024, 3, 31),
        income=D(income),
        local_supplier_spend=D(round2[0]),
        local_staff_spend=D(round2[1]),
        supplier_respend_pct=D(shares[0]),
        staff_respend_pct=D(shares[1]),
        respend_basis="survey",
        respend_source="Survey of 12 suppliers and 20 staff, May 2024",
        round2=pounds(result.round2),
        round3=pounds(result.round3),
        lm3=result.multiplier.quantize(D("0.0001")),
    )
