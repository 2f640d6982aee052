"""Celery adapters for pledges: each calls one idempotent service and owns its retries."""

from celery import shared_task

from core.tasks import RETRY_ON_DATABASE_ERROR

from .services import pledges_lapse_expired, pledges_remind_expiring


@shared_task(name="pledges.remind_expiring", **RETRY_ON_DATABASE_ERROR)
def remind_expiring() -> int:
    return pledges_remind_expiring()


@shared_task(name="pledges.lapse_expired", **RETRY_ON_DATABASE_ERROR)
def lapse_expired() -> int:
    return pledges_lapse_expired()
