"""The pledges' Celery tasks, run synchronously and each twice, to prove that repeating
one (a retry, a second worker, beat firing twice) never doubles anything."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import mail
from django.utils import timezone

from pledges import tasks
from pledges.models import Pledge, PledgeEvent
from pledges.services import (
    pledge_start_revision,
    pledges_lapse_expired,
    pledges_remind_expiring,
)
from salford_sv.celery import app
from tests.tasks import run_twice

from .factories import make_pledge

pytestmark = pytest.mark.django_db

Status = Pledge.Status
Action = PledgeEvent.Action
TASKS = [tasks.remind_expiring, tasks.lapse_expired]


def expiring_in(days: float, **kwargs) -> Pledge:
    """An approved pledge whose year ends ``days`` from now."""
    expires = timezone.now() + datetime.timedelta(days=days)
    return make_pledge(
        status=Status.APPROVED,
        approved_at=expires - relativedelta(months=12),
        expires_at=expires,
        **kwargs,
    )


def test_tasks_are_registered_under_the_names_the_beat_schedule_uses():
    names = {task.name for task in TASKS}
    assert names == {
        "pledges.remind_expiring",
        "pledges.lapse_expired",
    }
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names <= scheduled
    assert names <= set(app.tasks)


@pytest.mark.parametrize("task", TASKS, ids=lambda task: task.name)
def test_tasks_acknowledge_late(task):
    assert task.acks_late is True


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------


def test_reminder_is_sent_once_30_days_before_expiry(
    org_a, users, django_capture_on_commit_callbacks
):
    due = expiring_in(20, organisation=org_a, pledger=users["member_a"], title="Due soon")
    later = expiring_in(45, organisation=org_a, title="Due later")

    first, second = run_twice(tasks.remind_expiring, django_capture_on_commit_callbacks)

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"member.a@example.org", "admin.a@example.org"}
    assert "Due soon" in mail.outbox[0].subject
    assert f"/pledges/{due.pk}/renew/" in mail.outbox[0].body
    due.refresh_from_db()
    assert due.reminder_sent_at is not None
    assert due.status == Status.APPROVED
    assert due.events.filter(action=Action.REMINDED).count() == 1
    later.refresh_from_db()
    assert later.reminder_sent_at is None
    assert not later.events.exists()


def test_the_reminder_window_is_30_days_to_the_minute(org_a):
    now = timezone.now()
    at_30 = make_pledge(status=Status.APPROVED, expires_at=now + datetime.timedelta(days=30))
    past_30 = make_pledge(
        status=Status.APPROVED, expires_at=now + datetime.timedelta(days=30, minutes=1)
    )

    assert pledges_remind_expiring(now=now) == 1
    assert pledges_remind_expiring(now=now) == 0

    at_30.refresh_from_db()
    past_30.refresh_from_db()
    assert at_30.reminder_sent_at == now
    assert past_30.reminder_sent_at is None


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN, Status.LAPSED, Status.REJECTED]
)
def test_only_approved_pledges_are_reminded(status, django_capture_on_commit_callbacks):
    expires = timezone.now() + datetime.timedelta(days=10)
    make_pledge(status=status, expires_at=expires)

    assert run_twice(tasks.remind_expiring, django_capture_on_commit_callbacks) == (0, 0)
    assert mail.outbox == []


def test_a_pledge_already_past_its_year_is_lapsed_not_reminded(django_capture_on_commit_callbacks):
    expiring_in(-1)

    assert run_twice(tasks.remind_expiring, django_capture_on_commit_callbacks) == (0, 0)
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Lapsing
# ---------------------------------------------------------------------------


def test_a_pledge_past_its_year_lapses_once(org_a, users, django_capture_on_commit_callbacks):
    past = expiring_in(-1, organisation=org_a, pledger=users["member_a"], title="Last year")
    revision = pledge_start_revision(pledge=past, actor=users["member_a"])
    current = expiring_in(5, organisation=org_a, title="Still running")

    first, second = run_twice(tasks.lapse_expired, django_capture_on_commit_callbacks)

    assert (first, second) == (1, 0)
    past.refresh_from_db()
    assert past.status == Status.LAPSED
    assert past.events.filter(action=Action.LAPSED).count() == 1
    assert past.events.get(action=Action.LAPSED).actor is None
    assert not Pledge.objects.filter(pk=revision.pk).exists()
    assert len(mail.outbox) == 1
    assert "Last year" in mail.outbox[0].subject
    assert "member.a@example.org" in mail.outbox[0].to
    current.refresh_from_db()
    assert current.status == Status.APPROVED
    assert not Pledge.objects.public().filter(pk=past.pk).exists()


def test_lapsing_uses_the_time_it_is_given():
    pledge = expiring_in(10)

    assert pledges_lapse_expired(now=timezone.now()) == 0
    assert pledges_lapse_expired(now=timezone.now() + datetime.timedelta(days=11)) == 1
    assert pledges_lapse_expired(now=timezone.now() + datetime.timedelta(days=11)) == 0

    pledge.refresh_from_db()
    assert pledge.status == Status.LAPSED


# ---------------------------------------------------------------------------
# The staff digest
# ---------------------------------------------------------------------------
