"""The mail outbox: a row first, sent on commit by a task; nothing lost when the broker
or the mail server is down."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import Invitation
from accounts.services import invitation_create
from core import tasks
from core.models import OutboxEmail
from core.outbox import (
    MAX_ATTEMPTS,
    OutboxSendError,
    email_queue,
    email_queue_message,
    email_queue_template,
    outbox_drain,
    outbox_send_one,
)
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PREFIX = "[Salford Social Value] "


def queue(to="someone@example.org", subject="Hello", body="Body text.", **extra):
    return email_queue(to=[to], subject=subject, body=body, **extra)


@pytest.fixture
def broker_down(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr(tasks.outbox_send, "delay", unreachable)


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)


# ---------------------------------------------------------------------------
# Queueing and sending on commit
# ---------------------------------------------------------------------------


def test_queue_writes_a_pending_row_and_sends_nothing_before_commit():
    email = queue(subject="  Welcome\n to   the portal ")
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.to == ["someone@example.org"]
    assert email.subject == "Welcome to the portal"  # no header injection via newlines
    assert email.from_email == "Salford Social Value Alliance <noreply@localhost>"
    assert email.attempts == 0 and email.sent_at is None
    assert mail.outbox == []


def test_on_commit_the_task_sends_it_and_marks_it_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = queue(body="Thank you for your pledge.")
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["someone@example.org"]
    assert message.subject == "Hello"
    assert message.body == "Thank you for your pledge."
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.last_error == ""


def test_html_body_goes_as_an_alternative(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(body="Plain", html_body="<p>Rich</p>")
    (message,) = mail.outbox
    assert message.body == "Plain"
    assert message.alternatives[0][0] == "<p>Rich</p>"
    assert message.alternatives[0][1] == "text/html"


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the request failed")
    assert callbacks == []
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_template_mail_has_the_portal_subject_prefix(org_a):
    inviter = UserFactory(display_name="Ada")
    email = email_queue_template(
        to=["new@example.org"],
        template="invitation",
        context={"organisation": org_a, "invited_by": inviter, "url": "http://x/", "days": 7},
    )
    # The organisation's name is chosen by whoever registered it: not in the subject.
    assert email.subject == PREFIX + "An invitation to join an organisation on the portal"
    assert "Ada has invited you to join Ordsall Community Café" in email.body


def test_queue_message_keeps_plain_and_html_parts():
    message = EmailMultiAlternatives("Subject", "Plain part", "from@example.org", ["a@example.org"])
    message.attach_alternative("<p>HTML part</p>", "text/html")
    email = email_queue_message(message)
    assert (email.body, email.html_body) == ("Plain part", "<p>HTML part</p>")
    assert email.from_email == "from@example.org"
    assert email.to == ["a@example.org"]


def test_queue_message_with_an_html_only_body(django_capture_on_commit_callbacks):
    message = EmailMessage("Subject", "<p>Only HTML</p>", "from@example.org", ["a@example.org"])
    message.content_subtype = "html"
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue_message(message)
    assert email.html_body == "<p>Only HTML</p>"
    assert email.body == "Only HTML"  # a plain part for clients without HTML
    (sent,) = mail.outbox
    assert sent.body == "Only HTML"
    assert sent.alternatives[0][0] == "<p>Only HTML</p>"


# ---------------------------------------------------------------------------
# The broker is down
# ---------------------------------------------------------------------------


def test_broker_down_the_callers_transaction_still_succeeds(
    users, org_a, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organisation=org_a, invited_by=users["admin_a"], email="new@example.org"
        )
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    email = OutboxEmail.objects.get(to=["new@example.org"])
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 0
    assert mail.outbox == []


def test_broker_down_a_request_still_succeeds(
    client_for, org_a, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin_a").post(
            f"/organisations/{org_a.slug}/members/invite/", {"email": "new@example.org"}
        )
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{org_a.slug}/members/"
    assert Invitation.objects.filter(email="new@example.org").exists()
    assert OutboxEmail.objects.get(to=["new@example.org"]).status == OutboxEmail.Status.PENDING
    assert mail.outbox == []


def test_drain_sends_what_waited_while_the_broker_was_down(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(to="waiting@example.org")
    assert mail.outbox == []

    assert outbox_drain(older_than=timedelta(0)) == 1
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert outbox_drain(older_than=timedelta(0)) == 0
    assert len(mail.outbox) == 1


def test_drain_leaves_mail_younger_than_the_cutoff_to_its_own_task():
    fresh = queue(to="fresh@example.org")
    old = queue(to="old@example.org")
    OutboxEmail.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert outbox_drain() == 1
    assert [m.to for m in mail.outbox] == [["old@example.org"]]
    fresh.refresh_from_db()
    assert fresh.status == OutboxEmail.Status.PENDING


def test_drain_respects_its_limit_oldest_first():
    now = timezone.now()
    for minutes, address in [(3, "second@example.org"), (5, "first@example.org")]:
        email = queue(to=address)
        OutboxEmail.objects.filter(pk=email.pk).update(created_at=now - timedelta(minutes=minutes))
    assert outbox_drain(older_than=timedelta(0), limit=1) == 1
    assert [m.to for m in mail.outbox] == [["first@example.org"]]


def test_drain_skips_sent_and_failed_mail():
    sent = queue(to="sent@example.org")
    failed = queue(to="failed@example.org")
    OutboxEmail.objects.filter(pk=sent.pk).update(status=OutboxEmail.Status.SENT)
    OutboxEmail.objects.filter(pk=failed.pk).update(status=OutboxEmail.Status.FAILED)
    assert outbox_drain(older_than=timedelta(0)) == 0
    assert mail.outbox == []


def test_drain_carries_on_past_a_message_that_fails(monkeypatch):
    original = EmailMultiAlternatives.send

    def send(self, fail_silently=False):
        if "bounce@example.org" in self.to:
            raise smtplib.SMTPRecipientsRefused({"bounce@example.org": (550, b"No such user")})
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    bad = queue(to="bounce@example.org")
    good = queue(to="fine@example.org")
    assert outbox_drain(older_than=timedelta(0)) == 1
    assert [m.to for m in mail.outbox] == [["fine@example.org"]]
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.status, bad.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert "SMTPRecipientsRefused" in bad.last_error
    assert good.status == OutboxEmail.Status.SENT


# ---------------------------------------------------------------------------
# The mail server fails
# ---------------------------------------------------------------------------


def test_a_send_failure_counts_the_attempt_and_keeps_it_pending(smtp_down):
    email = queue()
    with pytest.raises(OutboxSendError, match="Connection unexpectedly closed"):
        outbox_send_one(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 1
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert email.sent_at is None
    assert mail.outbox == []


def test_after_max_attempts_it_is_marked_failed_and_left_alone(smtp_down):
    email = queue()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with pytest.raises(OutboxSendError):
            outbox_send_one(email_id=email.pk)
        email.refresh_from_db()
        assert email.attempts == attempt
        expected = OutboxEmail.Status.FAILED if attempt == MAX_ATTEMPTS else "pending"
        assert email.status == expected
    assert outbox_send_one(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.attempts == MAX_ATTEMPTS


def test_a_later_attempt_succeeds_and_clears_the_error(monkeypatch):
    email = queue()
    with monkeypatch.context() as patch:
        patch.setattr(
            EmailMultiAlternatives,
            "send",
            lambda self, fail_silently=False: (_ for _ in ()).throw(ConnectionRefusedError(111)),
        )
        with pytest.raises(OutboxSendError):
            outbox_send_one(email_id=email.pk)
    assert outbox_send_one(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert len(mail.outbox) == 1


def test_mail_server_down_on_commit_the_caller_still_succeeds(
    smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts >= 1
    assert "SMTPServerDisconnected" in email.last_error


def test_sending_the_same_id_twice_sends_one_mail():
    email = queue()
    assert outbox_send_one(email_id=email.pk) is True
    assert outbox_send_one(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_sending_an_id_that_does_not_exist_does_nothing():
    assert outbox_send_one(email_id=987654) is False
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# allauth's mail goes through the outbox too
# ---------------------------------------------------------------------------


def test_password_reset_mail_goes_through_the_outbox(
    client, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/accounts/password/reset/", {"email": "resident@example.org"})
    assert response.status_code == 302
    email = OutboxEmail.objects.get(to=["resident@example.org"])
    assert email.status == OutboxEmail.Status.PENDING
    assert email.subject.startswith(PREFIX)
    # The link waits where no page shows it; the readable copy has it redacted.
    assert "/accounts/password/reset/key/" in email.sealed_body
    assert "/accounts/password/reset/key/" not in email.body
    assert mail.outbox == []  # the adapter queued it; nothing went straight out

    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["resident@example.org"]
    assert "/accounts/password/reset/key/" in message.body
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT


def test_signup_confirmation_mail_goes_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "Newcomer@Example.org",
                "password1": "Salford-pledge-2026",
                "password2": "Salford-pledge-2026",
                "display_name": "Nia",
                "joining_as": "resident",
            },
        )
    assert response.status_code == 302
    email = OutboxEmail.objects.get(to=["newcomer@example.org"])
    assert email.status == OutboxEmail.Status.SENT
    assert "/accounts/confirm-email/" not in email.body + email.sealed_body  # sent, forgotten
    assert [m.to for m in mail.outbox] == [["newcomer@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
