"""Periodic progress reports: the city's each month, each organisation's each quarter.

A report is one row per scope and period, replaced when it is generated again, never
duplicated (two partial unique constraints: one for the city, one per organisation).
Its figures, summary and PDF are written together in one transaction at the end of a
run, so a half-built report is never visible: until then the row shows only how far
the run has got, beside the figures of the previous run, if any.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from measures.periods import period_label


def report_pdf_path(instance: ProgressReport, filename: str) -> str:
    return f"reports/{instance.period_start:%Y}/{filename}"


# Bumped whenever a report is saved (settings): the homes and the dashboard link the
# newest ones.
REPORTS_CACHE_FAMILY = "reports"


class ProgressReportQuerySet(models.QuerySet):
    def ready(self) -> ProgressReportQuerySet:
        """Reports with figures to show (a regeneration may be running beside them)."""
        return self.filter(generated_at__isnull=False)

    def city(self) -> ProgressReportQuerySet:
        return self.filter(scope=ProgressReport.Scope.CITY)

    def for_organisations(self, organisation_ids) -> ProgressReportQuerySet:
        return self.filter(
            scope=ProgressReport.Scope.ORGANISATION, organisation_id__in=organisation_ids
        )


class ProgressReport(models.Model):
    class Scope(models.TextChoices):
        CITY = "city", _("The city")
        ORGANISATION = "organisation", _("An organisation")

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.READY, Status.FAILED)

    scope = models.CharField(max_length=12, choices=Scope.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Per cent done."))
    message = models.CharField(max_length=300, blank=True)
    # The run that should produce the figures: a new request gives a new token, so a
    # run that was superseded, or a duplicate delivery of a finished one, does nothing.
    run_token = models.UUIDField(default=uuid.uuid4)
    completed_token = models.UUIDField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to=report_pdf_path, blank=True, max_length=200)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "scope", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start"],
                condition=Q(organisation__isnull=True),
                name="progress_report_city_once_a_period",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "period_start"],
                condition=Q(organisation__isnull=False),
                name="progress_report_organisation_once_a_period",
            ),
            models.CheckConstraint(
                condition=(Q(scope="city", organisation__isnull=True))
                | (Q(scope="organisation", organisation__isnull=False)),
                name="progress_report_scope_matches_organisation",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="progress_report_period_order",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="progress_report_progress_0_to_100"
            ),
        ]
        indexes = [
            models.Index(fields=["scope", "-period_start"]),
            models.Index(fields=["organisation", "-period_start"]),
            models.Index(fields=["status", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", kwargs={"pk": self.pk})

    @property
    def is_city(self) -> bool:
        return self.scope == self.Scope.CITY

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def has_figures(self) -> bool:
        return self.generated_at is not None

    @property
    def period_label(self) -> str:
        if self.kind == self.Kind.MONTHLY:
            return self.period_start.strftime("%B %Y")
        return period_label(self.period_start, self.period_end)

    @property
    def title(self) -> str:
        who = _("Salford") if self.is_city else self.organisation.name
        return _("%(who)s: %(kind)s progress report, %(period)s") % {
            "who": who,
            "kind": self.get_kind_display().lower(),
            "period": self.period_label,
        }

    @property
    def file_stem(self) -> str:
        who = "salford" if self.is_city else self.organisation.slug
        return f"{who}-{self.kind}-report-{self.period_start.isoformat()}"
