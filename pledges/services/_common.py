"""Helpers the pledge services share: history, mail and what is cached from public pledges."""

from __future__ import annotations

from django.conf import settings

from accounts.models import Membership, User
from core.cache import bump
from core.outbox import email_users

from ..models import Pledge, PledgeEvent
from ..selectors import PLEDGES_CACHE_FAMILY


def record(pledge: Pledge, action: str, actor=None, note: str = "") -> PledgeEvent:
    return PledgeEvent.objects.create(pledge=pledge, action=action, actor=actor, note=note)


def public_pledges_changed() -> None:
    """What is cached from public pledges (the home page's totals, say) is out of date
    once this transaction commits. Never fails the request, whatever Redis does."""
    bump(PLEDGES_CACHE_FAMILY)


def pledge_people(pledge: Pledge) -> list[User]:
    """Who hears about a pledge: the person who made it, and its organisation's admins."""
    people = [pledge.pledger] if pledge.pledger_id else []
    if pledge.organisation_id:
        people += [
            m.user
            for m in Membership.objects.filter(
                organisation_id=pledge.organisation_id, role=Membership.Role.ADMIN
            ).select_related("user")
        ]
    return people


def pledge_mail_context(pledge: Pledge) -> dict:
    return {"pledge": pledge, "url": settings.SITE_URL + pledge.get_absolute_url()}


def tell_pledger(pledge: Pledge, template: str, **context) -> None:
    """Mail the pledger and the organisation's admins (active accounts only)."""
    email_users(
        users=pledge_people(pledge),
        template=template,
        context={**pledge_mail_context(pledge), **context},
    )
