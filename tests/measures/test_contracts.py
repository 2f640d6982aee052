"""The social value register: recording contracts, delivery reports and the
commissioner's answer, what the register adds up to, and a delivery counted once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Membership, SizeBand
from accounts.roles import COMMISSIONER_GROUP
from core.errors import DomainError
from measures import services
from measures.models import CommitmentKind, Contract, Delivery, DeliveryEvent, Return
from measures.periods import Quarter
from measures.selectors.contracts import contract_commitments, register
from measures.selectors.totals import delivered_totals
from measures.services import CommitmentInput, ContractInput, DeliveryInput

from ..accounts.factories import OrganisationFactory, UserFactory, member_of
from .factories import (
    commissioner_organisation,
    indicator,
    make_commitment,
    make_contract,
    make_delivery,
    make_return,
    salford_ward,
    with_proxy,
)

pytestmark = pytest.mark.django_db

D = Decimal
Kind = CommitmentKind
Status = Delivery.Status


@pytest.fixture
def council(users):
    return commissioner_organisation(users["commissioner"], name="Salford City Council")


def details(provider, **changes) -> ContractInput:
    today = timezone.localdate()
    values = {
        "provider": provider,
        "title": "  Community   meals ",
        "reference": "SCC-001",
        "category": "services",
        "value": D(120000),
        "starts_on": today - datetime.timedelta(days=100),
        "ends_on": today + datetime.timedelta(days=265),
        "social_value_weighting": D(10),
    }
    values.update(changes)
    return ContractInput(**values)


def promise(kind=Kind.CORE, slug="people-volunteering", promised="40", due=None) -> CommitmentInput:
    return CommitmentInput(
        kind=kind,
        indicator=indicator(slug),
        promised=D(promised),
        due_on=due or timezone.localdate() + datetime.timedelta(days=200),
    )


# ---------------------------------------------------------------------------
# Recording a contract
# ---------------------------------------------------------------------------


def test_a_commissioner_records_a_contract_with_its_commitments(council, org_a, users):
    contract = services.contract_create(
        actor=users["commissioner"],
        commissioner=council,
        details=details(org_a),
        commitments=[promise(), promise(Kind.ADDED, "waste-recycled", "12")],
    )

    assert contract.title == "Community meals"
    assert (contract.commissioner, contract.provider) == (council, org_a)
    assert sorted(contract.commitments.values_list("kind", "indicator__slug", "promised")) == [
        ("added", "waste-recycled", D(12)),
        ("core", "people-volunteering", D(40)),
    ]


@pytest.mark.parametrize("who", ["member_a", "staff", "resident"])
def test_only_the_commissioning_organisations_commissioners_record_its_contracts(
    council, org_a, users, who
):
    with pytest.raises(DomainError) as refused:
        services.contract_create(actor=users[who], commissioner=council, details=details(org_a))
    assert refused.value.code == "forbidden"


def test_a_member_of_the_council_without_the_commissioner_role_cannot_record(council, org_b):
    clerk = member_of(council, email="clerk@example.org")
    with pytest.raises(DomainError):
        services.contract_create(actor=clerk, commissioner=council, details=details(org_b))


def test_a_commissioner_cannot_record_for_an_organisation_they_are_not_in(org_a, org_b, users):
    elsewhere = commissioner_organisation(None, name="Trafford Council")
    with pytest.raises(DomainError):
        services.contract_create(
            actor=users["commissioner"], commissioner=elsewhere, details=details(org_b)
        )


def test_contract_details_are_checked(council, users):
    with pytest.raises(ValidationError) as refused:
        services.contract_create(
            actor=users["commissioner"],
            commissioner=council,
            details=details(council, ends_on=timezone.localdate() - datetime.timedelta(days=200)),
        )
    assert set(refused.value.message_dict) == {"provider", "ends_on"}


@pytest.mark.parametrize(
    ("commitment", "code"),
    [
        (lambda: promise(Kind.UNPREDICTED), "bad_kind"),
        (lambda: promise(slug="gva-per-head"), "city_only"),
        (lambda: promise(due=datetime.date(2001, 1, 1)), "due_too_early"),
    ],
)
def test_commitments_are_checked(council, org_a, users, commitment, code):
    with pytest.raises(DomainError) as refused:
        services.contract_create(
            actor=users["commissioner"],
            commissioner=council,
            details=details(org_a),
            commitments=[commitment()],
        )
    assert refused.value.code == code
    assert not Contract.objects.exists()


def test_a_commitment_with_deliveries_stays_and_the_provider_is_then_fixed(
    council, org_a, org_b, users
):
    contract = make_contract(council, org_a)
    kept = make_commitment(contract, Kind.CORE, "people-volunteering", "40")
    spare = make_commitment(contract, Kind.ADDED, "waste-recycled", "5")
    make_delivery(kept)

    services.commitment_remove(commitment=spare, actor=users["commissioner"])
    with pytest.raises(DomainError) as refused:
        services.commitment_remove(commitment=kept, actor=users["commissioner"])
    assert refused.value.code == "has_deliveries"
    with pytest.raises(DomainError) as refused:
        services.contract_update(
            contract=contract, actor=users["commissioner"], details=details(org_b)
        )
    assert refused.value.code == "provider_fixed"
    assert list(contract.commitments.all()) == [kept]


# ---------------------------------------------------------------------------
# Delivery reports and the commissioner's answer
# ---------------------------------------------------------------------------


@pytest.fixture
def contract(council, org_a):
    return make_contract(
        council,
        org_a,
        commitments=[
            (Kind.CORE, "people-volunteering", "40"),
            (Kind.ADDED, "waste-recycled", "12"),
        ],
    )


def this_quarter() -> Quarter:
    return Quarter.containing(timezone.localdate())


def report(contract, actor, **quantities) -> list[Delivery]:
    rows = [
        DeliveryInput(
            commitment=c,
            quantity=None
            if quantities.get(c.indicator.slug) is None
            else D(quantities[c.indicator.slug]),
            note="Sign-in sheets",
        )
        for c in contract.commitments.select_related("indicator")
    ]
    return services.deliveries_report(
        contract=contract, actor=actor, quarter=this_quarter(), rows=rows
    )


def test_the_provider_reports_and_the_commissioner_is_told(
    contract, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = report(contract, users["member_a"], **{"people-volunteering": "9"})

    assert (delivery.status, delivery.quantity) == (Status.REPORTED, D(9))
    assert delivery.events.get().action == DeliveryEvent.Action.REPORTED
    (message,) = mail.outbox
    assert message.to == ["commissioner@example.org"]
    assert "1 report to confirm or query" in message.body


@pytest.mark.parametrize("who", ["commissioner", "member_b", "staff"])
def test_only_the_providers_members_report(contract, users, who):
    with pytest.raises(DomainError) as refused:
        report(contract, users[who], **{"people-volunteering": "9"})
    assert refused.value.code == "forbidden"


def test_a_report_needs_a_quantity_and_a_quarter_in_the_contract(contract, users):
    with pytest.raises(DomainError, match="at least one quantity"):
        report(contract, users["member_a"])
    for quarter, code in [
        (this_quarter().next(), "future"),
        (Quarter.containing(contract.starts_on).previous(), "outside_contract"),
    ]:
        with pytest.raises(DomainError) as refused:
            services.deliveries_report(
                contract=contract,
                actor=users["member_a"],
                quarter=quarter,
                rows=[DeliveryInput(commitment=contract.commitments.first(), quantity=D(1))],
            )
        assert refused.value.code == code


def test_the_commissioner_confirms_or_queries_and_the_provider_corrects(
    contract, users, django_capture_on_commit_callbacks
):
    (delivery,) = report(contract, users["member_a"], **{"people-volunteering": "9"})

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_query(
            delivery=delivery, actor=users["commissioner"], question="Nine, or six?"
        )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.query_note) == (Status.QUERIED, "Nine, or six?")
    assert "Nine, or six?" in mail.outbox[-1].body
    assert set(mail.outbox[-1].to) == {"member.a@example.org", "admin.a@example.org"}

    (again,) = report(contract, users["member_a"], **{"people-volunteering": "6"})
    assert again.pk == delivery.pk
    assert again.status == Status.REPORTED

    services.delivery_confirm(delivery=again, actor=users["commissioner"])
    again.refresh_from_db()
    assert (again.status, again.decided_by) == (Status.CONFIRMED, users["commissioner"])
    actions = list(again.events.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["reported", "changes_requested", "reported", "approved"]

    # Confirmed, it cannot change; sent again unchanged, it is left as it is.
    with pytest.raises(DomainError) as refused:
        report(contract, users["member_a"], **{"people-volunteering": "7"})
    assert refused.value.code == "confirmed"
    report(contract, users["member_a"], **{"people-volunteering": "6", "waste-recycled": "1"})
    again.refresh_from_db()
    assert again.status == Status.CONFIRMED


@pytest.mark.parametrize("who", ["staff", "member_a", "admin_a", "clerk"])
def test_only_the_contracts_commissioner_confirms(contract, council, users, who):
    users["clerk"] = member_of(council, email="clerk@example.org")  # no commissioner role
    (delivery,) = report(contract, users["member_a"], **{"people-volunteering": "9"})
    with pytest.raises(DomainError) as refused:
        services.delivery_confirm(delivery=delivery, actor=users[who])
    assert refused.value.code == "forbidden"


def test_a_commissioner_of_another_organisation_cannot_confirm(contract, users):
    other = UserFactory(email="other.buyer@example.org")
    other.groups.add(Group.objects.get(name=COMMISSIONER_GROUP))
    commissioner_organisation(other, name="Bolton Council")
    (delivery,) = report(contract, users["member_a"], **{"people-volunteering": "9"})
    with pytest.raises(DomainError):
        services.delivery_confirm(delivery=delivery, actor=other)


def test_the_provider_records_unpredicted_value(contract, users):
    delivery = services.unpredicted_report(
        contract=contract,
        actor=users["admin_a"],
        quarter=this_quarter(),
        indicator=indicator("vulnerable-groups-into-jobs"),
        description="A volunteer on the meals round was taken on as a driver",
        quantity=D(1),
    )
    commitment = delivery.commitment
    assert (commitment.kind, commitment.promised, commitment.due_on) == (
        Kind.UNPREDICTED,
        None,
        None,
    )
    assert delivery.status == Status.REPORTED
    with pytest.raises(DomainError, match="Say what the unpredicted value was"):
        services.unpredicted_report(
            contract=contract,
            actor=users["admin_a"],
            quarter=this_quarter(),
            indicator=indicator("vulnerable-groups-into-jobs"),
            description=" ",
            quantity=D(1),
        )


# ---------------------------------------------------------------------------
# What the register adds up to
# ---------------------------------------------------------------------------


def test_the_register_answers_the_charters_measures(council, users):
    """£1,000,000 in four contracts; £700,000 (70%) with providers in Salford's wards.
    Volunteering is valued at £100 a person, less 20% deadweight and 10% attribution:
    £72 a person. Promised: 50 people (£3,600, 0.36% of the value) and 10 tonnes (no
    proxy). Delivered and confirmed: 30 + 10 unpredicted = 40 people (£2,880, 0.288%);
    5 more reported but not confirmed do not count."""
    with_proxy("people-volunteering", "100", deadweight="20", attribution="10")
    ward = salford_ward()
    micro = OrganisationFactory(ward=ward, size_band=SizeBand.MICRO)
    small = OrganisationFactory(ward=ward, size_band=SizeBand.SMALL)
    large_elsewhere = OrganisationFactory(ward=None, size_band=SizeBand.LARGE)
    make_contract(council, micro, value="20000")
    make_contract(council, small, value="80000")
    make_contract(council, large_elsewhere, value="300000")
    big = make_contract(
        council,
        small,
        value="600000",
        commitments=[
            (Kind.CORE, "people-volunteering", "50"),
            (Kind.ADDED, "waste-recycled", "10"),
        ],
    )
    volunteering = big.commitments.get(kind=Kind.CORE)
    make_delivery(volunteering, this_quarter().previous(), "30", Status.CONFIRMED)
    make_delivery(volunteering, this_quarter(), "5", Status.REPORTED)
    surprise = make_commitment(big, Kind.UNPREDICTED, "people-volunteering")
    make_delivery(surprise, this_quarter(), "10", Status.CONFIRMED)

    result = register(Contract.objects.all())

    assert (result.contracts, result.value, result.local_value) == (4, D(1000000), D(700000))
    assert result.local_share == D(70)
    grid = {label: (cells, total) for label, cells, total in result.sizes}
    assert grid["Under £25,000"][0]["micro"] == (1, D(20000))
    assert grid["£25,000 to £99,999"][0]["small"] == (1, D(80000))
    assert grid["£100,000 to £999,999"][0]["small"] == (1, D(600000))
    assert grid["£100,000 to £999,999"][0]["large"] == (1, D(300000))
    assert grid["£100,000 to £999,999"][1] == (2, D(900000))
    assert grid["£1 million or more"][1] == (0, D(0))
    assert result.promised.total == D(3600)
    assert result.promised_share == D("0.36")
    assert result.delivered.total == D(2880)
    assert result.delivered_share == D("0.288")
    (line,) = result.delivered.lines
    assert (line.quantity, line.value) == (D(40), D(2880))
    assert {(i.slug, p, d) for i, p, d in result.quantities} == {
        ("people-volunteering", D(50), D(40)),
        ("waste-recycled", D(10), None),
    }

    lines = {line.commitment.kind: line for line in contract_commitments(contract=big)}
    assert lines[Kind.CORE].delivered == D(30)
    assert lines[Kind.CORE].waiting == D(5)
    assert lines[Kind.CORE].progress == D(60)
    assert lines[Kind.UNPREDICTED].progress is None
    assert lines[Kind.ADDED].delivered_estimate is None


def test_the_register_of_nothing_is_empty_not_an_error():
    result = register(Contract.objects.none())
    assert (result.contracts, result.value, result.local_share) == (0, D(0), None)
    assert result.delivered.total == 0 and not result.delivered.lines


# ---------------------------------------------------------------------------
# A delivery counts once
# ---------------------------------------------------------------------------


def test_a_delivery_also_in_an_approved_return_is_counted_once(council, org_a, users):
    """The provider's approved return says 20 people volunteered; 8 of them came through
    the contract, confirmed, and the provider ticked "also in our return". Another
    contract commitment delivered 5 more, not in the return. Total: 20 + 5, not 33."""
    contract = make_contract(council, org_a)
    quarter = Quarter.containing(contract.starts_on).next()
    core = make_commitment(contract, Kind.CORE, "people-volunteering", "40")
    extra = make_commitment(contract, Kind.UNPREDICTED, "people-volunteering")
    in_return = make_delivery(core, quarter, "8", Status.CONFIRMED, in_return=True)
    make_delivery(extra, quarter, "5", Status.CONFIRMED)
    make_delivery(make_commitment(contract, Kind.ADDED, "waste-recycled", "3"), quarter, "2")
    quarterly_return = make_return(
        org_a, quarter, status=Return.Status.APPROVED, values={"people-volunteering": "20"}
    )
    services.link_deliveries(organisation_id=org_a.pk, returns=[quarterly_return])
    in_return.refresh_from_db()
    assert in_return.return_value == quarterly_return.values.get()

    def totals():
        return {
            indicator_id: total
            for indicator_id, total in delivered_totals(
                period_start=quarter.start, period_end=quarter.end
            ).items()
        }

    volunteering = indicator("people-volunteering").pk
    # The waste delivery is only reported, not confirmed: it does not count.
    assert totals() == {volunteering: D(25)}

    # Until the return is approved, the confirmed delivery counts on its own.
    Return.objects.filter(pk=quarterly_return.pk).update(status=Return.Status.SUBMITTED)
    assert totals() == {volunteering: D(13)}


def test_members_of_the_commissioner_see_its_contracts_but_do_not_decide(contract, council):
    clerk = member_of(council, email="clerk@example.org")
    assert Membership.objects.filter(user=clerk, organisation=council).exists()
    from measures import permissions

    assert permissions.can_view_contract(clerk, contract)
    assert not permissions.can_edit_contract(clerk, contract)
