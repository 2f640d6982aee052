"""The moderation services' rules: decisions, what they record and whom they tell,
applying an approved revision, and dealing with concerns."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from core.errors import DomainError
from core.models import OutboxEmail
from measures.models import Outcome
from pledges import services
from pledges.models import Commitment, ConcernReport, Pledge, PledgeEvent
from pledges.services import CommitmentInput

from .factories import CommitmentFactory, ProgressUpdateFactory, make_pledge

pytestmark = pytest.mark.django_db

Status = Pledge.Status
Action = PledgeEvent.Action
NOT_SUBMITTED = [Status.DRAFT, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN, Status.LAPSED]


def outcome(number: int) -> Outcome:
    return Outcome.objects.get(number=number)


def mail_to(email: str) -> list[OutboxEmail]:
    return [m for m in OutboxEmail.objects.all() if email in m.to]


@pytest.fixture
def staff(users):
    return users["staff"]


@pytest.fixture
def submitted(org_a, users) -> Pledge:
    return make_pledge(
        status=Status.SUBMITTED,
        organisation=org_a,
        pledger=users["member_a"],
        moderation_note="An old note",
    )


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def test_approve_starts_the_pledges_year_and_records_who_approved(submitted, staff):
    before = timezone.now()

    pledge = services.pledge_approve(pledge=submitted, actor=staff, note="  Well done.  ")

    pledge.refresh_from_db()
    assert pledge.status == Status.APPROVED
    assert before <= pledge.approved_at <= timezone.now()
    assert pledge.expires_at == pledge.approved_at + relativedelta(months=12)
    assert pledge.reminder_sent_at is None
    assert pledge.moderation_note == ""
    event = pledge.events.get()
    assert (event.action, event.actor, event.note) == (Action.APPROVED, staff, "Well done.")
    assert len(mail_to("member.a@example.org")) == 1
    assert "admin.a@example.org" in mail_to("member.a@example.org")[0].to


def test_reject_needs_a_reason(submitted, staff):
    with pytest.raises(DomainError) as error:
        services.pledge_reject(pledge=submitted, actor=staff, reason="   ")

    assert error.value.code == "reason_required"
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not submitted.events.exists()
    assert not OutboxEmail.objects.exists()


def test_reject_records_the_reason_for_the_pledger(submitted, staff):
    services.pledge_reject(pledge=submitted, actor=staff, reason=" Not measurable. ")

    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED
    assert submitted.moderation_note == "Not measurable."
    event = submitted.events.get()
    assert (event.action, event.actor, event.note) == (Action.REJECTED, staff, "Not measurable.")
    [email] = mail_to("member.a@example.org")
    assert "Not measurable." in email.body


def test_asking_for_changes_needs_a_comment(submitted, staff):
    with pytest.raises(DomainError) as error:
        services.pledge_request_changes(pledge=submitted, actor=staff, comment="")

    assert error.value.code == "comment_required"
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_asking_for_changes_returns_a_draft_the_pledger_can_submit_again(submitted, staff, users):
    services.pledge_request_changes(pledge=submitted, actor=staff, comment="Add targets.")

    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert submitted.moderation_note == "Add targets."
    assert submitted.events.get().action == Action.CHANGES_REQUESTED
    assert "Add targets." in mail_to("member.a@example.org")[0].body

    services.pledge_submit(pledge=submitted, actor=users["member_a"])

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert submitted.moderation_note == ""


@pytest.mark.parametrize("status", NOT_SUBMITTED)
@pytest.mark.parametrize(
    "decide",
    [
        lambda pledge, actor: services.pledge_approve(pledge=pledge, actor=actor),
        lambda pledge, actor: services.pledge_reject(pledge=pledge, actor=actor, reason="No."),
        lambda pledge, actor: services.pledge_request_changes(
            pledge=pledge, actor=actor, comment="Change it."
        ),
    ],
    ids=["approve", "reject", "request_changes"],
)
def test_decisions_on_a_pledge_that_is_not_waiting_are_refused(status, decide, org_a, staff):
    pledge = make_pledge(status=status, organisation=org_a)
    approved_at = pledge.approved_at

    with pytest.raises(DomainError) as error:
        decide(pledge, staff)

    assert error.value.code == "not_submitted"
    pledge.refresh_from_db()
    assert (pledge.status, pledge.approved_at) == (status, approved_at)
    assert not pledge.events.exists()
    assert not OutboxEmail.objects.exists()


def test_a_pledge_is_decided_once(submitted, staff):
    services.pledge_approve(pledge=submitted, actor=staff)

    with pytest.raises(DomainError):
        services.pledge_reject(pledge=submitted, actor=staff, reason="Changed my mind.")

    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert list(submitted.events.values_list("action", flat=True)) == [Action.APPROVED]


# ---------------------------------------------------------------------------
# Revisions
# ---------------------------------------------------------------------------


def as_input(commitment: Commitment, **changes) -> CommitmentInput:
    values = {
        "text": commitment.text,
        "outcomes": list(commitment.outcomes.all()),
        "target_value": commitment.target_value,
        "target_unit": commitment.target_unit,
        "due_date": commitment.due_date,
        "source_id": commitment.source_id,
    }
    values.update(changes)
    return CommitmentInput(**values)


@pytest.fixture
def approved(org_a, users) -> Pledge:
    """An approved pledge of three commitments, with progress on each."""
    pledge = make_pledge(
        status=Status.APPROVED,
        organisation=org_a,
        pledger=users["member_a"],
        title="Greener ways to work",
        statement="We care about the air.",
        commitments=0,
    )
    for n, text in enumerate(["Volunteer 100 hours", "Cycle to work", "Recycle 5 tonnes"]):
        commitment = CommitmentFactory(pledge=pledge, text=text, order=n)
        Commitment.objects.filter(pk=commitment.pk).update(current_value=n + 1)
    ProgressUpdateFactory(commitment=pledge.commitments.get(text="Volunteer 100 hours"))
    return pledge


def revise(approved: Pledge, author, **changes) -> Pledge:
    """Start a revision, apply ``changes`` to its commitments and submit it."""
    revision = services.pledge_start_revision(pledge=approved, actor=author)
    copies = {c.text: c for c in revision.commitments.prefetch_related("outcomes")}
    commitments = changes.pop("commitments")(copies)
    services.pledge_update(
        pledge=revision,
        title=changes.get("title", revision.title),
        statement=changes.get("statement", revision.statement),
        commitments=commitments,
    )
    return services.pledge_submit(pledge=revision, actor=author)


def test_revision_application_updates_adds_and_removes_commitments(approved, staff, users):
    volunteer, cycle, recycle = approved.commitments.order_by("order")
    approved_at, expires_at = approved.approved_at, approved.expires_at
    new_due = timezone.localdate() + datetime.timedelta(days=100)
    revision = revise(
        approved,
        users["member_a"],
        title="Greener, fairer ways to work",
        statement="We care about the air and about pay.",
        commitments=lambda c: [
            as_input(c["Volunteer 100 hours"]),
            as_input(
                c["Cycle to work"],
                text="Cycle or walk to work",
                target_value=Decimal("25"),
                due_date=new_due,
                outcomes=[outcome(6), outcome(3)],
            ),
            CommitmentInput(
                text="Pay the real Living Wage",
                outcomes=[outcome(8)],
                target_value=Decimal("12"),
                target_unit="people",
                due_date=new_due,
            ),
        ],
    )

    result = services.pledge_approve(pledge=revision, actor=staff, note="Good changes.")

    assert result.pk == approved.pk
    approved.refresh_from_db()
    assert (approved.title, approved.statement) == (
        "Greener, fairer ways to work",
        "We care about the air and about pay.",
    )
    assert approved.status == Status.APPROVED
    assert (approved.approved_at, approved.expires_at) == (approved_at, expires_at)
    kept, changed, added = approved.commitments.order_by("order")
    # Unchanged: the same row, its progress and updates untouched.
    assert (kept.pk, kept.text, kept.current_value) == (volunteer.pk, volunteer.text, 1)
    assert kept.updates.count() == 1
    # Updated in place: new words, target, date and outcomes; progress carried on.
    assert changed.pk == cycle.pk
    assert (changed.text, changed.target_value, changed.due_date) == (
        "Cycle or walk to work",
        Decimal("25"),
        new_due,
    )
    assert set(changed.outcomes.values_list("number", flat=True)) == {3, 6}
    assert changed.current_value == 2
    # Added: a new row starting from nothing.
    assert (added.text, added.current_value, added.source_id) == (
        "Pay the real Living Wage",
        0,
        None,
    )
    # Removed.
    assert not Commitment.objects.filter(pk=recycle.pk).exists()
    # The revision is gone; its history now belongs to the pledge.
    assert not Pledge.objects.filter(pk=revision.pk).exists()
    actions = list(approved.events.order_by("at", "pk").values_list("action", flat=True))
    assert actions == [Action.SUBMITTED, Action.REVISION_APPROVED]
    assert approved.events.get(action=Action.REVISION_APPROVED).actor == staff
    [email] = mail_to("member.a@example.org")
    assert "changes" in email.subject


def test_a_commitment_claimed_twice_in_a_revision_is_continued_once(approved, staff, users):
    volunteer = approved.commitments.get(text="Volunteer 100 hours")
    revision = services.pledge_start_revision(pledge=approved, actor=users["member_a"])
    revision.commitments.exclude(source=volunteer).delete()
    copy = revision.commitments.get()
    twin = CommitmentFactory(pledge=revision, text="Volunteer 200 hours", order=1)
    Commitment.objects.filter(pk=twin.pk).update(source=volunteer)
    services.pledge_submit(pledge=revision, actor=users["member_a"])

    services.pledge_approve(pledge=revision, actor=staff)

    texts = list(approved.commitments.order_by("order").values_list("pk", "text"))
    assert texts[0] == (volunteer.pk, copy.text)
    assert texts[1][1] == "Volunteer 200 hours" and texts[1][0] != volunteer.pk


def test_requesting_changes_to_a_revision_keeps_the_approved_version_public(approved, staff, users):
    revision = revise(
        approved, users["member_a"], commitments=lambda c: [as_input(c["Cycle to work"])]
    )

    services.pledge_request_changes(pledge=revision, actor=staff, comment="Keep the others.")

    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert approved.commitments.count() == 3
    revision.refresh_from_db()
    assert (revision.status, revision.revision_of_id) == (Status.DRAFT, approved.pk)
    assert Pledge.objects.public().filter(pk=approved.pk).exists()
    assert not Pledge.objects.public().filter(pk=revision.pk).exists()


def test_a_rejected_revision_does_not_block_the_next_one(approved, staff, users):
    author = users["member_a"]
    revision = revise(approved, author, commitments=lambda c: [as_input(c["Cycle to work"])])
    services.pledge_reject(pledge=revision, actor=staff, reason="Please keep the others.")

    again = services.pledge_start_revision(pledge=approved, actor=author)

    assert again.pk != revision.pk
    assert again.status == Status.DRAFT
    assert again.commitments.count() == 3
    assert not Pledge.objects.filter(pk=revision.pk).exists()
    # The rejection stays in the approved pledge's history.
    rejection = approved.events.get(action=Action.REJECTED)
    assert rejection.note == "Please keep the others."
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_starting_a_revision_twice_returns_the_one_in_progress(approved, users):
    first = services.pledge_start_revision(pledge=approved, actor=users["member_a"])
    second = services.pledge_start_revision(pledge=approved, actor=users["admin_a"])

    assert first.pk == second.pk


# ---------------------------------------------------------------------------
# Concerns
# ---------------------------------------------------------------------------


@pytest.fixture
def concern(org_a) -> ConcernReport:
    pledge = make_pledge(status=Status.APPROVED, organisation=org_a)
    return services.concern_report(pledge=pledge, text="Looks like an advert.")


def test_resolving_a_concern_records_who_when_and_what(concern, staff):
    services.concern_resolve(concern=concern, actor=staff, resolution=" Checked; it stands. ")

    concern.refresh_from_db()
    assert concern.resolved_by == staff
    assert concern.resolved_at is not None
    assert concern.resolution == "Checked; it stands."


def test_resolving_a_concern_needs_to_say_what_was_done(concern, staff):
    with pytest.raises(DomainError) as error:
        services.concern_resolve(concern=concern, actor=staff, resolution="  ")

    assert error.value.code == "resolution_required"
    concern.refresh_from_db()
    assert concern.resolved_at is None


def test_a_concern_is_resolved_once(concern, staff, users):
    services.concern_resolve(concern=concern, actor=staff, resolution="Done.")

    with pytest.raises(DomainError):
        services.concern_resolve(concern=concern, actor=users["staff"], resolution="Again.")

    concern.refresh_from_db()
    assert concern.resolution == "Done."


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED])
def test_concerns_are_only_about_public_pledges(status, org_a):
    pledge = make_pledge(status=status, organisation=org_a)

    with pytest.raises(DomainError):
        services.concern_report(pledge=pledge, text="Hmm.")

    assert not ConcernReport.objects.exists()


def test_approving_a_renewal_ends_the_year_it_renews(users, org_a):
    from pledges.services import pledge_approve, pledge_renew, pledge_submit

    from .factories import CommitmentFactory, ending_soon

    old = make_pledge(
        status=Pledge.Status.APPROVED,
        organisation=org_a,
        pledger=users["admin_a"],
        expires_at=ending_soon(),
    )
    renewal = pledge_renew(pledge=old, actor=users["admin_a"])
    CommitmentFactory(pledge=renewal, text="Recruit two apprentices from Ordsall")
    pledge_submit(pledge=renewal, actor=users["admin_a"])

    pledge_approve(pledge=renewal, actor=users["staff"])

    old.refresh_from_db()
    assert old.status == Pledge.Status.LAPSED
    assert old.events.filter(action="lapsed").get().note == "Renewed by a newer pledge."
    assert list(Pledge.objects.public().filter(organisation=org_a)) == [renewal]


def test_resolving_a_concern_is_recorded_in_the_pledge_history(users, org_a):
    from pledges.models import ConcernReport
    from pledges.services import concern_resolve

    pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a)
    concern = ConcernReport.objects.create(pledge=pledge, text="Is this real?")

    concern_resolve(concern=concern, actor=users["staff"], resolution="Checked with them: it is.")

    event = pledge.events.get(action="concern_resolved")
    assert (event.actor, event.note) == (users["staff"], "Checked with them: it is.")
