"""Celery adapters for progress reports: each calls one idempotent service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from core.tasks import RETRY_ON_DATABASE_ERROR as RETRY

from . import services


@shared_task(name="reporting.report_generate", **RETRY)
def report_generate_task(report_id: int, token: str) -> str:
    # Safe to run twice and side by side: a run another worker completed, or one a newer
    # request replaced, does nothing (see reporting.services).
    return services.report_generate(report_id=report_id, token=token)


@shared_task(name="reporting.schedule_monthly", **RETRY)
def schedule_monthly_task() -> bool:
    # Safe to run twice: last month's report is asked for only if it does not exist.
    return services.reports_schedule_city() is not None


@shared_task(name="reporting.schedule_quarterly", **RETRY)
def schedule_quarterly_task() -> int:
    """Fan out: one task per organisation, so one slow or failing report holds up none
    of the others."""
    from .reports.periods import last_ended

    period = last_ended("quarterly", timezone.localdate())
    ids = services.organisations_reported_on().values_list("pk", flat=True).order_by("pk")
    count = 0
    for organisation_id in ids.iterator(chunk_size=500):
        schedule_organisation_task.delay(organisation_id, period.start.isoformat())
        count += 1
    return count


@shared_task(name="reporting.schedule_organisation", **RETRY)
def schedule_organisation_task(organisation_id: int, period_start: str) -> bool:
    # Safe to run twice: the quarter's report is asked for only if it does not exist.
    return services.reports_schedule_organisation(
        organisation_id=organisation_id, period_start=datetime.date.fromisoformat(period_start)
    )


@shared_task(name="reporting.reports_resume", **RETRY)
def reports_resume_task() -> int:
    return services.reports_resume()
