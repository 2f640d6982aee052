"""The outcome framework: the 10% Better campaign's themes and outcomes, and the
indicators that measure them, with optional proxy values in pounds."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..calculations import Estimate


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


class CampaignTarget(models.Model):
    """When the campaign's 10% targets are due: one row, kept by alliance staff in the
    admin. The campaign's first target year was 2021; when the alliance renews the
    campaign, staff move the target year on, and the progress page reads it from here
    so it never presents a target year that has passed as a live one."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    start_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the baselines describe and the campaign started from."),
    )
    target_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year by which the 10% targets should be met."),
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Why the year is what it is (for example, the board's decision)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign target year")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="campaign_target_one_row"),
            models.CheckConstraint(
                condition=Q(target_year__gt=models.F("start_year")),
                name="campaign_target_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(_("10%% targets by %(year)s") % {"year": self.target_year})

    def clean(self) -> None:
        super().clean()
        if self.start_year and self.target_year and self.target_year <= self.start_year:
            raise ValidationError(
                {"target_year": _("The target year must come after the start year.")}
            )


class Accumulation(models.TextChoices):
    PER_PERIOD = "per_period", _("Per period: each figure counts what happened in its period")
    CUMULATIVE = "cumulative", _("Cumulative: each figure is the running total to date")


PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class IndicatorQuerySet(models.QuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)

    def for_organisations(self) -> IndicatorQuerySet:
        """What organisations may report in returns and contracts."""
        return self.active().filter(organisations_report=True)

    def with_framework(self) -> IndicatorQuerySet:
        return self.select_related("theme", "outcome").order_by("theme__order", "order", "name")


class Indicator(models.Model):
    """What is counted, how, and (optionally) what one unit is worth in pounds.

    The portal ships no licensed proxy values: staff enter only values they may use,
    with their source, year and licence. Deadweight and attribution take off what would
    have happened anyway and what others caused.
    """

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="indicators")
    outcome = models.ForeignKey(
        Outcome,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("The 10% Better outcome it measures, if any."),
    )
    unit = models.CharField(max_length=40, help_text=_("For example: people, hours, tonnes."))
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    definition = models.TextField(max_length=1000, help_text=_("What counts, and what does not."))
    source = models.CharField(
        max_length=300, help_text=_("Where the measure comes from, and where its figures do.")
    )
    accumulation = models.CharField(
        max_length=12, choices=Accumulation.choices, default=Accumulation.PER_PERIOD
    )
    organisations_report = models.BooleanField(
        default=True,
        help_text=_("Organisations may report it in returns and contracts (not only the city)."),
    )
    proxy_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Pounds per unit, where the alliance may use a published value."),
    )
    proxy_source = models.CharField(max_length=300, blank=True)
    proxy_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The year the proxy's prices are for.")
    )
    proxy_licence = models.CharField(
        max_length=300, blank=True, help_text=_("The licence that lets the alliance use it.")
    )
    deadweight_pct = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT_VALIDATORS
    )
    attribution_pct = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT_VALIDATORS
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadweight_pct__gte=0, deadweight_pct__lte=100)
                & Q(attribution_pct__gte=0, attribution_pct__lte=100),
                name="indicator_percentages_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(proxy_value__isnull=True) | Q(proxy_value__gte=0),
                name="indicator_proxy_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.outcome_id and self.theme_id and self.outcome.theme_id != self.theme_id:
            errors["outcome"] = _("The outcome belongs to another theme.")
        if self.proxy_value is not None:
            if not self.proxy_source.strip():
                errors["proxy_source"] = _("Say where the proxy value comes from.")
            if not self.proxy_year:
                errors["proxy_year"] = _("Give the year the proxy value is for.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_proxy(self) -> bool:
        return self.proxy_value is not None

    def estimate(self, quantity: Decimal | None, *, label: str = "") -> Estimate | None:
        """``quantity`` of this indicator in pounds, or None without a proxy or figure."""
        if self.proxy_value is None or quantity is None:
            return None
        return Estimate(
            quantity=quantity,
            proxy=self.proxy_value,
            deadweight_pct=self.deadweight_pct,
            attribution_pct=self.attribution_pct,
            unit=self.unit,
            proxy_source=self.proxy_source,
            proxy_year=self.proxy_year,
            label=label or self.name,
        )


def estimate_expression(quantity: str, indicator: str = "indicator") -> models.Expression:
    """The database's sum for ``Indicator.estimate``: ``quantity`` (a field path) times
    the proxy, less deadweight and attribution; NULL where the indicator has no proxy.
    Totals add this up with ``Sum`` so they never loop over rows in Python."""
    proxy = models.F(f"{indicator}__proxy_value")
    kept = (Decimal(100) - models.F(f"{indicator}__deadweight_pct")) * (
        Decimal(100) - models.F(f"{indicator}__attribution_pct")
    )
    return models.ExpressionWrapper(
        models.F(quantity) * proxy * kept / Decimal(10000),
        output_field=models.DecimalField(max_digits=24, decimal_places=6),
    )
