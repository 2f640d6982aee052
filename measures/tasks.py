"""Celery adapters for measures: each calls one idempotent service and owns its retries."""

from celery import shared_task

from core.tasks import RETRY_ON_DATABASE_ERROR as RETRY

from .services import import_job_run, imports_resume, returns_remind


@shared_task(name="measures.returns_remind", **RETRY)
def returns_remind_task() -> int:
    # Safe to run twice: each return reminded of is stamped with when.
    return returns_remind()


@shared_task(name="measures.import_run", **RETRY)
def import_run(job_id: int) -> str:
    # Safe to run twice: a job another worker holds, or one finished, is left alone.
    return import_job_run(job_id=job_id).status


@shared_task(name="measures.imports_resume", **RETRY)
def imports_resume_task() -> int:
    return imports_resume()
