"""The staff's daily digest: one mail a day about what awaits them, none when nothing does.

Safe to run twice: the day's ``ModerationDigest`` row is the proof it went.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import STAFF_GROUP
from core.outbox import email_queue_template

from .models import ModerationDigest
from .selectors import pledge_summary, waiting_counts


@transaction.atomic
def moderation_digest_send(*, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    if ModerationDigest.objects.filter(day=today).exists():
        return False
    counts = {kind.slug: (kind, n) for kind, n in waiting_counts()}
    if not any(n for _kind, n in counts.values()):
        return False
    pledges_waiting = counts["pledges"][1]
    concerns_open = counts["concerns"][1]
    others = [
        (str(kind.digest_label), n)
        for slug, (kind, n) in counts.items()
        if n and slug not in {"pledges", "concerns"}
    ]
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
    context = {
        "pledges_waiting": pledges_waiting,
        "concerns_open": concerns_open,
        "others": others,
        "others_waiting": sum(n for _label, n in others),
        "oldest": pledge_summary()["oldest"],
        "url": settings.SITE_URL + reverse("moderation:queue"),
    }
    # One message each, so staff addresses are not shared with everyone on the list.
    for email in recipients:
        email_queue_template(to=[email], template="moderation_digest", context=context)
    return True
