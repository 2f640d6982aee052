"""The rules of writing a pledge, enforced by the services whatever page calls them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import DomainError
from measures.models import Outcome
from pledges import services
from pledges.models import Campaign, Commitment, Pledge, PledgeEvent
from pledges.services import CommitmentInput

from ..accounts.factories import UserFactory
from .factories import ending_soon, make_pledge

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def commitment_input(**overrides) -> CommitmentInput:
    values = {
        "text": "Increase the number of staff volunteering by 10%",
        "outcomes": [Outcome.objects.get(number=1)],
        "target_value": Decimal("10"),
        "target_unit": "%",
        "due_date": today() + datetime.timedelta(days=200),
    }
    return CommitmentInput(**(values | overrides))


def create(pledger=None, organisation=None, commitments=None, **kwargs) -> Pledge:
    return services.pledge_create(
        pledger=pledger or UserFactory(),
        organisation=organisation,
        title=kwargs.pop("title", "Volunteering more"),
        commitments=[commitment_input()] if commitments is None else commitments,
        **kwargs,
    )


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# ---------------------------------------------------------------------------
# pledge_create and pledge_update
# ---------------------------------------------------------------------------


def test_create_saves_a_draft_in_the_open_campaign(org_a, users):
    pledge = create(
        pledger=users["member_a"],
        organisation=org_a,
        title="  Buying   local  ",
        statement="  Because it matters.  ",
        commitments=[
            commitment_input(text="  Buy   more locally  ", target_unit=" % "),
            commitment_input(
                text="Second", outcomes=list(Outcome.objects.filter(number__in=[5, 6]))
            ),
        ],
    )
    assert pledge.status == Pledge.Status.DRAFT
    assert pledge.campaign.slug == "10-percent-better"
    assert pledge.title == "Buying local"
    assert pledge.statement == "Because it matters."
    first, second = pledge.commitments.all()
    assert (first.text, first.target_unit, first.order) == ("Buy more locally", "%", 0)
    assert {o.number for o in second.outcomes.all()} == {5, 6}
    assert not pledge.events.exists()


@pytest.mark.parametrize(
    ("commitments", "code"),
    [
        ([], "no_commitment"),
        ([commitment_input, {"outcomes": []}], "no_outcome"),
        ([commitment_input, {"due_date": datetime.date(2020, 1, 1)}], "due_date_past"),
    ],
    ids=["none", "no-outcome", "past-due"],
)
def test_create_refuses_bad_commitments(commitments, code):
    if commitments:
        make, overrides = commitments
        commitments = [commitment_input(), make(**overrides)]
    error = refusal(lambda: create(commitments=commitments))
    assert error.code == code
    assert error.message
    assert not Pledge.objects.exists()


def test_a_commitment_due_today_is_accepted():
    assert create(commitments=[commitment_input(due_date=today())]).pk


def test_create_refuses_more_than_ten_commitments():
    error = refusal(lambda: create(commitments=[commitment_input()] * 11))
    assert "at most 10" in error.message
    assert not Pledge.objects.exists()


def test_create_for_a_suspended_organisation_is_refused(org_a, users):
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])
    error = refusal(lambda: create(pledger=users["member_a"], organisation=org_a))
    assert org_a.name in error.message
    assert not Pledge.objects.exists()


def test_create_needs_an_open_campaign():
    Campaign.objects.update(is_open=False)
    assert "No campaign is open" in refusal(create).message


def test_update_replaces_the_draft_and_its_commitments():
    pledge = make_pledge(commitments=3)
    services.pledge_update(
        pledge=pledge,
        title="New headline",
        statement="",
        commitments=[commitment_input(text="Only this one")],
    )
    pledge.refresh_from_db()
    assert pledge.title == "New headline"
    assert list(pledge.commitments.values_list("text", flat=True)) == ["Only this one"]


@pytest.mark.parametrize("status", [Pledge.Status.SUBMITTED, Pledge.Status.APPROVED])
def test_update_refuses_anything_but_a_draft(status):
    pledge = make_pledge(status=status)
    error = refusal(
        lambda: services.pledge_update(
            pledge=pledge, title="Sneaky", commitments=[commitment_input()]
        )
    )
    assert error.code == "not_draft"
    pledge.refresh_from_db()
    assert pledge.title != "Sneaky"


def test_update_checks_commitments_too():
    pledge = make_pledge()
    error = refusal(
        lambda: services.pledge_update(
            pledge=pledge, title="x", commitments=[commitment_input(outcomes=[])]
        )
    )
    assert error.code == "no_outcome"
    assert pledge.commitments.count() == 1


def test_a_commitment_cannot_claim_to_continue_someone_elses():
    other = make_pledge(status=Pledge.Status.APPROVED).commitments.get()
    pledge = create(commitments=[commitment_input(source_id=other.pk)])
    assert pledge.commitments.get().source_id is None


# ---------------------------------------------------------------------------
# pledge_submit
# ---------------------------------------------------------------------------


def test_submit_sends_a_draft_to_moderation_and_records_it(users):
    pledge = make_pledge(pledger=users["resident"], moderation_note="Add a date, please.")
    services.pledge_submit(pledge=pledge, actor=users["resident"])
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED
    assert pledge.submitted_at is not None
    assert pledge.moderation_note == ""
    event = pledge.events.get()
    assert (event.action, event.actor) == (PledgeEvent.Action.SUBMITTED, users["resident"])


def test_submit_twice_is_refused(users):
    pledge = make_pledge(status=Pledge.Status.SUBMITTED)
    assert refusal(lambda: services.pledge_submit(pledge=pledge, actor=users["staff"])).code == (
        "not_draft"
    )
    assert not pledge.events.exists()


def test_submit_rechecks_commitments_that_have_gone_stale(users):
    pledge = make_pledge()
    Commitment.objects.filter(pledge=pledge).update(due_date=today() - datetime.timedelta(days=1))
    assert refusal(lambda: services.pledge_submit(pledge=pledge, actor=users["resident"])).code == (
        "due_date_past"
    )
    empty = make_pledge(commitments=0)
    assert refusal(lambda: services.pledge_submit(pledge=empty, actor=users["resident"])).code == (
        "no_commitment"
    )


def test_submit_for_a_suspended_organisation_is_refused(org_a, users):
    pledge = make_pledge(organisation=org_a, pledger=users["member_a"])
    org_a.suspended_at = timezone.now()
    org_a.save(update_fields=["suspended_at"])
    refusal(lambda: services.pledge_submit(pledge=pledge, actor=users["member_a"]))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT


# ---------------------------------------------------------------------------
# Revisions of approved pledges
# ---------------------------------------------------------------------------


def test_revision_copies_the_approved_pledge_which_stays_public(org_a, users):
    approved = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a, commitments=2)
    revision = services.pledge_start_revision(pledge=approved, actor=users["member_a"])
    assert revision.status == Pledge.Status.DRAFT
    assert revision.revision_of == approved
    assert revision.pledger == users["member_a"]
    assert revision.organisation == org_a
    assert [c.source_id for c in revision.commitments.all()] == [
        c.pk for c in approved.commitments.all()
    ]
    assert list(Pledge.objects.public()) == [approved]


def test_revision_returns_the_existing_one(users):
    approved = make_pledge(status=Pledge.Status.APPROVED, pledger=users["resident"])
    first = services.pledge_start_revision(pledge=approved, actor=users["resident"])
    assert services.pledge_start_revision(pledge=approved, actor=users["resident"]) == first
    Pledge.objects.filter(pk=first.pk).update(status=Pledge.Status.SUBMITTED)
    assert services.pledge_start_revision(pledge=approved, actor=users["resident"]) == first
    assert Pledge.objects.filter(revision_of=approved).count() == 1


def test_a_rejected_revision_makes_way_for_a_new_one(users):
    approved = make_pledge(status=Pledge.Status.APPROVED, pledger=users["resident"])
    first = services.pledge_start_revision(pledge=approved, actor=users["resident"])
    Pledge.objects.filter(pk=first.pk).update(status=Pledge.Status.REJECTED)
    second = services.pledge_start_revision(pledge=approved, actor=users["resident"])
    assert second.pk != first.pk
    assert second.status == Pledge.Status.DRAFT


@pytest.mark.parametrize("status", [Pledge.Status.DRAFT, Pledge.Status.LAPSED])
def test_only_an_approved_pledge_is_revised(status, users):
    pledge = make_pledge(status=status)
    refusal(lambda: services.pledge_start_revision(pledge=pledge, actor=users["resident"]))
    assert not Pledge.objects.filter(revision_of=pledge).exists()


# ---------------------------------------------------------------------------
# pledge_withdraw
# ---------------------------------------------------------------------------


def test_withdraw_deletes_the_pending_revision_and_records_why(users):
    approved = make_pledge(status=Pledge.Status.APPROVED, pledger=users["resident"])
    revision = services.pledge_start_revision(pledge=approved, actor=users["resident"])
    services.pledge_withdraw(pledge=approved, actor=users["resident"], reason="  Moving away. ")
    approved.refresh_from_db()
    assert approved.status == Pledge.Status.WITHDRAWN
    assert not Pledge.objects.filter(pk=revision.pk).exists()
    assert approved not in Pledge.objects.public()
    event = approved.events.get()
    assert (event.action, event.note) == (PledgeEvent.Action.WITHDRAWN, "Moving away.")


@pytest.mark.parametrize("status", [Pledge.Status.DRAFT, Pledge.Status.SUBMITTED])
def test_withdraw_a_pledge_not_yet_public(status, users):
    pledge = make_pledge(status=status)
    services.pledge_withdraw(pledge=pledge, actor=users["resident"])
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.WITHDRAWN


@pytest.mark.parametrize(
    "status", [Pledge.Status.WITHDRAWN, Pledge.Status.LAPSED, Pledge.Status.REJECTED]
)
def test_withdraw_refuses_a_finished_pledge(status, users):
    pledge = make_pledge(status=status)
    refusal(lambda: services.pledge_withdraw(pledge=pledge, actor=users["resident"]))
    assert not pledge.events.exists()


# ---------------------------------------------------------------------------
# pledge_renew
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Pledge.Status.APPROVED, Pledge.Status.LAPSED])
def test_renew_copies_commitments_into_a_new_draft(status, org_a, users):
    old = make_pledge(status=status, organisation=org_a, commitments=2, expires_at=ending_soon())
    first = old.commitments.first()
    Commitment.objects.filter(pk=first.pk).update(
        current_value=Decimal("7"),
        done_at=timezone.now(),
        due_date=today() - datetime.timedelta(days=3),
    )
    renewal = services.pledge_renew(pledge=old, actor=users["admin_a"])
    assert renewal.status == Pledge.Status.DRAFT
    assert renewal.renewed_from == old
    assert renewal.organisation == org_a
    assert renewal.pledger == users["admin_a"]
    copies = list(renewal.commitments.all())
    assert [c.source_id for c in copies] == [c.pk for c in old.commitments.all()]
    # A new year starts from nothing, and no date has already passed.
    assert all(c.current_value == 0 and c.done_at is None for c in copies)
    assert all(c.due_date >= today() for c in copies)
    assert old.events.get().action == PledgeEvent.Action.RENEWED


def test_renewal_needs_a_new_commitment_before_submitting(users):
    old = make_pledge(
        status=Pledge.Status.APPROVED, pledger=users["resident"], expires_at=ending_soon()
    )
    renewal = services.pledge_renew(pledge=old, actor=users["resident"])
    error = refusal(lambda: services.pledge_submit(pledge=renewal, actor=users["resident"]))
    assert error.code == "renewal_needs_new"

    carried = renewal.commitments.get()
    services.pledge_update(
        pledge=renewal,
        title=renewal.title,
        commitments=[
            commitment_input(text=carried.text, source_id=carried.source_id),
            commitment_input(text="Something new"),
        ],
    )
    services.pledge_submit(pledge=renewal, actor=users["resident"])
    renewal.refresh_from_db()
    assert renewal.status == Pledge.Status.SUBMITTED


def test_renew_returns_the_renewal_already_started(users):
    old = make_pledge(status=Pledge.Status.APPROVED, expires_at=ending_soon())
    first = services.pledge_renew(pledge=old, actor=users["resident"])
    assert services.pledge_renew(pledge=old, actor=users["resident"]) == first
    assert old.renewals.count() == 1


@pytest.mark.parametrize(
    "status", [Pledge.Status.DRAFT, Pledge.Status.SUBMITTED, Pledge.Status.WITHDRAWN]
)
def test_only_an_approved_or_lapsed_pledge_is_renewed(status, users):
    pledge = make_pledge(status=status)
    refusal(lambda: services.pledge_renew(pledge=pledge, actor=users["resident"]))
    assert not pledge.renewals.exists()


def test_a_pledge_in_the_middle_of_its_year_cannot_be_renewed_yet(users):
    current = make_pledge(status=Pledge.Status.APPROVED, pledger=users["resident"])

    with pytest.raises(DomainError) as refused:
        services.pledge_renew(pledge=current, actor=users["resident"])

    assert refused.value.code == "not_renewable"
    assert not Pledge.objects.filter(renewed_from=current).exists()
