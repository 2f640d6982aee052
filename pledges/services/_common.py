"""Helpers the pledge services share: history, mail and the cached totals."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from accounts.models import Membership
from accounts.services import email_queue_template

from ..models import Pledge, PledgeEvent

TOTALS_CACHE_KEY = "pledges:campaign-totals"


def record(pledge: Pledge, action: str, actor=None, note: str = "") -> PledgeEvent:
    return PledgeEvent.objects.create(pledge=pledge, action=action, actor=actor, note=note)


def invalidate_totals() -> None:
    """The home page's totals are cached briefly; any change to what is public clears them."""
    transaction.on_commit(lambda: cache.delete(TOTALS_CACHE_KEY))


def pledger_emails(pledge: Pledge) -> list[str]:
    """Who hears about a pledge: the person who made it, and its organisation's admins."""
    emails = {pledge.pledger.email} if pledge.pledger_id else set()
    if pledge.organisation_id:
        emails.update(
            Membership.objects.filter(
                organisation_id=pledge.organisation_id, role=Membership.Role.ADMIN
            ).values_list("user__email", flat=True)
        )
    return sorted(emails)


def tell_pledger(pledge: Pledge, template: str, **context) -> None:
    email_queue_template(
        to=pledger_emails(pledge),
        template=template,
        context={
            "pledge": pledge,
            "url": settings.SITE_URL + pledge.get_absolute_url(),
            **context,
        },
    )
