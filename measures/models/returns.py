"""Organisation returns: each quarter an organisation reports a value for each indicator
it chose, with evidence; staff approve the return before any of it counts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.models import RecordedEvent

from ..periods import Quarter
from .framework import Indicator


class ReportingPlan(models.Model):
    """What an organisation reports each quarter, and from which quarter."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="reporting_plan"
    )
    indicators = models.ManyToManyField(Indicator, related_name="reporting_plans", blank=True)
    starts_on = models.DateField(help_text=_("The first quarter reported (the day it starts)."))
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"What {self.organisation} reports"

    @property
    def first_quarter(self) -> Quarter:
        return Quarter(self.starts_on)


class ReturnQuerySet(models.QuerySet):
    def open(self) -> ReturnQuerySet:
        """Still with the organisation: not yet submitted, or returned for changes."""
        return self.filter(status__in=Return.EDITABLE)

    def approved(self) -> ReturnQuerySet:
        return self.filter(status=Return.Status.APPROVED)

    def overdue(self, today: datetime.date) -> ReturnQuerySet:
        return self.open().filter(due_on__lt=today)


class Return(models.Model):
    """One organisation's figures for one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not submitted")
        SUBMITTED = "submitted", _("Waiting for approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField(max_length=1000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_start"], name="return_once_a_quarter"
            )
        ]
        indexes = [
            # The staff queue (submitted, oldest first) and who has not reported.
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["period_start", "status"]),
            # The reminders: open returns whose due date is near, not yet reminded.
            models.Index(
                fields=["due_on"],
                condition=Q(reminded_at__isnull=True, status__in=["draft", "returned"]),
                name="return_to_remind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.quarter.short_label}"

    def get_absolute_url(self) -> str:
        return reverse("measures:return", kwargs={"pk": self.pk})

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.period_start)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_editable and self.due_on < (today or timezone.localdate())


class ReturnValue(models.Model):
    quarterly_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="return_values")
    value = models.DecimalField(max_digits=16, decimal_places=2)
    evidence = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["indicator__order", "indicator__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "indicator"], name="return_value_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class ReturnEvent(RecordedEvent):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Returned for changes")
        REMINDED = "reminded", _("Reminder sent")
        UPLOADED = "uploaded", _("Figures uploaded from a spreadsheet")

    quarterly_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    def __str__(self) -> str:
        return f"{self.quarterly_return}: {self.get_action_display()}"
