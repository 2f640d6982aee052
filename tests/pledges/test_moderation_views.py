"""Moderation through HTTP: the queue, a review and its decisions, concerns, and who may
use any of it."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from measures.models import Outcome
from pledges import services
from pledges.models import Commitment, ConcernReport, Pledge, PledgeEvent
from pledges.services import CommitmentInput

from .factories import CommitmentFactory, ProgressUpdateFactory, make_pledge

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"
SUBMITTED = Pledge.Status.SUBMITTED
APPROVED = Pledge.Status.APPROVED


def text(response) -> str:
    return unescape(response.content.decode())


def review_url(pledge: Pledge) -> str:
    return f"/moderation/pledges/{pledge.pk}/"


def concern_url(concern: ConcernReport) -> str:
    return f"/moderation/concerns/{concern.pk}/"


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def submitted(org_a, users) -> Pledge:
    org_a.verified_at = timezone.now()
    org_a.save(update_fields=["verified_at"])
    return make_pledge(
        status=SUBMITTED,
        organisation=org_a,
        pledger=users["member_a"],
        title="Buying local and paying fairly",
        commitments=2,
    )


# ---------------------------------------------------------------------------
# Reviewing a pledge
# ---------------------------------------------------------------------------


def test_review_shows_the_pledge_in_full(client_for, submitted, users):
    commitment = submitted.commitments.first()
    commitment.text = "Spend £20,000 with Salford suppliers by March"
    commitment.target_value, commitment.target_unit = Decimal("20000"), "£"
    commitment.save()
    commitment.outcomes.set([Outcome.objects.get(number=11)])
    make_pledge(status=SUBMITTED, title="Someone else’s")

    response = client_for("staff").get(review_url(submitted))

    assert response.status_code == 200
    body = text(response)
    assert "Buying local and paying fairly" in body
    assert "Spend £20,000 with Salford suppliers by March" in body
    assert "20,000 £" in body
    assert "Prosperity: Local economic benefit" in body
    assert f"{commitment.due_date.day} {commitment.due_date:%B %Y}" in body
    assert "Ordsall Community Café" in body
    assert "Verified" in body
    assert "Mo (member.a@example.org)" in body
    assert 'name="decision"' in body


def test_review_shows_the_history(client_for, submitted, users):
    PledgeEvent.objects.create(
        pledge=submitted,
        action=PledgeEvent.Action.CHANGES_REQUESTED,
        actor=users["staff"],
        note="Add a target, please.",
        at=days_ago(3),
    )

    body = text(client_for("staff").get(review_url(submitted)))

    assert "Changes requested" in body
    assert "by Sam on" in body
    assert "Add a target, please." in body


def test_approve_makes_the_pledge_public_for_a_year_records_it_and_tells_the_pledger(
    client_for, submitted, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(
            review_url(submitted), {"decision": "approve", "note": "Lovely pledge."}
        )

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    submitted.refresh_from_db()
    assert submitted.status == APPROVED
    assert submitted.expires_at == submitted.approved_at + relativedelta(months=12)
    assert abs(submitted.approved_at - timezone.now()) < datetime.timedelta(minutes=1)
    event = submitted.events.get(action=PledgeEvent.Action.APPROVED)
    assert (event.actor, event.note) == (users["staff"], "Lovely pledge.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {"member.a@example.org", "admin.a@example.org"}
    assert "is approved" in message.subject
    assert "Lovely pledge." in message.body


def test_after_a_decision_the_queue_says_what_happened(client_for, submitted):
    client = client_for("staff")
    response = client.post(review_url(submitted), {"decision": "approve"}, follow=True)

    body = text(response)
    assert "“Buying local and paying fairly” is approved" in body
    assert "No pledges are waiting." in body


def test_reject_needs_a_reason_and_keeps_the_choice(client_for, submitted):
    response = client_for("staff").post(review_url(submitted), {"decision": "reject", "note": " "})

    assert response.status_code == 200
    body = text(response)
    assert "Please check what you entered" in body
    assert "Say why, or what needs to change: the pledger will see it." in body
    assert re.search(r'<input(?=[^>]*value="reject")(?=[^>]*\bchecked)[^>]*>', body)
    submitted.refresh_from_db()
    assert submitted.status == SUBMITTED
    assert not submitted.events.filter(action=PledgeEvent.Action.REJECTED).exists()


def test_a_note_over_the_limit_is_refused_and_what_was_typed_is_kept(client_for, submitted):
    typed = "Please be more specific about the targets. " * 30  # over 1,000 characters

    response = client_for("staff").post(
        review_url(submitted), {"decision": "changes", "note": typed}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert typed.strip() in text(response)
    submitted.refresh_from_db()
    assert submitted.status == SUBMITTED


def test_reject_with_a_reason(client_for, submitted, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("staff").post(
            review_url(submitted), {"decision": "reject", "note": "This is an advert."}
        )

    submitted.refresh_from_db()
    assert submitted.status == Pledge.Status.REJECTED
    assert submitted.moderation_note == "This is an advert."
    event = submitted.events.get(action=PledgeEvent.Action.REJECTED)
    assert (event.actor, event.note) == (users["staff"], "This is an advert.")
    assert len(mail.outbox) == 1
    assert "This is an advert." in mail.outbox[0].body


def test_ask_for_changes_sends_the_pledge_back_as_a_draft_with_the_note(
    client_for, submitted, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(
            review_url(submitted), {"decision": "changes", "note": "Add a due date, please."}
        )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Pledge.Status.DRAFT
    assert submitted.moderation_note == "Add a due date, please."
    event = submitted.events.get(action=PledgeEvent.Action.CHANGES_REQUESTED)
    assert event.actor == users["staff"]
    assert len(mail.outbox) == 1
    assert "member.a@example.org" in mail.outbox[0].to
    assert "Add a due date, please." in mail.outbox[0].body


# ---------------------------------------------------------------------------
# Revisions of an approved pledge
# ---------------------------------------------------------------------------


def _commitment_input(commitment: Commitment, **changes) -> CommitmentInput:
    data = {
        "text": commitment.text,
        "outcomes": list(commitment.outcomes.all()),
        "target_value": commitment.target_value,
        "target_unit": commitment.target_unit,
        "due_date": commitment.due_date,
        "source_id": commitment.source_id,
    }
    data.update(changes)
    return CommitmentInput(**data)


@pytest.fixture
def revision(org_a, users) -> tuple[Pledge, Pledge]:
    """An approved pledge with progress on two commitments, and a submitted revision that
    keeps the first, rewords the second, drops the third and adds a fourth."""
    author = users["member_a"]
    original = make_pledge(
        status=APPROVED,
        organisation=org_a,
        pledger=author,
        title="Greener ways to work",
        commitments=0,
    )
    for text in ["Volunteer 100 hours", "Cycle to work", "Recycle 5 tonnes of waste"]:
        CommitmentFactory(pledge=original, text=text)
    kept, reworded, _dropped = original.commitments.order_by("pk")
    Commitment.objects.filter(pk__in=[kept.pk, reworded.pk]).update(current_value=4)
    ProgressUpdateFactory(commitment=kept, text="Four so far.")
    draft = services.pledge_start_revision(pledge=original, actor=author)
    copies = {c.source_id: c for c in draft.commitments.prefetch_related("outcomes")}
    services.pledge_update(
        pledge=draft,
        title="Greener, fairer ways to work",
        statement=original.statement,
        commitments=[
            _commitment_input(copies[kept.pk]),
            _commitment_input(copies[reworded.pk], text="Cycle or walk to work, 3 days a week"),
            CommitmentInput(
                text="Pay the real Living Wage",
                outcomes=[Outcome.objects.get(number=8)],
                target_value=Decimal("12"),
                target_unit="people",
                due_date=timezone.localdate() + datetime.timedelta(days=200),
            ),
        ],
    )
    services.pledge_submit(pledge=draft, actor=author)
    return original, draft


def test_review_of_a_revision_shows_what_changes(client_for, revision):
    _original, draft = revision

    response = client_for("staff").get(review_url(draft))

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.title.changed
    assert comparison.counts == {"changed": 1, "added": 1, "removed": 1, "unchanged": 1}
    body = text(response)
    assert "What this revision changes" in body
    assert "Revision of an approved pledge" in body
    assert "Approved version (public now)" in body
    assert (
        '<ins class="diff-added"><span class="visually-hidden">added: </span>, fairer</ins>' in body
    )
    assert "Cycle or walk to work, 3 days a week" in body
    assert "Recycle 5 tonnes of waste" in body  # the removed commitment is shown
    assert 'data-change="removed"' in body


def test_approving_a_revision_updates_the_public_pledge_and_keeps_progress(
    client_for, revision, users, django_capture_on_commit_callbacks
):
    original, draft = revision
    kept, reworded, dropped = original.commitments.order_by("pk")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(review_url(draft), {"decision": "approve"})

    assert response.status_code == 302
    original.refresh_from_db()
    assert original.status == APPROVED
    assert original.title == "Greener, fairer ways to work"
    assert not Pledge.objects.filter(pk=draft.pk).exists()
    commitments = list(original.commitments.order_by("order"))
    assert [c.text for c in commitments] == [
        "Volunteer 100 hours",
        "Cycle or walk to work, 3 days a week",
        "Pay the real Living Wage",
    ]
    assert commitments[0].pk == kept.pk and commitments[0].current_value == 4
    assert commitments[0].updates.count() == 1
    assert commitments[1].pk == reworded.pk and commitments[1].current_value == 4
    assert commitments[2].current_value == 0
    assert not Commitment.objects.filter(pk=dropped.pk).exists()
    event = original.events.get(action=PledgeEvent.Action.REVISION_APPROVED)
    assert event.actor == users["staff"]
    assert len(mail.outbox) == 1
    assert "changes" in mail.outbox[0].subject


# ---------------------------------------------------------------------------
# Concerns
# ---------------------------------------------------------------------------


@pytest.fixture
def concern(org_a) -> ConcernReport:
    pledge = make_pledge(status=APPROVED, organisation=org_a, title="Our public pledge")
    return ConcernReport.objects.create(pledge=pledge, text="This looks like an advert.")


def test_resolving_a_concern_records_who_and_what_was_done(client_for, concern, users):
    response = client_for("staff").post(
        concern_url(concern), {"resolution": "Spoke to them; it stands."}, follow=True
    )

    assert response.redirect_chain == [(QUEUE, 302)]
    assert "The concern about “Our public pledge” is dealt with." in text(response)
    concern.refresh_from_db()
    assert concern.resolved_at is not None
    assert concern.resolved_by == users["staff"]
    assert concern.resolution == "Spoke to them; it stands."
    assert "This looks like an advert." not in text(response)


def test_resolving_a_concern_needs_to_say_what_was_done(client_for, concern):
    response = client_for("staff").post(concern_url(concern), {"resolution": ""})

    assert response.status_code == 200
    body = text(response)
    assert "Please check what you entered" in body
    assert f'href="#id_concern_{concern.pk}_resolution"' in body
    assert "What was done: Say what was done about it." in body
    concern.refresh_from_db()
    assert concern.resolved_at is None


def test_resolving_a_concern_twice_says_it_is_done(client_for, concern, users):
    services.concern_resolve(concern=concern, actor=users["staff"], resolution="Done.")

    response = client_for("staff").post(concern_url(concern), {"resolution": "Again."}, follow=True)

    assert "This concern has already been dealt with." in text(response)
    concern.refresh_from_db()
    assert concern.resolution == "Done."


def test_resolving_an_unknown_concern_is_not_found(client_for):
    response = client_for("staff").post("/moderation/concerns/999999/", {"resolution": "x"})
    assert response.status_code == 404


# ---------------------------------------------------------------------------
# Who may moderate
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "member_a", "admin_a", "member_b", "commissioner"])
def test_only_alliance_staff_moderate(role, client_for, submitted, concern):
    client = client_for(role)

    assert client.get(QUEUE).status_code == 403
    assert client.get(review_url(submitted)).status_code == 403
    assert client.post(review_url(submitted), {"decision": "approve"}).status_code == 403
    assert client.post(concern_url(concern), {"resolution": "Fine."}).status_code == 403
    submitted.refresh_from_db()
    concern.refresh_from_db()
    assert submitted.status == SUBMITTED
    assert concern.resolved_at is None


def test_anonymous_visitors_are_asked_to_log_in(client, submitted, concern):
    for response in [
        client.get(QUEUE),
        client.get(review_url(submitted)),
        client.post(review_url(submitted), {"decision": "approve"}),
        client.post(concern_url(concern), {"resolution": "Fine."}),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    submitted.refresh_from_db()
    assert submitted.status == SUBMITTED


@pytest.mark.parametrize(
    "status",
    [
        Pledge.Status.DRAFT,
        Pledge.Status.APPROVED,
        Pledge.Status.REJECTED,
        Pledge.Status.WITHDRAWN,
        Pledge.Status.LAPSED,
    ],
)
def test_reviewing_a_pledge_that_is_not_submitted_is_not_found(status, client_for, org_a):
    pledge = make_pledge(status=status, organisation=org_a)
    client = client_for("staff")

    assert client.get(review_url(pledge)).status_code == 404
    assert client.post(review_url(pledge), {"decision": "approve"}).status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == status


def test_reviewing_a_pledge_that_does_not_exist_is_not_found(client_for):
    assert client_for("staff").get("/moderation/pledges/999999/").status_code == 404


def test_concern_resolution_only_by_post(client_for, concern):
    assert client_for("staff").get(concern_url(concern)).status_code == 405
