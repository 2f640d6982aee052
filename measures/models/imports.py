"""Spreadsheet uploads: a job per file, validated row by row before anything is saved.

The file is read as a stream, a row at a time; each valid row is kept in ``ImportRow``
(a staging table), so neither checking for duplicates nor saving needs the whole file
in memory. The job records progress for the page that watches it, and the problems
found (row, column, what is wrong). Once done, the file and the staged rows are deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

# Problems kept to show; the count goes on past it.
MAX_PROBLEMS_KEPT = 200


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        CITY_FIGURES = "city_figures", _("City figures")
        RETURNS = "returns", _("Returns")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Checking")
        SAVING = "saving", _("Saving")
        DONE = "done", _("Saved")
        INVALID = "invalid", _("Not saved: problems found")
        FAILED = "failed", _("Not saved: the import failed")

    FINISHED = (Status.DONE, Status.INVALID, Status.FAILED)

    kind = models.CharField(max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    saved_rows = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.filename} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("measures:import_job", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        """Checking is nine tenths of the work; saving the last tenth."""
        if self.status in self.FINISHED:
            return 100
        if self.status == self.Status.SAVING:
            return 90
        if not self.total_rows:
            return 0
        return min(89, self.processed_rows * 90 // self.total_rows)


class ImportRow(models.Model):
    """A checked row waiting to be saved, with what it says as clean text."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    key = models.CharField(max_length=120)
    data = models.JSONField()

    class Meta:
        ordering = ["line"]
        indexes = [models.Index(fields=["job", "key"]), models.Index(fields=["job", "line"])]

    def __str__(self) -> str:
        return f"Row {self.line} of {self.job}"
