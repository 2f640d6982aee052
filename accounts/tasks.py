"""Celery adapters for accounts: load by id, call one service, own the retries."""

from celery import shared_task
from django.db import DatabaseError

from .services import OutboxSendError, invitations_purge_expired, outbox_drain, outbox_send_one


@shared_task(
    name="accounts.outbox_send",
    acks_late=True,
    autoretry_for=(OutboxSendError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def outbox_send(email_id: int) -> bool:
    # Safe to run twice: a sent row is skipped.
    return outbox_send_one(email_id=email_id)


@shared_task(
    name="accounts.outbox_drain",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    max_retries=5,
)
def outbox_drain_task() -> int:
    return outbox_drain()


@shared_task(
    name="accounts.invitations_purge_expired",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=60,
    max_retries=5,
)
def invitations_purge_expired_task() -> int:
    return invitations_purge_expired()
