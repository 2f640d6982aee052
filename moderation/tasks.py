"""Celery adapter for the staff's daily digest."""

from celery import shared_task

from core.tasks import RETRY_ON_DATABASE_ERROR

from .services import moderation_digest_send


@shared_task(name="moderation.digest", **RETRY_ON_DATABASE_ERROR)
def moderation_digest() -> bool:
    # Safe to run twice: the day's digest row is checked inside the transaction.
    return moderation_digest_send()
