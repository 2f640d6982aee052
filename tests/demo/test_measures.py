"""measures' part of seed_demo: every state at realistic proportions, in bulk, the same
for the same seed, and removed again."""

from __future__ import annotations

import io
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Sector, SizeBand
from demo import measures as demo_builder
from measures.models import (
    CityFigure,
    CommitmentKind,
    Contract,
    Delivery,
    LM3Survey,
    ReportingPlan,
    Return,
    ReturnEvent,
    ReturnValue,
)

from ..accounts.factories import OrganisationFactory, UserFactory, admin_of
from ..measures.factories import salford_ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    ward = salford_ward()
    organisations = []
    for n in range(40):
        sector = Sector.PUBLIC_SECTOR if n % 8 == 0 else Sector.CHARITY
        organisation = OrganisationFactory(
            sector=sector,
            size_band=SizeBand.values[n % 4],
            ward=None if n % 6 == 5 else ward,
        )
        admin_of(organisation)
        organisations.append(organisation)
    return organisations


def build(organisations, seed=7):
    out = io.StringIO()
    counts = demo_builder.build(
        rng=random.Random(seed),
        organisations=organisations,
        now=timezone.now(),
        staff=UserFactory(),
        stdout=out,
    )
    return counts, out.getvalue()


def test_the_demo_has_every_state_at_realistic_proportions(city):
    counts, printed = build(city)

    assert printed.startswith("  measures: ")
    plans = ReportingPlan.objects.count()
    assert 0.6 * len(city) <= plans <= len(city)
    statuses = set(Return.objects.values_list("status", flat=True))
    assert statuses == set(Return.Status.values)
    approved = Return.objects.approved().count()
    assert approved > Return.objects.count() / 2
    overdue = Return.objects.overdue(timezone.localdate())
    assert overdue.exists()
    assert not overdue.filter(status="draft", reminded_at__isnull=True).exists()
    assert ReturnValue.objects.count() == counts["return values"]
    assert ReturnEvent.objects.filter(action="approved").count() == approved

    assert Contract.objects.count() == counts["contracts"] == 20
    assert not Contract.objects.filter(provider__sector=Sector.PUBLIC_SECTOR).exists()
    local = Contract.objects.filter(provider__ward__isnull=False).count()
    assert 0 < local < Contract.objects.count()
    kinds = set(Contract.objects.values_list("commitments__kind", flat=True))
    assert {CommitmentKind.CORE, CommitmentKind.ADDED} <= kinds
    assert set(Delivery.objects.values_list("status", flat=True)) == set(Delivery.Status.values)
    assert Delivery.objects.filter(return_value__isnull=False).exists()
    for delivery in Delivery.objects.filter(return_value__isnull=False).select_related(
        "return_value__quarterly_return", "commitment__contract"
    )[:20]:
        figure = delivery.return_value
        assert figure.quarterly_return.organisation_id == delivery.commitment.contract.provider_id
        assert figure.quarterly_return.period_start == delivery.period_start

    assert LM3Survey.objects.exists()
    assert all(Decimal(1) <= s.lm3 <= Decimal(3) for s in LM3Survey.objects.all())
    assert CityFigure.objects.count() == counts["city figures"] > 0


def test_the_same_seed_makes_the_same_demo(city):
    first, _ = build(city, seed=3)
    demo_builder.delete(organisation_ids=[o.pk for o in city])
    CityFigure.objects.all().delete()
    again, _ = build(city, seed=3)
    assert first == again


def test_delete_removes_it_all(city):
    build(city)
    deleted = demo_builder.delete(organisation_ids=[o.pk for o in city])
    assert deleted > 0
    for model in (Contract, Return, ReturnValue, ReportingPlan, LM3Survey, Delivery):
        assert not model.objects.exists(), model
    # The organisations can go now: no contract protects them.
    for organisation in city:
        organisation.delete()


def test_deliveries_are_linked_as_the_service_would_link_them(city):
    """The demo links every provider's deliveries in one statement; the service, run
    afterwards for each provider, finds nothing to change."""
    from measures.services.linking import link_deliveries

    build(city)
    assert Delivery.objects.filter(return_value__isnull=False).exists()
    periods = set(Delivery.objects.values_list("period_start", flat=True))
    for provider_id in set(Contract.objects.values_list("provider_id", flat=True)):
        assert link_deliveries(organisation_id=provider_id, periods=periods) == 0
