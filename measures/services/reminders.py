"""The daily reminder of returns due and overdue: one message per organisation, however
many returns and indicators it has outstanding, and never twice for the same return.

Safe to run twice: each return reminded of is stamped (``reminded_at``) in the same
transaction as its organisation's message is queued.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from core.outbox import email_users

from ..models import Return, ReturnEvent
from .returns import returns_open_due

# A return is first mentioned this many days before it is due.
REMIND_DAYS_BEFORE_DUE = 14


def _people_to_tell(organisation_id: int) -> list[User]:
    """The organisation's admins; all its members if it has no admin."""
    memberships = list(
        Membership.objects.filter(organisation_id=organisation_id).select_related("user")
    )
    admins = [m.user for m in memberships if m.is_admin]
    return admins or [m.user for m in memberships]


def returns_remind(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Open the returns that have become due, then tell each organisation once about its
    returns that are due soon or overdue. Returns how many organisations were told."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    returns_open_due(today=today)
    waiting = Return.objects.filter(
        status__in=Return.EDITABLE,
        reminded_at__isnull=True,
        period_end__lt=today,
        due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE_DUE),
        organisation__suspended_at__isnull=True,
    )
    organisation_ids = list(
        waiting.order_by("organisation_id").values_list("organisation_id", flat=True).distinct()
    )
    told = 0
    for organisation_id in organisation_ids:
        with transaction.atomic():
            returns = list(
                waiting.filter(organisation_id=organisation_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("organisation")
                .order_by("period_start")
            )
            if not returns:
                continue  # another worker has just reminded them
            Return.objects.filter(pk__in=[r.pk for r in returns]).update(reminded_at=now)
            ReturnEvent.objects.bulk_create(
                [
                    ReturnEvent(quarterly_return=r, action=ReturnEvent.Action.REMINDED, at=now)
                    for r in returns
                ]
            )
            organisation = returns[0].organisation
            email_users(
                users=_people_to_tell(organisation_id),
                template="returns_reminder",
                context={
                    "organisation": organisation.name,
                    "returns": [
                        {
                            "quarter": r.quarter.label,
                            "due_on": r.due_on,
                            "overdue": r.due_on < today,
                            "returned": r.status == Return.Status.RETURNED,
                        }
                        for r in returns
                    ],
                    "url": settings.SITE_URL
                    + reverse("measures:organisation_returns", args=[organisation.slug]),
                },
            )
            told += 1
    return told
