"""Time-driven work: reminders before a pledge lapses, lapsing, the staff digest.

Each function is safe to run twice: it acts on what still needs doing and marks it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.registry import moderation_sections
from accounts.roles import STAFF_GROUP
from accounts.services import email_queue_template

from ..models import RENEW_DAYS_BEFORE, ConcernReport, ModerationDigest, Pledge, PledgeEvent
from ._common import invalidate_totals, record, tell_pledger

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
            invalidate_totals()
            lapsed += 1
    return lapsed


@transaction.atomic
def moderation_digest_send(*, today: datetime.date | None = None) -> bool:
    """One mail a day to alliance staff about what awaits them; none when nothing does."""
    today = today or timezone.localdate()
    if ModerationDigest.objects.filter(day=today).exists():
        return False
    pledges_waiting = Pledge.objects.awaiting_moderation().count()
    concerns_open = ConcernReport.objects.filter(resolved_at__isnull=True).count()
    # Other apps' queue sections may offer ``waiting() -> (label, count)`` for this mail.
    others = [
        (label, count)
        for label, count in (
            section.waiting() for section in moderation_sections() if hasattr(section, "waiting")
        )
        if count
    ]
    if not pledges_waiting and not concerns_open and not others:
        return False
    oldest = (
        Pledge.objects.awaiting_moderation()
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    recipients = list(
        User.objects.filter(groups__name=STAFF_GROUP, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    _digest, created = ModerationDigest.objects.get_or_create(
        day=today, defaults={"pledges_waiting": pledges_waiting, "concerns_open": concerns_open}
    )
    if not created:
        return False  # another worker sent today's digest a moment ago
    # One message each, so staff addresses are not shared with everyone on the list.
    for email in recipients:
        email_queue_template(
            to=[email],
            template="moderation_digest",
            context={
                "pledges_waiting": pledges_waiting,
                "concerns_open": concerns_open,
                "others": others,
                "others_waiting": sum(count for _label, count in others),
                "oldest": oldest,
                "url": settings.SITE_URL + reverse("pledges:moderation_queue"),
            },
        )
    return True
