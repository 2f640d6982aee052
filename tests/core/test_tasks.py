"""The outbox's Celery adapters: thin, idempotent, retried with back-off."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from core import tasks
from core.models import OutboxEmail
from core.outbox import MAX_ATTEMPTS, OutboxSendError, email_queue
from salford_sv.celery import app

pytestmark = pytest.mark.django_db


def pending_mail(to: str, *, age: timedelta = timedelta(minutes=5)) -> OutboxEmail:
    """A row whose own task never ran (its transaction is never committed in tests)."""
    email = email_queue(to=[to], subject="Reminder", body="Your return is due.")
    OutboxEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - age)
    return email


def test_tasks_are_registered_under_the_names_the_beat_schedule_uses():
    assert tasks.outbox_send.name == "core.outbox_send"
    assert tasks.outbox_drain_task.name == "core.outbox_drain"
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    core_tasks = {name for name in scheduled if name.startswith("core.")}
    assert core_tasks == {"core.outbox_drain", "core.form_submissions_purge"}
    assert core_tasks <= set(app.tasks)


@pytest.mark.parametrize("task", [tasks.outbox_send, tasks.outbox_drain_task])
def test_tasks_acknowledge_late(task):
    assert task.acks_late is True


def test_outbox_send_twice_sends_one_mail():
    email = pending_mail("ada@example.org")
    first = tasks.outbox_send.delay(email.pk)
    second = tasks.outbox_send.delay(email.pk)
    assert (first.get(), second.get()) == (True, False)
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert email.attempts == 1


def test_outbox_send_asks_for_a_retry_then_the_drain_finishes_the_job(monkeypatch):
    calls = []

    def refuse(self, fail_silently=False):
        calls.append(self.to)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    email = pending_mail("ada@example.org")
    # Eager Celery hands the retry request back instead of sleeping through back-off.
    with pytest.raises(Retry) as excinfo:
        tasks.outbox_send.apply(args=[email.pk])
    assert isinstance(excinfo.value.exc, OutboxSendError)
    email.refresh_from_db()
    assert (email.status, email.attempts, len(calls)) == (OutboxEmail.Status.PENDING, 1, 1)
    # The task gives up before the row does, so the drain always gets the last tries.
    assert tasks.outbox_send.max_retries + 1 < MAX_ATTEMPTS

    # The beat drain gets the last tries; after MAX_ATTEMPTS it gives up for good.
    while email.attempts < MAX_ATTEMPTS:
        assert tasks.outbox_drain_task.delay().get() == 0
        email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert tasks.outbox_drain_task.delay().get() == 0
    email.refresh_from_db()
    assert email.attempts == MAX_ATTEMPTS
    assert mail.outbox == []


def test_outbox_drain_task_twice_sends_each_pending_mail_once():
    addresses = ["one@example.org", "two@example.org", "three@example.org"]
    emails = [pending_mail(address) for address in addresses]
    already_sent = pending_mail("done@example.org")
    OutboxEmail.objects.filter(pk=already_sent.pk).update(status=OutboxEmail.Status.SENT)

    assert tasks.outbox_drain_task.delay().get() == 3
    assert tasks.outbox_drain_task.delay().get() == 0

    assert sorted(m.to[0] for m in mail.outbox) == sorted(addresses)
    for email in emails:
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 1)


def test_outbox_drain_task_leaves_fresh_mail_to_its_own_task():
    fresh = pending_mail("fresh@example.org", age=timedelta(0))
    assert tasks.outbox_drain_task.delay().get() == 0
    assert tasks.outbox_drain_task.delay().get() == 0
    fresh.refresh_from_db()
    assert fresh.status == OutboxEmail.Status.PENDING
    assert mail.outbox == []
