"""Celery adapters for pledges: each calls one idempotent service and owns its retries."""

from celery import shared_task
from django.db import DatabaseError

from .services import moderation_digest_send, pledges_lapse_expired, pledges_remind_expiring

# A database that is briefly unreachable is worth another try; the services are safe
# to run again because they only act on what still needs doing.
RETRY = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 60,
    "retry_backoff_max": 1800,
    "max_retries": 5,
}


@shared_task(name="pledges.remind_expiring", **RETRY)
def remind_expiring() -> int:
    return pledges_remind_expiring()


@shared_task(name="pledges.lapse_expired", **RETRY)
def lapse_expired() -> int:
    return pledges_lapse_expired()


@shared_task(name="pledges.moderation_digest", **RETRY)
def moderation_digest() -> bool:
    return moderation_digest_send()
