"""The outcome framework of the 10% Better campaign: themes and their outcomes."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """People, Planet, Prosperity."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60, unique=True)
    aim = models.TextField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    UP = "up", _("Up is better")
    DOWN = "down", _("Down is better")


class OutcomeQuerySet(models.QuerySet):
    def with_theme(self) -> OutcomeQuerySet:
        return self.select_related("theme").order_by("theme__order", "number")


class Outcome(models.Model):
    """One of the eleven outcomes, with the city baseline and the 10% target."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="outcomes")
    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    indicator = models.CharField(max_length=200, help_text=_("What is counted, in words."))
    unit = models.CharField(max_length=40, help_text=_("For example: people, kg, tonnes, GBP."))
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target_change = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text=_("The published 10% change: positive to rise, negative to fall."),
    )
    target_year = models.PositiveSmallIntegerField(default=2021)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name

    @property
    def target_value(self) -> Decimal:
        return self.baseline + self.target_change
