"""Uploading a spreadsheet: every row checked, nothing saved unless all of them pass.

``import_job_create`` keeps the file and counts its lines; ``import_job_start`` checks a
small file there and then and hands a large one to Celery (``measures.import_run``);
``import_job_run`` does the work, once, whoever calls it:

1. claim the job (a job another worker is running is left alone, unless it has gone
   quiet for ``STALE_AFTER``: that worker died, and the job starts again);
2. read the file as a stream, a row at a time, through the csv module over a text
   wrapper, and check each row with its ``SheetFormat``; keep each good row in the
   ``ImportRow`` staging table and each problem (row, column, what is wrong) on the
   job, counting progress for the page that watches;
3. find rows that say the same thing twice (the same indicator and period) with one
   query over the staged rows;
4. if there is any problem, save nothing; otherwise save every staged row in one
   transaction;
5. delete the staged rows and the file.

Memory stays flat however long the file: nothing holds more than a batch of rows.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.errors import DomainError

from ..models import ImportJob, ImportRow
from ..models.imports import MAX_PROBLEMS_KEPT
from .bulk import insert_rows
from .cells import RowProblem, RowProblems

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Files up to this size are checked and saved while the person waits; larger ones go
# to a Celery worker and the page shows the progress.
RUN_NOW_MAX_BYTES = 64 * 1024
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
STALE_AFTER = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class Staged:
    key: str  # what may appear once in a file (an indicator and a period, say)
    data: dict[str, Any]


class SheetFormat(ABC):
    """One kind of spreadsheet: its columns (the download's, in order) and how to check
    and save its rows. Subclasses set ``columns``, ``required`` and ``duplicate_column``
    and implement ``clean`` and ``save``."""

    columns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # The column a repeated row is reported against.
    duplicate_column: str = ""

    def __init__(self, job: ImportJob):
        self.job = job

    @abstractmethod
    def clean(self, row: dict[str, str]) -> list[Staged]:
        """The row's clean data, or ``RowProblem`` for each thing wrong with it."""

    @abstractmethod
    def save(self, rows: Iterator[dict[str, Any]]) -> int:
        """Save the checked rows (inside the caller's transaction); how many were saved."""

    def duplicate_message(self, first_line: int) -> str:
        return _("This says the same as row %(row)s.") % {"row": first_line}


# ---------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------


def _count_lines(handle) -> int:
    lines, last = 0, b"\n"
    for chunk in iter(lambda: handle.read(64 * 1024), b""):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    return lines + (last != b"\n")


def check_upload(upload: UploadedFile) -> None:
    """Refuse what cannot be a CSV file before anything is kept."""
    name = (upload.name or "").lower()
    if not name.endswith(".csv"):
        raise DomainError(_("Choose a CSV file (its name ends in .csv)."), code="not_csv")
    if upload.size == 0:
        raise DomainError(_("The file is empty."), code="empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)s MB: split it into smaller files.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    head = upload.read(2048)
    upload.seek(0)
    if b"\x00" in head:
        raise DomainError(
            _("This is not a CSV file: save the spreadsheet as “CSV UTF-8”."), code="binary"
        )


@transaction.atomic
def import_job_create(
    *, kind: str, upload: UploadedFile, actor: User, organisation: Organisation | None = None
) -> ImportJob:
    check_upload(upload)
    job = ImportJob(
        kind=kind,
        organisation=organisation,
        created_by=actor,
        filename=(upload.name or "upload.csv")[-200:],
    )
    job.total_rows = max(0, _count_lines(upload) - 1)  # less the header
    upload.seek(0)
    job.file.save(f"{kind}.csv", upload, save=False)
    job.full_clean(exclude=["file"])
    job.save()
    return job


def import_job_start(*, job: ImportJob) -> ImportJob:
    """Check and save a small file now; hand a large one to a worker."""
    if job.file.size <= RUN_NOW_MAX_BYTES:
        return import_job_run(job_id=job.pk)

    def enqueue() -> None:
        from ..tasks import import_run

        try:
            import_run.delay(job.pk)
        except Exception:
            # The broker is down: ``measures.imports_resume`` starts it later.
            logger.warning("Could not hand import %s to a worker", job.pk, exc_info=True)

    transaction.on_commit(enqueue)
    return job


def _claim(job_id: int) -> bool:
    """Take the job for this worker: one that waits, or one whose worker went quiet."""
    now = timezone.now()
    claimable = Q(status=ImportJob.Status.PENDING) | Q(
        status__in=[ImportJob.Status.RUNNING, ImportJob.Status.SAVING],
        updated_at__lt=now - STALE_AFTER,
    )
    return bool(
        ImportJob.objects.filter(claimable, pk=job_id).update(
            status=ImportJob.Status.RUNNING,
            updated_at=now,
            processed_rows=0,
            problem_count=0,
            problems=[],
        )
    )


def import_job_run(*, job_id: int) -> ImportJob:
    """Run the job if nobody else is; safe to call twice."""
    if not _claim(job_id):
        return ImportJob.objects.get(pk=job_id)
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    ImportRow.objects.filter(job=job).delete()  # what a worker that died left behind
    try:
        _run(job)
    except Exception as error:
        logger.exception("Import %s failed", job.pk)
        message = error.message if isinstance(error, DomainError) else ""
        _finish(
            job,
            ImportJob.Status.FAILED,
            message or _("Something went wrong and nothing was saved. Please try again."),
        )
    return job


def _run(job: ImportJob) -> None:
    from .spreadsheets import format_for

    sheet = format_for(job)
    with job.file.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            problems = _check(job, sheet, csv.DictReader(text))
        except UnicodeDecodeError:
            problems = [(0, "", _("The file is not UTF-8 text: save it as “CSV UTF-8”."))]
            job.problem_count = 1
        except csv.Error as error:
            problems = [
                (0, "", _("The file is not a readable CSV file (%(why)s).") % {"why": error})
            ]
            job.problem_count = 1
    problems = sorted(problems + _duplicates(job, sheet))[:MAX_PROBLEMS_KEPT]
    if job.problem_count:
        job.problems = [
            {"row": line, "column": column, "problem": message}
            for line, column, message in problems
        ]
        _finish(job, ImportJob.Status.INVALID, _("Nothing was saved."))
        return
    job.status = ImportJob.Status.SAVING
    job.updated_at = timezone.now()
    job.save(update_fields=["status", "updated_at", "processed_rows"])
    with transaction.atomic():
        staged = ImportRow.objects.filter(job=job).order_by("line").values_list("data", flat=True)
        job.saved_rows = sheet.save(staged.iterator(chunk_size=BATCH_SIZE))
    _finish(job, ImportJob.Status.DONE, "")


def _check(job: ImportJob, sheet: SheetFormat, reader: csv.DictReader) -> list[tuple]:
    problems: list[tuple[int, str, str]] = []

    def problem(line: int, column: str, message: str) -> None:
        job.problem_count += 1
        if len(problems) < MAX_PROBLEMS_KEPT:
            problems.append((line, column, message))

    header = [name.strip() for name in (reader.fieldnames or [])]
    if not any(header):
        problem(0, "", _("The file is empty: it has no header row and no figures."))
        return problems
    reader.fieldnames = header
    missing = [column for column in sheet.required if column not in header]
    for column in missing:
        problem(1, column, _("The column “%(column)s” is missing.") % {"column": column})
    if missing:
        return problems
    batch: list[tuple] = []
    rows = 0
    for row in reader:
        if None in row:
            problem(reader.line_num, "", _("This row has more cells than the header."))
            continue
        if not any((value or "").strip() for value in row.values()):
            continue  # a blank line, as spreadsheets leave at the end
        rows += 1
        try:
            for staged in sheet.clean(row):
                batch.append((job.pk, reader.line_num, staged.key, json.dumps(staged.data)))
        except RowProblem as error:
            problem(reader.line_num, error.column, error.message)
        except RowProblems as errors:
            for error in errors.problems:
                problem(reader.line_num, error.column, error.message)
        if len(batch) >= BATCH_SIZE:
            _flush(job, batch, rows)
            batch = []
    _flush(job, batch, rows)
    if not rows and not job.problem_count:
        problem(0, "", _("The file has a header row but no figures."))
    return problems


def _flush(job: ImportJob, batch: list[tuple], rows: int) -> None:
    # Rows are kept even once one is wrong: repeated rows are found among them too.
    insert_rows(ImportRow, ["job", "line", "key", "data"], batch)
    job.processed_rows = rows
    job.updated_at = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=rows, problem_count=job.problem_count, updated_at=job.updated_at
    )


def _duplicates(job: ImportJob, sheet: SheetFormat) -> list[tuple]:
    """Rows that repeat an earlier row's key, found by the database."""
    repeated = (
        ImportRow.objects.filter(job=job)
        .values("key")
        .annotate(n=Count("pk"), first=Min("line"))
        .filter(n__gt=1)
    )
    counts = ImportRow.objects.filter(job=job).aggregate(
        rows=Count("pk"), keys=Count("key", distinct=True)
    )
    repeats = counts["rows"] - counts["keys"]
    if not repeats:
        return []
    job.problem_count += repeats
    firsts = {group["key"]: group["first"] for group in repeated[:MAX_PROBLEMS_KEPT]}
    problems = []
    for line, key in (
        ImportRow.objects.filter(job=job, key__in=list(firsts))
        .order_by("line")
        .values_list("line", "key")
    ):
        if line != firsts[key] and len(problems) < MAX_PROBLEMS_KEPT:
            problems.append((line, sheet.duplicate_column, sheet.duplicate_message(firsts[key])))
    return problems


def _finish(job: ImportJob, status: str, message: str) -> None:
    ImportRow.objects.filter(job=job).delete()
    if job.file:
        job.file.delete(save=False)
    job.status = status
    job.message = message
    job.finished_at = job.updated_at = timezone.now()
    job.save()


def imports_resume(*, now: datetime.datetime | None = None) -> int:
    """Start jobs whose task never ran (the broker was down) or whose worker died."""
    now = now or timezone.now()
    waiting = ImportJob.objects.filter(
        Q(status=ImportJob.Status.PENDING, created_at__lt=now - datetime.timedelta(minutes=2))
        | Q(
            status__in=[ImportJob.Status.RUNNING, ImportJob.Status.SAVING],
            updated_at__lt=now - STALE_AFTER,
        )
    ).values_list("pk", flat=True)
    started = 0
    for job_id in list(waiting[:20]):
        import_job_run(job_id=job_id)
        started += 1
    return started
