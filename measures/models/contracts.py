"""The social value register: public contracts, the social value written into them, and
what the provider delivers against it.

Seed 003 names three kinds of social value in commissioning: **core** (essential to
the contract), **added** (offered by the provider and written into the contract) and
**unpredicted** (produced during the contract, reported by the provider as it happens).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.models import RecordedEvent

from ..periods import Quarter
from .framework import PERCENT_VALIDATORS, Indicator
from .returns import ReturnValue


class ContractCategory(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")
    WORKS = "works", _("Works")
    HEALTH_AND_CARE = "health_and_care", _("Health and social care")


# Contract sizes for "the size of contracts and of providers" (seed 003): the lower
# bound of each band, in pounds, and its label.
CONTRACT_SIZE_BANDS = [
    (Decimal(0), "under_25k", _("Under £25,000")),
    (Decimal(25_000), "25k_100k", _("£25,000 to £99,999")),
    (Decimal(100_000), "100k_1m", _("£100,000 to £999,999")),
    (Decimal(1_000_000), "over_1m", _("£1 million or more")),
]


class ContractQuerySet(models.QuerySet):
    def involving(self, organisation_ids) -> ContractQuerySet:
        """Contracts where one of the organisations is the commissioner or the provider."""
        return self.filter(
            Q(commissioner_id__in=organisation_ids) | Q(provider_id__in=organisation_ids)
        )

    def with_parties(self) -> ContractQuerySet:
        return self.select_related("commissioner", "provider", "provider__ward")


class Contract(models.Model):
    commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contracts_commissioned"
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contracts_provided"
    )
    reference = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=ContractCategory.choices)
    value = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    social_value_weighting = models.DecimalField(
        max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    is_public = models.BooleanField(
        default=False,
        help_text=_("The commissioner agrees to publish this contract's details as open data."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="contract_period_order"
            ),
            models.CheckConstraint(
                condition=~Q(commissioner=F("provider")), name="contract_two_parties"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
            models.CheckConstraint(
                condition=Q(social_value_weighting__gte=0, social_value_weighting__lte=100),
                name="contract_weighting_0_to_100",
            ),
        ]
        indexes = [
            models.Index(fields=["commissioner", "-starts_on"]),
            models.Index(fields=["provider", "-starts_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:contract", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The contract cannot end before it starts.")
        if self.commissioner_id and self.commissioner_id == self.provider_id:
            errors["provider"] = _("The provider must be another organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def provider_is_local(self) -> bool:
        """A provider is local when it is based in one of Salford's wards."""
        return self.provider.ward_id is not None

    @property
    def size_band_label(self) -> str:
        label = CONTRACT_SIZE_BANDS[0][2]
        for lower, _key, band_label in CONTRACT_SIZE_BANDS:
            if self.value >= lower:
                label = band_label
        return label


class CommitmentKind(models.TextChoices):
    CORE = "core", _("Core: essential to the contract")
    ADDED = "added", _("Added: offered by the provider and written into the contract")
    UNPREDICTED = "unpredicted", _("Unpredicted: produced during the contract")


KIND_NAMES = {
    CommitmentKind.CORE: _("Core"),
    CommitmentKind.ADDED: _("Added"),
    CommitmentKind.UNPREDICTED: _("Unpredicted"),
}


class ContractCommitment(models.Model):
    """Social value in a contract. Core and added commitments promise a quantity by a
    date; unpredicted value is recorded by the provider when it happens."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=12, choices=CommitmentKind.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="commitments")
    description = models.CharField(max_length=300, blank=True)
    promised = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="unpredicted", promised__isnull=True, due_on__isnull=True)
                    | (~Q(kind="unpredicted") & Q(promised__isnull=False, due_on__isnull=False))
                ),
                name="commitment_promise_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name}: {self.indicator}"

    @property
    def kind_name(self) -> str:
        """ "Core", "Added" or "Unpredicted"."""
        return KIND_NAMES[self.kind]


class DeliveryQuerySet(models.QuerySet):
    def confirmed(self) -> DeliveryQuerySet:
        return self.filter(status=Delivery.Status.CONFIRMED)


class Delivery(models.Model):
    """What the provider delivered against one commitment in one quarter. It counts once
    the commissioner confirms it. When the same quantity is in the provider's quarterly
    return too, ``return_value`` links them and totals count it once."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Waiting for the commissioner")
        CONFIRMED = "confirmed", _("Confirmed")
        QUERIED = "queried", _("Queried")

    commitment = models.ForeignKey(
        ContractCommitment, on_delete=models.CASCADE, related_name="deliveries"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    quantity = models.DecimalField(
        max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.TextField(max_length=1000, blank=True)
    in_return = models.BooleanField(
        default=False, help_text=_("The same quantity is in the provider's quarterly return.")
    )
    return_value = models.ForeignKey(
        ReturnValue, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REPORTED)
    query_note = models.TextField(max_length=1000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period_start"], name="delivery_once_a_quarter"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="delivery_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "reported_at"])]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.quantity} in {self.quarter.short_label}"

    def get_absolute_url(self) -> str:
        return reverse("measures:delivery_review", kwargs={"pk": self.pk})

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.period_start)


class DeliveryEvent(RecordedEvent):
    class Action(models.TextChoices):
        REPORTED = "reported", _("Reported by the provider")
        CONFIRMED = "approved", _("Confirmed by the commissioner")
        QUERIED = "changes_requested", _("Queried by the commissioner")

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    def __str__(self) -> str:
        return f"{self.delivery}: {self.get_action_display()}"
