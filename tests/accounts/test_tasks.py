"""accounts' Celery adapters: thin, idempotent, retried with back-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts import tasks
from accounts.models import Invitation
from accounts.services import invitation_create
from salford_sv.celery import app

pytestmark = pytest.mark.django_db


def test_tasks_are_registered_under_the_names_the_beat_schedule_uses():
    assert tasks.invitations_purge_expired_task.name == "accounts.invitations_purge_expired"
    assert tasks.invitations_purge_expired_task.acks_late is True
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    accounts_tasks = {name for name in scheduled if name.startswith("accounts.")}
    assert accounts_tasks == {"accounts.invitations_purge_expired"}
    assert accounts_tasks <= set(app.tasks)


def test_invitations_purge_expired_task_twice(users, org_a):
    keep = invitation_create(
        organisation=org_a, invited_by=users["admin_a"], email="keep@example.org"
    )
    stale = invitation_create(
        organisation=org_a, invited_by=users["admin_a"], email="stale@example.org"
    )
    Invitation.objects.filter(pk=stale.pk).update(expires_at=timezone.now() - timedelta(days=1))

    assert tasks.invitations_purge_expired_task.delay().get() == 1
    assert tasks.invitations_purge_expired_task.delay().get() == 0
    assert list(Invitation.objects.all()) == [keep]
