"""The staff's daily digest, run synchronously and twice: one mail a day to each member
of staff, none when nothing waits."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from accounts.roles import STAFF_GROUP
from moderation import tasks
from moderation.models import ModerationDigest
from moderation.services import moderation_digest_send
from pledges.models import ConcernReport, Pledge
from salford_sv.celery import app
from tests.accounts.factories import UserFactory
from tests.pledges.factories import make_pledge
from tests.tasks import run_twice

pytestmark = pytest.mark.django_db

Status = Pledge.Status


def test_the_digest_task_is_scheduled_and_acknowledges_late():
    assert tasks.moderation_digest.name == "moderation.digest"
    assert tasks.moderation_digest.acks_late is True
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "moderation.digest" in scheduled
    assert "moderation.digest" in app.tasks


@pytest.fixture
def staff_team(users) -> set[str]:
    """Two alliance staff (one from the roles fixture) and an inactive former colleague."""
    group = Group.objects.get(name=STAFF_GROUP)
    UserFactory(email="second.staff@example.org").groups.add(group)
    UserFactory(email="former.staff@example.org", is_active=False).groups.add(group)
    return {"staff@example.org", "second.staff@example.org"}


def test_digest_is_one_mail_a_day_to_each_member_of_staff(
    staff_team, org_a, django_capture_on_commit_callbacks
):
    make_pledge(status=Status.SUBMITTED, organisation=org_a)
    make_pledge(status=Status.SUBMITTED)
    public = make_pledge(status=Status.APPROVED, organisation=org_a)
    ConcernReport.objects.create(pledge=public, text="Is this real?")

    first, second = run_twice(tasks.moderation_digest, django_capture_on_commit_callbacks)

    assert (first, second) == (True, False)
    # One message each, so no one sees the others' addresses.
    assert sorted(m.to for m in mail.outbox) == sorted([email] for email in staff_team)
    for message in mail.outbox:
        assert "2 pledges and 1 concern waiting" in message.subject
        assert "/moderation/" in message.body
    digest = ModerationDigest.objects.get()
    assert (digest.day, digest.pledges_waiting, digest.concerns_open) == (
        timezone.localdate(),
        2,
        1,
    )


def test_digest_is_sent_again_the_next_day(staff_team, django_capture_on_commit_callbacks):
    make_pledge(status=Status.SUBMITTED)
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        sent = [
            moderation_digest_send(today=today),
            moderation_digest_send(today=today),
            moderation_digest_send(today=today + datetime.timedelta(days=1)),
        ]

    assert sent == [True, False, True]
    assert len(mail.outbox) == 2 * len(staff_team)


def test_no_digest_when_nothing_waits(staff_team, org_a, django_capture_on_commit_callbacks):
    make_pledge(status=Status.DRAFT, organisation=org_a)
    public = make_pledge(status=Status.APPROVED, organisation=org_a)
    ConcernReport.objects.create(pledge=public, text="Old news", resolved_at=timezone.now())

    assert run_twice(tasks.moderation_digest, django_capture_on_commit_callbacks) == (
        False,
        False,
    )
    assert mail.outbox == []
    assert not ModerationDigest.objects.exists()
