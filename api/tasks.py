"""Celery adapter for the nightly bulk files."""

from celery import shared_task

from core.tasks import RETRY_ON_DATABASE_ERROR as RETRY

from .services import bulk_export_write


@shared_task(name="api.bulk_export", **RETRY)
def bulk_export() -> str:
    # Safe to run twice: a day's file that exists is left as it is.
    return bulk_export_write()
