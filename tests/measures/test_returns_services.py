"""Returns: choosing what to report, filling a quarter in, submitting it, and the staff's
review through the shared workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from core.errors import DomainError
from measures import services
from measures.models import CommitmentKind, Delivery, Return, ReturnEvent
from measures.periods import Quarter
from measures.services import ValueInput

from ..accounts.factories import UserFactory
from .factories import (
    commissioner_organisation,
    indicator,
    make_commitment,
    make_contract,
    make_delivery,
    make_plan,
    make_return,
)

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = datetime.date(2025, 8, 10)  # Q1 2025/26 (April to June) ended; due 31 July
Q1 = Quarter(datetime.date(2025, 4, 1))
Status = Return.Status


def value(slug: str, amount: str | None, evidence: str = "Our register") -> ValueInput:
    return ValueInput(
        indicator=indicator(slug), value=None if amount is None else D(amount), evidence=evidence
    )


# ---------------------------------------------------------------------------
# What an organisation reports
# ---------------------------------------------------------------------------


def test_choosing_what_to_report_opens_a_return_for_each_quarter_ended_since(org_a, users):
    plan = services.reporting_plan_set(
        organisation=org_a,
        actor=users["admin_a"],
        indicators=[indicator("people-volunteering"), indicator("waste-recycled")],
        starts_on=datetime.date(2024, 10, 1),
        today=TODAY,
    )

    assert set(plan.indicators.values_list("slug", flat=True)) == {
        "people-volunteering",
        "waste-recycled",
    }
    returns = list(org_a.returns.order_by("period_start"))
    assert [(r.period_start, r.due_on, r.status) for r in returns] == [
        (datetime.date(2024, 10, 1), datetime.date(2025, 1, 31), Status.DRAFT),
        (datetime.date(2025, 1, 1), datetime.date(2025, 4, 30), Status.DRAFT),
        (datetime.date(2025, 4, 1), datetime.date(2025, 7, 31), Status.DRAFT),
    ]


def test_a_later_start_removes_untouched_returns_before_it_and_keeps_the_rest(org_a, users):
    make_plan(org_a, starts=Quarter(datetime.date(2024, 10, 1)))
    untouched = make_return(org_a, Quarter(datetime.date(2024, 10, 1)))
    filled = make_return(
        org_a, Quarter(datetime.date(2025, 1, 1)), values={"people-volunteering": "3"}
    )

    services.reporting_plan_set(
        organisation=org_a,
        actor=users["member_a"],
        indicators=[indicator("people-volunteering")],
        starts_on=Q1.start,
        today=TODAY,
    )

    assert not Return.objects.filter(pk=untouched.pk).exists()
    assert Return.objects.filter(pk=filled.pk).exists()
    assert org_a.returns.filter(period_start=Q1.start).exists()


@pytest.mark.parametrize(
    ("who", "slugs", "start", "code"),
    [
        ("member_b", ["people-volunteering"], Q1.start, "forbidden"),
        ("staff", ["people-volunteering"], Q1.start, "forbidden"),
        ("admin_a", [], Q1.start, "no_indicators"),
        ("admin_a", ["gva-per-head"], Q1.start, "city_only"),
        ("admin_a", ["people-volunteering"], datetime.date(2025, 10, 1), "future"),
        ("admin_a", ["people-volunteering"], datetime.date(2025, 5, 1), "bad_quarter"),
    ],
)
def test_choosing_what_to_report_is_refused(org_a, users, who, slugs, start, code):
    with pytest.raises(DomainError) as refused:
        services.reporting_plan_set(
            organisation=org_a,
            actor=users[who],
            indicators=[indicator(s) for s in slugs],
            starts_on=start,
            today=TODAY,
        )
    assert refused.value.code == code


def test_opening_due_returns_is_safe_to_repeat(org_a, org_b, users):
    make_plan(org_a, starts=Quarter(datetime.date(2024, 4, 1)))
    make_plan(org_b, starts=Q1)
    org_b.suspended_at = org_b.created_at
    org_b.save()

    first = services.returns_open_due(today=TODAY)
    again = services.returns_open_due(today=TODAY)

    # The four latest quarters for A; nothing for the suspended B.
    assert (first, again) == (4, 0)
    assert org_a.returns.count() == 4
    assert not org_b.returns.exists()


# ---------------------------------------------------------------------------
# Filling in and submitting
# ---------------------------------------------------------------------------


def test_saving_keeps_figures_and_a_blank_removes_one(org_a, users):
    make_plan(org_a)
    quarterly_return = make_return(org_a, values={"waste-recycled": "2"})

    services.return_save(
        quarterly_return=quarterly_return,
        actor=users["member_a"],
        values=[value("people-volunteering", "12.5"), value("waste-recycled", None)],
    )

    assert dict(quarterly_return.values.values_list("indicator__slug", "value")) == {
        "people-volunteering": D("12.5")
    }


@pytest.mark.parametrize(
    ("who", "status", "figure", "code"),
    [
        ("member_b", Status.DRAFT, "1", "forbidden"),
        ("staff", Status.DRAFT, "1", "forbidden"),
        ("member_a", Status.SUBMITTED, "1", "not_editable"),
        ("member_a", Status.APPROVED, "1", "not_editable"),
        ("member_a", Status.DRAFT, "-1", "negative"),
    ],
)
def test_saving_is_refused(org_a, users, who, status, figure, code):
    quarterly_return = make_return(org_a, status=status)
    with pytest.raises(DomainError) as refused:
        services.return_save(
            quarterly_return=quarterly_return,
            actor=users[who],
            values=[value("people-volunteering", figure)],
        )
    assert refused.value.code == code


def test_submitting_needs_every_indicator_and_evidence_for_each_figure(org_a, users):
    make_plan(org_a)
    quarterly_return = make_return(org_a)
    services.return_save(
        quarterly_return=quarterly_return,
        actor=users["member_a"],
        values=[value("people-volunteering", "7", evidence="")],
    )

    with pytest.raises(DomainError) as refused:
        services.return_submit(quarterly_return=quarterly_return, actor=users["member_a"])

    assert "Waste recycled" in refused.value.message
    assert "Say where each figure comes from" in refused.value.message
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == Status.DRAFT


def test_a_zero_needs_no_evidence_and_submitting_is_recorded(org_a, users):
    make_plan(org_a)
    quarterly_return = make_return(org_a)
    services.return_save(
        quarterly_return=quarterly_return,
        actor=users["member_a"],
        values=[value("people-volunteering", "7"), value("waste-recycled", "0", evidence="")],
    )

    services.return_submit(quarterly_return=quarterly_return, actor=users["member_a"])

    quarterly_return.refresh_from_db()
    assert quarterly_return.status == Status.SUBMITTED
    assert quarterly_return.submitted_by == users["member_a"]
    assert quarterly_return.events.get().action == ReturnEvent.Action.SUBMITTED


def test_an_empty_return_cannot_be_submitted(org_a, users):
    quarterly_return = make_return(org_a)
    with pytest.raises(DomainError, match="at least one figure"):
        services.return_submit(quarterly_return=quarterly_return, actor=users["admin_a"])


# ---------------------------------------------------------------------------
# The staff's review
# ---------------------------------------------------------------------------


@pytest.fixture
def submitted(org_a, users):
    return make_return(
        org_a,
        status=Status.SUBMITTED,
        values={"people-volunteering": "12"},
        submitted_by=users["member_a"],
    )


def test_staff_approve_a_return_and_the_organisation_is_told(
    submitted, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_approve(quarterly_return=submitted, actor=users["staff"], note="Thanks")

    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert submitted.approved_by == users["staff"]
    event = submitted.events.get()
    assert (event.action, event.actor, event.note) == (
        ReturnEvent.Action.APPROVED,
        users["staff"],
        "Thanks",
    )
    (message,) = mail.outbox
    assert set(message.to) == {"member.a@example.org", "admin.a@example.org"}
    assert "is approved" in message.subject
    assert submitted.quarter.label in message.body


def test_staff_return_it_for_changes_with_a_reason(
    submitted, users, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError) as refused:
        services.return_request_changes(quarterly_return=submitted, actor=users["staff"], reason="")
    assert refused.value.code == "comment_required"

    with django_capture_on_commit_callbacks(execute=True):
        services.return_request_changes(
            quarterly_return=submitted, actor=users["staff"], reason="Which register?"
        )

    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_note) == (Status.RETURNED, "Which register?")
    assert "Which register?" in mail.outbox[0].body
    # Returned, it is the organisation's to change again.
    services.return_save(
        quarterly_return=submitted,
        actor=users["member_a"],
        values=[value("people-volunteering", "11", evidence="The signing-in book")],
    )


@pytest.mark.parametrize("who", ["member_a", "admin_a", "commissioner"])
def test_only_staff_decide_on_a_return(submitted, users, who):
    with pytest.raises(DomainError) as refused:
        services.return_approve(quarterly_return=submitted, actor=users[who])
    assert refused.value.code == "forbidden"


def test_a_return_not_waiting_cannot_be_decided(org_a, users):
    draft = make_return(org_a, values={"people-volunteering": "1"})
    with pytest.raises(DomainError) as refused:
        services.return_approve(quarterly_return=draft, actor=users["staff"])
    assert refused.value.code == "not_submitted"


# ---------------------------------------------------------------------------
# A return and a contract's delivery of the same quantity
# ---------------------------------------------------------------------------


def test_a_delivery_also_in_the_return_is_linked_from_either_side(org_a, users):
    council = commissioner_organisation(UserFactory())
    contract = make_contract(council, org_a)
    commitment = make_commitment(contract, CommitmentKind.CORE, "people-volunteering", "40")
    quarter = Quarter.containing(contract.starts_on).next()
    delivery = make_delivery(commitment, quarter, "8", in_return=True)
    quarterly_return = make_return(org_a, quarter)

    services.return_save(
        quarterly_return=quarterly_return,
        actor=users["member_a"],
        values=[value("people-volunteering", "20")],
    )

    delivery.refresh_from_db()
    figure = quarterly_return.values.get()
    assert delivery.return_value == figure
    # Removing the figure unlinks the delivery: it counts on its own again.
    services.return_save(
        quarterly_return=quarterly_return,
        actor=users["member_a"],
        values=[value("people-volunteering", None)],
    )
    delivery.refresh_from_db()
    assert delivery.return_value is None


def test_a_return_smaller_than_the_deliveries_it_includes_cannot_be_submitted(org_a, users):
    make_plan(org_a, slugs=["people-volunteering"])
    council = commissioner_organisation(UserFactory())
    contract = make_contract(council, org_a)
    commitment = make_commitment(contract, CommitmentKind.CORE, "people-volunteering", "40")
    quarter = Quarter.containing(contract.starts_on).next()
    make_delivery(commitment, quarter, "8", in_return=True, status=Delivery.Status.CONFIRMED)
    quarterly_return = make_return(org_a, quarter)
    services.return_save(
        quarterly_return=quarterly_return,
        actor=users["member_a"],
        values=[value("people-volunteering", "5")],
    )

    with pytest.raises(DomainError, match=r"\(5\) is less than the 8 you delivered"):
        services.return_submit(quarterly_return=quarterly_return, actor=users["member_a"])
