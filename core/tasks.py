"""Celery adapters for the mail outbox and spent form tokens, and the retry policy every
app's tasks share."""

from celery import shared_task
from django.db import DatabaseError

from .outbox import OutboxSendError, outbox_drain, outbox_send_one
from .submissions import form_submissions_purge

# How every app's scheduled task is retried: a database that is briefly unreachable is
# worth another try, and the services are safe to run again because they only act on
# what still needs doing. ``@shared_task(name="app.verb", **RETRY_ON_DATABASE_ERROR)``.
RETRY_ON_DATABASE_ERROR = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 60,
    "retry_backoff_max": 1800,
    "max_retries": 5,
}


@shared_task(
    name="core.outbox_send",
    acks_late=True,
    autoretry_for=(OutboxSendError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def outbox_send(email_id: int) -> bool:
    # Safe to run twice: a sent row is skipped.
    return outbox_send_one(email_id=email_id)


@shared_task(name="core.outbox_drain", **RETRY_ON_DATABASE_ERROR)
def outbox_drain_task() -> int:
    return outbox_drain()


@shared_task(name="core.form_submissions_purge", **RETRY_ON_DATABASE_ERROR)
def form_submissions_purge_task() -> int:
    return form_submissions_purge()
