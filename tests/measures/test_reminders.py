"""The daily reminder of returns due and overdue: one message per organisation listing
its returns, once per return, however often it runs (tasks run twice, as workers may)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail

from measures import tasks
from measures.models import Return, ReturnEvent
from measures.periods import Quarter
from measures.services import returns_remind
from salford_sv.celery import app

from ..accounts.factories import OrganisationFactory, admin_of
from ..tasks import run_twice
from .factories import make_plan, make_return

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 8, 10)
Q1 = Quarter(datetime.date(2025, 4, 1))  # ended 30 June, due 31 July: overdue on TODAY
Q4 = Q1.previous()
Q3 = Q4.previous()


def remind(capture, today=TODAY) -> int:
    with capture(execute=True):
        return returns_remind(today=today)


def messages_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_the_task_is_registered_under_its_scheduled_name():
    assert tasks.returns_remind_task.name == "measures.returns_remind"
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"measures.returns_remind", "measures.imports_resume"} <= scheduled
    assert {"measures.returns_remind", "measures.import_run"} <= set(app.tasks)


def test_one_message_lists_every_return_outstanding_and_running_again_sends_none(
    org_a, users, django_capture_on_commit_callbacks
):
    make_plan(org_a, starts=Q3)
    make_return(org_a, Q3, status=Return.Status.APPROVED, values={"people-volunteering": "4"})

    first = remind(django_capture_on_commit_callbacks)
    second = remind(django_capture_on_commit_callbacks)

    assert (first, second) == (1, 0)
    (message,) = messages_to("admin.a@example.org")
    assert "2 returns are due for Ordsall Community Café" in message.subject
    assert Q4.label in message.body
    assert Q1.label in message.body
    assert Q3.label not in message.body  # approved: nothing to remind of
    assert "overdue since 31 July 2025" in message.body
    # The admins hear of it, not every member.
    assert not messages_to("member.a@example.org")
    reminded = Return.objects.filter(organisation=org_a, reminded_at__isnull=False)
    assert set(reminded.values_list("period_start", flat=True)) == {Q4.start, Q1.start}
    assert ReturnEvent.objects.filter(action=ReturnEvent.Action.REMINDED).count() == 2


def test_the_task_itself_run_twice_sends_once(org_a, users, django_capture_on_commit_callbacks):
    make_plan(org_a, starts=Q1)
    make_return(org_a, Q1)
    results = run_twice(tasks.returns_remind_task, django_capture_on_commit_callbacks)
    # The task works from today's date: Q1 2025/26 is long overdue by then.
    assert results == (1, 0)
    assert len(messages_to("admin.a@example.org")) == 1


def test_each_organisation_gets_its_own_message(
    org_a, org_b, users, django_capture_on_commit_callbacks
):
    for organisation in (org_a, org_b):
        make_plan(organisation, starts=Q1)
    admin_of(org_b, email="admin.b@example.org")

    assert remind(django_capture_on_commit_callbacks) == 2
    assert len(messages_to("admin.a@example.org")) == 1
    assert len(messages_to("admin.b@example.org")) == 1
    assert (
        "A return is due for Eccles Tool Library" in messages_to("admin.b@example.org")[0].subject
    )


def test_a_return_is_not_mentioned_until_two_weeks_before_it_is_due(
    org_a, users, django_capture_on_commit_callbacks
):
    make_plan(org_a, starts=Q1)
    # 1 July: the quarter has just ended; the return is due on 31 July.
    assert remind(django_capture_on_commit_callbacks, datetime.date(2025, 7, 1)) == 0
    assert org_a.returns.get().reminded_at is None
    # 17 July: due within 14 days.
    assert remind(django_capture_on_commit_callbacks, datetime.date(2025, 7, 17)) == 1
    assert "due by 31 July 2025" in mail.outbox[0].body


def test_submitted_returns_and_suspended_organisations_are_left_alone(
    org_a, org_b, users, django_capture_on_commit_callbacks
):
    make_plan(org_a, starts=Q1)
    make_return(org_a, Q1, status=Return.Status.SUBMITTED, values={"waste-recycled": "1"})
    suspended = OrganisationFactory(suspended_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    admin_of(suspended, email="suspended.admin@example.org")
    make_plan(suspended, starts=Q1)
    make_return(suspended, Q1)

    assert remind(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_a_return_returned_for_changes_is_reminded_of_too(
    org_a, users, django_capture_on_commit_callbacks
):
    make_plan(org_a, starts=Q1)
    make_return(org_a, Q1, status=Return.Status.RETURNED, values={"waste-recycled": "1"})

    assert remind(django_capture_on_commit_callbacks) == 1
    assert "returned to you for changes" in mail.outbox[0].body
