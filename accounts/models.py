"""Users, organisations, memberships and invitations."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_no_control_characters

UK_POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code: ``m5 4wt`` becomes ``M5 4WT``."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate_uk_postcode(value: str) -> None:
    if not UK_POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError(_("Enter a UK postcode, such as M5 4WT."), code="invalid_postcode")


def organisation_name_key(name: str) -> str:
    """The form of a name used to spot duplicates: case, accents and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


class Ward(models.Model):
    """One of Salford's electoral wards (reference data)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. The email address is the login; there is no username."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        validators=[validate_no_control_characters],
        help_text=_("How your name appears on the portal, for example on pledges you make."),
    )
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="residents"
    )
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Sector(models.TextChoices):
    CHARITY = "charity", _("Charity")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    COMMUNITY_GROUP = "community_group", _("Community group")
    PRIVATE_BUSINESS = "private_business", _("Private business")
    PUBLIC_SECTOR = "public_sector", _("Public sector body")


class SizeBand(models.TextChoices):
    MICRO = "micro", _("Micro (fewer than 10 people)")
    SMALL = "small", _("Small (10 to 49 people)")
    MEDIUM = "medium", _("Medium (50 to 249 people)")
    LARGE = "large", _("Large (250 people or more)")


class OrganisationQuerySet(models.QuerySet):
    def public(self) -> OrganisationQuerySet:
        return self.filter(suspended_at__isnull=True)

    def verified(self) -> OrganisationQuerySet:
        return self.filter(verified_at__isnull=False)

    def matching_name(self, name: str) -> OrganisationQuerySet:
        return self.filter(name_key=organisation_name_key(name))


class Organisation(models.Model):
    name = models.CharField(
        _("organisation name"), max_length=150, validators=[validate_no_control_characters]
    )
    name_key = models.CharField(max_length=150, unique=True, editable=False)
    slug = models.SlugField(max_length=160, unique=True)
    sector = models.CharField(max_length=32, choices=Sector.choices, db_index=True)
    size_band = models.CharField(max_length=16, choices=SizeBand.choices, db_index=True)
    postcode = models.CharField(max_length=8, validators=[validate_uk_postcode])
    ward = models.ForeignKey(
        Ward,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Empty when the organisation is based outside Salford."),
    )
    website = models.URLField(blank=True, max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["suspended_at", "name"]),
            # The staff's home: organisations awaiting verification, oldest first.
            models.Index(
                fields=["created_at", "id"],
                name="organisation_unverified",
                condition=Q(verified_at__isnull=True, suspended_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The duplicate check relies on name_key, so it never drifts from the name.
        self.name_key = organisation_name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reporting:organisation", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        self.postcode = normalise_postcode(self.postcode)
        self.name = " ".join((self.name or "").split())
        self.name_key = organisation_name_key(self.name)
        if not self.name_key:
            raise ValidationError({"name": _("The name needs at least one letter or digit.")})
        clash = Organisation.objects.filter(name_key=self.name_key).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError(
                {
                    "name": _("An organisation called “%(name)s” is already registered.")
                    % {"name": clash.name}
                },
                code="duplicate_name",
            )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def outside_salford(self) -> bool:
        return self.ward_id is None


class PendingOrganisation(models.Model):
    """An organisation someone registered as they signed up, waiting for them to
    confirm their email address. Until then it has no page and holds no name: anyone
    can sign up as "Salford City Council", but only someone who can read the mail they
    gave makes it an organisation (security review, finding 5). Confirming the address
    registers it (``accounts.services.organisation_register_on_confirmation``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_organisation"
    )
    name = models.CharField(
        _("organisation name"), max_length=150, validators=[validate_no_control_characters]
    )
    sector = models.CharField(max_length=32, choices=Sector.choices)
    size_band = models.CharField(max_length=16, choices=SizeBand.choices)
    postcode = models.CharField(max_length=8, validators=[validate_uk_postcode])
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(blank=True, max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} (waiting for {self.user_id} to confirm their address)"

    def organisation_data(self) -> dict:
        return {
            "name": self.name,
            "sector": self.sector,
            "size_band": self.size_band,
            "postcode": self.postcode,
            "ward": self.ward,
            "website": self.website,
            "description": self.description,
        }


class OrganisationStatusChange(models.Model):
    """A decision staff made about an organisation: who, when and why."""

    class Action(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        UNVERIFIED = "unverified", _("Verification withdrawn")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        NAME_RELEASED = "name_released", _("Name released")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="status_changes"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(max_length=1000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_action_display()}"


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())

    def expired(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__lte=timezone.now())


class Invitation(models.Model):
    """An emailed, single-use invitation to join an organisation.

    Only a hash of the token is stored, so a leaked database cannot be used to join.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class JoinRequest(models.Model):
    """A signed-in person asking an organisation's admins to let them join."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.organisation} ({self.status})"
