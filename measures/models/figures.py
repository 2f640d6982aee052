"""City figures: the city's own value of an indicator for a period, entered by staff."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..periods import period_label
from .framework import Indicator


class CityFigureQuerySet(models.QuerySet):
    def with_indicator(self) -> CityFigureQuerySet:
        return self.select_related("indicator", "indicator__theme")


class CityFigure(models.Model):
    """A figure for the whole city, from a published source. Staff enter it, so it
    counts as soon as it is saved."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="city_figures")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=2)
    source = models.CharField(max_length=300)
    note = models.TextField(max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    objects = CityFigureQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "indicator__order", "indicator__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"], name="city_figure_once"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="city_figure_period_order"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "-period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_label})"

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})
