"""LM3 (Local Multiplier 3): how much of an organisation's income stays in Salford."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from ..calculations import LM3
from ..periods import period_label
from .framework import PERCENT_VALIDATORS

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class RespendBasis(models.TextChoices):
    SURVEY = "survey", _("A survey of our suppliers and staff")
    DEFAULT = "default", _("A published default")


class LM3Survey(models.Model):
    """One period's three rounds. Rounds 2 and 3 and LM3 itself are worked out by
    ``measures.calculations.lm3`` when the figures are recorded, and kept, so the
    history never changes if the arithmetic is corrected later."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="lm3_surveys"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    income = models.DecimalField(**MONEY)
    local_supplier_spend = models.DecimalField(**MONEY)
    local_staff_spend = models.DecimalField(**MONEY)
    supplier_respend_pct = models.DecimalField(
        max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    staff_respend_pct = models.DecimalField(
        max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    respend_basis = models.CharField(max_length=8, choices=RespendBasis.choices)
    respend_source = models.CharField(max_length=300)
    round2 = models.DecimalField(max_digits=14, decimal_places=2)
    round3 = models.DecimalField(max_digits=14, decimal_places=2)
    lm3 = models.DecimalField(max_digits=6, decimal_places=4)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = "LM3 survey"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_start", "period_end"], name="lm3_once_a_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="lm3_period_order"
            ),
            models.CheckConstraint(
                condition=Q(income__gt=0)
                & Q(local_supplier_spend__gte=0, local_staff_spend__gte=0)
                & Q(income__gte=F("local_supplier_spend") + F("local_staff_spend")),
                name="lm3_round2_within_round1",
            ),
            models.CheckConstraint(condition=Q(lm3__gte=1, lm3__lte=3), name="lm3_between_1_and_3"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: LM3 {self.lm3} ({self.period_label})"

    def get_absolute_url(self) -> str:
        return reverse("measures:lm3_result", kwargs={"pk": self.pk})

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    @property
    def figures(self) -> LM3:
        from ..calculations import lm3

        return lm3(
            income=self.income,
            supplier_spend=self.local_supplier_spend,
            staff_spend=self.local_staff_spend,
            supplier_respend_pct=self.supplier_respend_pct,
            staff_respend_pct=self.staff_respend_pct,
        )
