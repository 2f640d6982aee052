"""Celery adapters for accounts: load by id, call one service, own the retries."""

from celery import shared_task

from core.tasks import RETRY_ON_DATABASE_ERROR

from .services import invitations_purge_expired


@shared_task(name="accounts.invitations_purge_expired", **RETRY_ON_DATABASE_ERROR)
def invitations_purge_expired_task() -> int:
    return invitations_purge_expired()
