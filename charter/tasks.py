"""Celery adapters for the charter's yearly review: each calls one idempotent service and
owns its retries (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from core.tasks import RETRY_ON_DATABASE_ERROR

from .services import signatures_lapse_unreviewed, signatures_remind_reviews


@shared_task(name="charter.remind_reviews", **RETRY_ON_DATABASE_ERROR)
def remind_reviews() -> int:
    # Safe to run twice: a reminded signature is marked under a row lock.
    return signatures_remind_reviews()


@shared_task(name="charter.lapse_unreviewed", **RETRY_ON_DATABASE_ERROR)
def lapse_unreviewed() -> int:
    # Safe to run twice: only signatures still verified lapse.
    return signatures_lapse_unreviewed()
