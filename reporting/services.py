"""Writes for progress reports: ask for one, generate it, schedule the month's and the
quarter's, and pick up runs a worker dropped.

How a report is replaced, never duplicated, and never seen half built:

1. ``report_request`` upserts the one row for the scope and period (partial unique
   constraints), gives it a new ``run_token`` and enqueues ``report_generate`` on commit.
2. ``report_generate`` claims the run (the token must still be the row's), then builds
   the figures and the PDF *outside* any transaction, writing only its progress.
3. It then locks the row (``select_for_update``) and, if its token is still the row's
   and no run has completed it, swaps in figures, summary and PDF in one transaction,
   queueing the mail in the same transaction. A second worker with the same token (a
   duplicate delivery, a retry racing the first) finds it completed and discards its
   copy; a run whose token a newer request replaced discards its copy too.

A worker killed in step 2 leaves the row as it was (its previous figures, if any, and
the status "being generated"); the task is retried (``acks_late``) or picked up by
``reports_resume``, with the same token.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from functools import partial

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation
from accounts.roles import COMMISSIONER_GROUP, STAFF_GROUP
from core.errors import DomainError
from core.outbox import email_users

from .models import ProgressReport, report_pdf_path
from .reports import city, render
from .reports import organisation as organisation_report
from .reports.periods import Period, kind_for_scope, last_ended, period_containing

logger = logging.getLogger(__name__)

Scope = ProgressReport.Scope
Status = ProgressReport.Status

# A run not finished this long after it was asked for is taken to be lost.
STALE_AFTER = datetime.timedelta(minutes=20)


def report_period(*, scope: str, day: datetime.date) -> Period:
    """The period a report of ``scope`` covers for ``day``: its month or its quarter."""
    return period_containing(kind_for_scope(scope), day)


@transaction.atomic
def report_request(
    *,
    scope: str,
    period: Period,
    organisation: Organisation | None = None,
    requested_by=None,
    only_if_missing: bool = False,
    today: datetime.date | None = None,
) -> tuple[ProgressReport, bool]:
    """The report for ``scope`` and ``period``, with a new run asked for: ``(report,
    True)``. With ``only_if_missing`` (what beat does) a report that exists and has not
    failed is left alone: ``(report, False)``."""
    today = today or timezone.localdate()
    if scope not in Scope.values:
        raise DomainError(_("Choose the city or an organisation."))
    if (scope == Scope.ORGANISATION) != (organisation is not None):
        raise DomainError(_("Choose the organisation the report is for."), code="organisation")
    if organisation is not None and organisation.is_suspended:
        raise DomainError(_("The organisation is suspended."), code="suspended")
    if period.kind != kind_for_scope(scope):
        raise DomainError(_("That kind of report is not made for this scope."))
    if period.start > today:
        raise DomainError(
            _("A report can only be made for a period that has begun."), code="future"
        )
    lookup = {"kind": period.kind, "period_start": period.start, "organisation": organisation}
    defaults = {"scope": scope, "period_end": period.end, "requested_by": requested_by}
    try:
        with transaction.atomic():
            report, created = ProgressReport.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:  # another request created it a moment ago
        created = False
    report = ProgressReport.objects.select_for_update().get(**lookup)
    if only_if_missing and not created and report.status != Status.FAILED:
        return report, False
    report.run_token = uuid.uuid4()
    report.status = Status.PENDING
    report.progress = 0
    report.message = ""
    report.requested_at = timezone.now()
    report.requested_by = requested_by
    report.full_clean(validate_unique=False, validate_constraints=False)
    report.save()
    transaction.on_commit(partial(_enqueue, report.pk, str(report.run_token)))
    return report, True


def _enqueue(report_id: int, token: str) -> None:
    from .tasks import report_generate_task

    try:
        report_generate_task.delay(report_id, token)
    except Exception:
        # Usually the broker is down: reports_resume enqueues it again later.
        logger.warning("Could not hand report %s to a worker", report_id, exc_info=True)


def _claim(report_id: int, token: str) -> ProgressReport | str:
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            return "gone"
        if str(report.run_token) != token:
            return "superseded"
        if report.completed_token == report.run_token:
            return "done"
        report.status = Status.RUNNING
        report.progress = max(report.progress, 5)
        report.save(update_fields=["status", "progress"])
        return report


def _step(report_id: int, token: str):
    def step(percent: int) -> None:
        # Its own short write, outside any transaction, so the page sees it at once.
        ProgressReport.objects.filter(pk=report_id, run_token=token, status=Status.RUNNING).update(
            progress=min(99, percent)
        )

    return step


def report_figures(report: ProgressReport, step=None) -> dict:
    period = Period(report.kind, report.period_start, report.period_end)
    step = step or (lambda _p: None)
    if report.is_city:
        return city.build(period, step)
    return organisation_report.build(report.organisation, period, step)


def report_generate(*, report_id: int, token: str) -> str:
    """Run ``token``'s generation of the report. Returns what happened: "ready",
    "done" (another run with this token finished it), "superseded", "gone" or
    "failed". Safe to run twice and side by side."""
    claimed = _claim(report_id, token)
    if isinstance(claimed, str):
        return claimed
    report = claimed
    step = _step(report_id, token)
    try:
        figures = report_figures(report, step)
        draft = ProgressReport(
            pk=report.pk,
            scope=report.scope,
            organisation=report.organisation,
            kind=report.kind,
            period_start=report.period_start,
            period_end=report.period_end,
            figures=figures,
            generated_at=timezone.now(),
        )
        pdf = render.pdf_bytes(draft)
        step(95)
    except DatabaseError:
        raise  # the task retries, with the same token
    except Exception as exc:
        logger.exception("Report %s could not be generated", report_id)
        ProgressReport.objects.filter(pk=report_id, run_token=token).update(
            status=Status.FAILED, message=f"{type(exc).__name__}: {exc}"[:300]
        )
        return "failed"
    name = default_storage.save(
        report_pdf_path(report, f"{report.file_stem}-{token[:8]}.pdf"), ContentFile(pdf)
    )
    try:
        swapped = _swap(report_id, token, figures, draft.generated_at, name)
    except BaseException:
        default_storage.delete(name)
        raise
    if not swapped:
        default_storage.delete(name)
        return "done"
    return "ready"


@transaction.atomic
def _swap(report_id: int, token: str, figures: dict, generated_at, pdf_name: str) -> bool:
    """Put the new figures and PDF in place of the old, with the mail, in one go; False
    (and nothing changed) when this run is no longer the one wanted."""
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=report_id)
    )
    if str(report.run_token) != token or report.completed_token == report.run_token:
        return False
    old_pdf = report.pdf.name
    report.figures = figures
    report.summary = {"headlines": figures.get("headlines", [])}
    report.generated_at = generated_at
    report.pdf.name = pdf_name
    report.status = Status.READY
    report.progress = 100
    report.message = ""
    report.completed_token = report.run_token
    report.save()
    if old_pdf and old_pdf != pdf_name:
        transaction.on_commit(partial(default_storage.delete, old_pdf))
    _mail(report)
    return True


def report_recipients(report: ProgressReport):
    """City reports go to staff and commissioners; an organisation's to its admins."""
    users = get_user_model().objects.filter(is_active=True)
    if report.is_city:
        return users.filter(groups__name__in=[STAFF_GROUP, COMMISSIONER_GROUP]).distinct()
    return users.filter(
        memberships__organisation_id=report.organisation_id,
        memberships__role=Membership.Role.ADMIN,
    ).distinct()


def _mail(report: ProgressReport) -> None:
    email_users(
        users=report_recipients(report),
        template="report_ready",
        context={
            "report": report,
            "title": report.title,
            "path": report.get_absolute_url(),
            "headlines": report.summary.get("headlines", []),
        },
    )


# ---------------------------------------------------------------------------
# Beat
# ---------------------------------------------------------------------------


def reports_schedule_city(*, today: datetime.date | None = None) -> ProgressReport | None:
    """Last month's city report, unless it exists: safe to run twice."""
    today = today or timezone.localdate()
    period = last_ended(ProgressReport.Kind.MONTHLY, today)
    report, asked = report_request(
        scope=Scope.CITY, period=period, only_if_missing=True, today=today
    )
    return report if asked else None


def organisations_reported_on():
    """Organisations that get a quarterly report: verified and not suspended."""
    return Organisation.objects.filter(verified_at__isnull=False, suspended_at__isnull=True)


def reports_schedule_organisation(
    *, organisation_id: int, period_start: datetime.date, today: datetime.date | None = None
) -> bool:
    organisation = organisations_reported_on().filter(pk=organisation_id).first()
    if organisation is None:
        return False
    period = period_containing(ProgressReport.Kind.QUARTERLY, period_start)
    _report, asked = report_request(
        scope=Scope.ORGANISATION,
        organisation=organisation,
        period=period,
        only_if_missing=True,
        today=today,
    )
    return asked


def reports_resume(*, now: datetime.datetime | None = None) -> int:
    """Enqueue again the runs nobody finished: the broker was down when they were asked
    for, or their worker died more often than the task retries."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = list(
        ProgressReport.objects.filter(
            status__in=[Status.PENDING, Status.RUNNING], requested_at__lte=cutoff
        ).values_list("pk", "run_token")[:200]
    )
    for pk, token in stale:
        ProgressReport.objects.filter(pk=pk, run_token=token).update(requested_at=timezone.now())
        _enqueue(pk, str(token))
    return len(stale)
