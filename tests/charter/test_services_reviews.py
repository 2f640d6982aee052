"""The yearly review, its reminder and the lapse, rule by rule; the tasks run twice."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from charter import selectors, services, tasks
from charter.models import Signature, SignatureEvent, SignatureReview
from core.errors import DomainError
from pledges.models import Pledge
from tests.tasks import run_twice

from ..pledges.factories import make_pledge
from .factories import make_signature, statements

pytestmark = pytest.mark.django_db

Status = Signature.Status


def review(users, signature, *, submit: bool = True, **evidence) -> SignatureReview:
    write = services.signature_review_submit if submit else services.signature_review_save
    return write(signature=signature, actor=users["admin_a"], entries=statements(**evidence))


# --- Writing the review --------------------------------------------------------------


def test_the_review_opens_eleven_months_after_verification(users, org_a):
    signature = make_signature(org_a, months_ago=10)
    with pytest.raises(DomainError) as refused:
        review(users, signature)
    assert refused.value.code == "review_closed"
    signature.cycle_started_at -= relativedelta(months=1)
    signature.save(update_fields=["cycle_started_at"])
    assert review(users, signature).status == SignatureReview.Status.SUBMITTED


@pytest.mark.parametrize("role", ["member_a", "staff", "resident"])
def test_only_the_organisations_admins_review(users, org_a, role):
    signature = make_signature(org_a, months_ago=12)
    with pytest.raises(DomainError):
        services.signature_review_submit(
            signature=signature, actor=users[role], entries=statements()
        )


def test_a_draft_review_is_kept_and_carried_on(users, org_a):
    signature = make_signature(org_a, months_ago=12)
    partial = statements()
    del partial["deliver"]
    draft = services.signature_review_save(
        signature=signature, actor=users["admin_a"], entries=partial
    )
    assert draft.status == SignatureReview.Status.DRAFT
    assert draft.entries.count() == 2
    with pytest.raises(DomainError) as refused:
        services.signature_review_submit(
            signature=signature, actor=users["admin_a"], entries=partial
        )
    assert refused.value.code == "incomplete"
    submitted = review(users, signature)
    assert submitted.pk == draft.pk
    assert submitted.entries.count() == 3
    assert SignatureEvent.objects.filter(signature=signature, action="review_submitted").exists()


def test_a_submitted_review_waits_for_staff(users, org_a):
    signature = make_signature(org_a, months_ago=12)
    review(users, signature)
    with pytest.raises(DomainError) as refused:
        review(users, signature, submit=False)
    assert refused.value.code == "review_submitted"


def test_accepting_makes_next_years_statements_and_starts_the_year_again(
    users, org_a, django_capture_on_commit_callbacks
):
    pledge = make_pledge(status=Pledge.Status.APPROVED, organisation=org_a)
    signature = make_signature(org_a, months_ago=12)
    signature.reminded_at = timezone.now()
    signature.save(update_fields=["reminded_at"])
    written = review(users, signature, deliver=(f"pledges.pledge:{pledge.pk}",))
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_review_accept(review=written, actor=users["staff"])
    signature.refresh_from_db()
    written.refresh_from_db()
    assert written.status == SignatureReview.Status.ACCEPTED
    assert signature.cycle_started_at == written.accepted_at
    assert signature.reminded_at is None
    deliver = signature.statements.get(area="deliver")
    assert deliver.done == "Deliver social value: what we did this year."
    assert deliver.commitment == "Deliver social value: what we will do first."
    assert [link.item for link in deliver.evidence.all()] == [pledge]
    assert (
        SignatureEvent.objects.get(signature=signature, action="review_accepted").actor
        == (users["staff"])
    )
    assert "accepted" in mail.outbox[0].subject
    panel = selectors.organisation_charter(organisation=org_a)
    assert panel["review"] == written
    assert [row["evidence"][0].title for row in panel["review_entries"][1:2]] == [pledge.title]


def test_asking_for_changes_to_a_review_sends_it_back(users, org_a):
    signature = make_signature(org_a, months_ago=12)
    written = review(users, signature)
    services.signature_review_request_changes(
        review=written, actor=users["staff"], comment="Add the figures."
    )
    written.refresh_from_db()
    assert written.status == SignatureReview.Status.DRAFT
    assert written.moderation_note == "Add the figures."
    assert SignatureEvent.objects.get(signature=signature, action="review_changes").note == (
        "Add the figures."
    )
    # The organisation can change it and send it again.
    assert review(users, signature).pk == written.pk


def test_only_staff_accept_a_review(users, org_a):
    written = review(users, make_signature(org_a, months_ago=12))
    with pytest.raises(DomainError) as refused:
        services.signature_review_accept(review=written, actor=users["admin_a"])
    assert refused.value.code == "forbidden"


# --- Overdue, reminders and lapses ------------------------------------------------


def test_thirteen_months_without_a_review_is_overdue_unless_one_waits(users, org_a, org_b):
    overdue = make_signature(org_a, months_ago=13)
    make_signature(org_b, months_ago=12)
    assert list(selectors.signatures_overdue()) == [overdue]
    assert selectors.certificate_state(overdue) == "review_overdue"
    review(users, overdue)
    assert not selectors.signatures_overdue().exists()
    assert selectors.certificate_state(overdue) == "current"


def test_reminders_go_once_however_often_the_task_runs(
    users, org_a, org_b, django_capture_on_commit_callbacks
):
    due = make_signature(org_a, months_ago=11, signed_by=users["admin_a"])
    make_signature(org_b, months_ago=10)
    assert run_twice(tasks.remind_reviews, django_capture_on_commit_callbacks) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [users["admin_a"].email]
    assert f"/charter/signatures/{due.pk}/review/" in mail.outbox[0].body
    assert SignatureEvent.objects.filter(signature=due, action="reminded").count() == 1


def test_signatures_lapse_after_eighteen_months_once(
    users, org_a, org_b, django_capture_on_commit_callbacks
):
    old = make_signature(org_a, months_ago=18, signed_by=users["admin_a"])
    make_signature(org_b, months_ago=17)
    assert run_twice(tasks.lapse_unreviewed, django_capture_on_commit_callbacks) == (1, 0)
    old.refresh_from_db()
    assert old.status == Status.LAPSED
    assert selectors.certificate_state(old) == "lapsed"
    assert not Signature.objects.listed().filter(pk=old.pk).exists()
    assert SignatureEvent.objects.filter(signature=old, action="lapsed").count() == 1
    assert len(mail.outbox) == 1
    # The history stays.
    assert old.statements.count() == 3


def test_a_review_waiting_for_staff_holds_the_lapse(users, org_a):
    signature = make_signature(org_a, months_ago=17)
    review(users, signature)
    signature.cycle_started_at -= relativedelta(months=2)
    signature.save(update_fields=["cycle_started_at"])
    assert services.signatures_lapse_unreviewed() == 0
    signature.refresh_from_db()
    assert signature.status == Status.VERIFIED


def test_tasks_are_registered_under_the_names_the_beat_schedule_uses(settings):
    from salford_sv.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("charter.remind_reviews", "charter.lapse_unreviewed"):
        assert name in scheduled
        assert name in app.tasks
