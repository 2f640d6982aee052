"""Time-driven work: reminders before a pledge lapses, and lapsing.

Each function is safe to run twice: it acts on what still needs doing and marks it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import RENEW_DAYS_BEFORE, Pledge, PledgeEvent
from ._common import public_pledges_changed, record, tell_pledger

REMIND_DAYS_BEFORE = RENEW_DAYS_BEFORE


def pledges_remind_expiring(*, now: datetime.datetime | None = None) -> int:
    """Tell pledgers whose pledge lapses within 30 days, once per pledge-year."""
    now = now or timezone.now()
    due = Pledge.objects.filter(
        status=Pledge.Status.APPROVED,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            pledge = (
                Pledge.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("pledger", "organisation")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if pledge is None:
                continue
            pledge.reminder_sent_at = now
            pledge.save(update_fields=["reminder_sent_at"])
            record(pledge, PledgeEvent.Action.REMINDED)
            tell_pledger(
                pledge,
                "pledge_expiring",
                renew_url=settings.SITE_URL + reverse("pledges:renew", args=[pledge.pk]),
            )
            sent += 1
    return sent


def pledges_lapse_expired(*, now: datetime.datetime | None = None) -> int:
    """A pledge runs twelve months from approval; past that it lapses."""
    now = now or timezone.now()
    lapsed = 0
    for pk in list(
        Pledge.objects.filter(status=Pledge.Status.APPROVED, expires_at__lte=now).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            pledge = (
                Pledge.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("pledger", "organisation")
                .filter(pk=pk, status=Pledge.Status.APPROVED)
                .first()
            )
            if pledge is None:
                continue
            pledge.status = Pledge.Status.LAPSED
            pledge.save(update_fields=["status", "updated_at"])
            Pledge.objects.filter(revision_of=pledge).delete()
            record(pledge, PledgeEvent.Action.LAPSED)
            tell_pledger(pledge, "pledge_lapsed")
            public_pledges_changed()
            lapsed += 1
    return lapsed
