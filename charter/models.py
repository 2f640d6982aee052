"""The Social Value Charter: its versions, the organisations that sign it, their action
statements (Embed, Deliver, Demonstrate), the yearly review and concerns.

A signature's life: a draft, submitted, verified by staff (a certificate follows),
reviewed every year; it can be withdrawn by the organisation, lapse when no review comes
for 18 months, or be superseded when the organisation re-signs a newer version. Only a
*live* signature (draft, submitted or verified) counts towards "one per organisation per
version"; the others stay as history.
"""

from __future__ import annotations

import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.models import RecordedEvent

# The yearly review, counted from verification or the last accepted review.
REVIEW_OPENS_MONTHS = 11  # the reminder goes, and the review can be written
REVIEW_OVERDUE_MONTHS = 13  # "review overdue", in public and in the staff queue
LAPSE_MONTHS = 18  # off the directory; the history stays


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CharterVersionQuerySet(models.QuerySet):
    def published(self) -> CharterVersionQuerySet:
        return self.filter(published_at__isnull=False)

    def current(self) -> CharterVersion | None:
        return self.published().order_by("-number").first()


class CharterVersion(models.Model):
    """One version of the charter's text. A published version is never edited: staff
    make a new draft from it, change that and publish it."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=150, default="The Salford Social Value Charter")
    vision = models.TextField(max_length=3000)
    principles = models.TextField(max_length=3000, help_text=_("One principle per line."))
    commissioner_commitments = models.TextField(
        _("what commissioners commit to"), max_length=3000, help_text=_("One per line.")
    )
    provider_commitments = models.TextField(
        _("what providers commit to"), max_length=3000, help_text=_("One per line.")
    )
    embed = models.TextField(_("embed social value"), max_length=1500)
    deliver = models.TextField(_("deliver social value"), max_length=1500)
    demonstrate = models.TextField(_("demonstrate social value"), max_length=1500)
    effective_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    def get_absolute_url(self) -> str:
        return reverse("charter:version", kwargs={"number": self.number})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def principle_list(self) -> list[str]:
        return _lines(self.principles)

    @property
    def commissioner_list(self) -> list[str]:
        return _lines(self.commissioner_commitments)

    @property
    def provider_list(self) -> list[str]:
        return _lines(self.provider_commitments)

    def expectation(self, area: str) -> str:
        return getattr(self, area)


class Area(models.TextChoices):
    """What every signatory is expected to do: one action statement each."""

    EMBED = "embed", _("Embed social value")
    DELIVER = "deliver", _("Deliver social value")
    DEMONSTRATE = "demonstrate", _("Demonstrate social value")


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", _("Commissioner")
    PROVIDER = "provider", _("Provider")
    BOTH = "both", _("Commissioner and provider")


class Basis(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntarily")
    CONTRACT = "contract", _("Because a contract requires it")


class SignatureQuerySet(models.QuerySet):
    def live(self) -> SignatureQuerySet:
        return self.filter(status__in=Signature.LIVE)

    def listed(self) -> SignatureQuerySet:
        """What the directory shows: verified signatures of organisations not suspended."""
        return self.filter(
            status=Signature.Status.VERIFIED, organisation__suspended_at__isnull=True
        )

    def overdue(self, now=None) -> SignatureQuerySet:
        """Verified, not reviewed for 13 months, and no review waiting for staff."""
        now = now or timezone.now()
        return self.filter(
            status=Signature.Status.VERIFIED,
            cycle_started_at__lte=now - relativedelta(months=REVIEW_OVERDUE_MONTHS),
        ).exclude(reviews__status=SignatureReview.Status.SUBMITTED)


def new_certificate_token() -> str:
    # 32 URL-safe characters (192 bits): the verification address cannot be guessed.
    return secrets.token_urlsafe(24)


class Signature(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed")
        SUPERSEDED = "superseded", _("Superseded by a newer version")

    LIVE = (Status.DRAFT, Status.SUBMITTED, Status.VERIFIED)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="charter_signatures"
    )
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=12, choices=Role.choices, db_index=True)
    signatory_name = models.CharField(_("name of the authorised signatory"), max_length=120)
    signatory_position = models.CharField(_("their position"), max_length=120)
    authority_confirmed = models.BooleanField(default=False)
    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.VOLUNTARY)
    contract_reference = models.CharField(max_length=150, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    moderation_note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When the organisation first became a signatory: kept across re-signing.
    signatory_since = models.DateTimeField(null=True, blank=True)
    # The start of the current review year: verification, then each accepted review.
    cycle_started_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was withdrawn, lapsed or superseded.")
    )
    certificate_number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    certificate_token = models.CharField(
        max_length=64, unique=True, default=new_certificate_token, editable=False
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-verified_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"],
                condition=Q(status__in=["draft", "submitted", "verified"]),
                name="charter_one_live_signature_per_version",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="verified"),
                name="charter_one_verified_signature",
            ),
        ]
        indexes = [models.Index(fields=["status", "verified_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} signs version {self.version_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("charter:signature", kwargs={"pk": self.pk})

    def get_verification_url(self) -> str:
        return reverse("charter:verify", kwargs={"token": self.certificate_token})

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    def review_opens_at(self):
        return self.cycle_started_at and self.cycle_started_at + relativedelta(
            months=REVIEW_OPENS_MONTHS
        )

    def review_overdue_at(self):
        return self.cycle_started_at and self.cycle_started_at + relativedelta(
            months=REVIEW_OVERDUE_MONTHS
        )

    def lapses_at(self):
        return self.cycle_started_at and self.cycle_started_at + relativedelta(months=LAPSE_MONTHS)

    def is_review_overdue(self, now=None) -> bool:
        """Past 13 months without a review (a review waiting for staff is the alliance's
        delay, not the organisation's: the caller checks for one where it matters)."""
        due = self.review_overdue_at()
        return (
            self.status == self.Status.VERIFIED
            and due is not None
            and due <= (now or timezone.now())
        )


class ActionStatement(models.Model):
    """What the organisation will do for one of Embed, Deliver and Demonstrate, and (after
    each accepted review) what it has done."""

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="statements")
    area = models.CharField(max_length=12, choices=Area.choices)
    # A draft may leave a statement unfinished; submitting needs all three complete.
    commitment = models.TextField(_("what we will do"), max_length=1500, blank=True)
    target_date = models.DateField(_("by when"), null=True, blank=True)
    done = models.TextField(_("what we have done"), max_length=1500, blank=True)

    class Meta:
        ordering = ["signature", "area"]
        constraints = [
            models.UniqueConstraint(fields=["signature", "area"], name="charter_statement_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.commitment[:60]}"


class SignatureReview(models.Model):
    """The yearly review: for each statement, what was done and what comes next."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for staff")
        ACCEPTED = "accepted", _("Accepted")

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderation_note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["signature"],
                condition=Q(status__in=["draft", "submitted"]),
                name="charter_one_open_review",
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.signature} ({self.status})"


class ReviewStatement(models.Model):
    review = models.ForeignKey(SignatureReview, on_delete=models.CASCADE, related_name="entries")
    area = models.CharField(max_length=12, choices=Area.choices)
    done = models.TextField(_("what we have done"), max_length=1500, blank=True)
    next_commitment = models.TextField(_("what we will do next"), max_length=1500, blank=True)
    next_target_date = models.DateField(_("by when"), null=True, blank=True)

    class Meta:
        ordering = ["review", "area"]
        constraints = [
            models.UniqueConstraint(fields=["review", "area"], name="charter_review_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()} in {self.review}"


class EvidenceLink(models.Model):
    """One of the organisation's own public items (a pledge, a case study: see
    ``charter.evidence``) cited by a statement or a review entry."""

    statement = models.ForeignKey(
        ActionStatement, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    entry = models.ForeignKey(
        ReviewStatement, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    # DO_NOTHING: a content type with evidence citing it is never deleted quietly (the
    # database's foreign key refuses), and deleting other content types (as migrations
    # that move a model do) never has to look at this table.
    content_type = models.ForeignKey(ContentType, on_delete=models.DO_NOTHING, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(statement__isnull=False, entry__isnull=True)
                | Q(statement__isnull=True, entry__isnull=False),
                name="charter_evidence_has_one_owner",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Evidence {self.content_type_id}:{self.object_id}"


class SignatureEvent(RecordedEvent):
    """A signature's history: who did what, when and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for verification")
        APPROVED = "approved", _("Verified")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REMINDED = "reminded", _("Reminded of the yearly review")
        REVIEW_SUBMITTED = "review_submitted", _("Yearly review submitted")
        REVIEW_ACCEPTED = "review_accepted", _("Yearly review accepted")
        REVIEW_CHANGES = "review_changes", _("Changes to the yearly review requested")
        LAPSED = "lapsed", _("Lapsed: no review for 18 months")
        SUPERSEDED = "superseded", _("Superseded by a newer version")
        INVITED = "invited", _("Invited to sign a new version")
        CONCERN_RESOLVED = "concern_resolved", _("Concern dealt with")

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    class Meta(RecordedEvent.Meta):
        indexes = [models.Index(fields=["signature", "action"])]

    def __str__(self) -> str:
        return f"{self.signature}: {self.get_action_display()}"


class SignatureConcern(models.Model):
    """Anyone may report a concern about a listed signatory; staff deal with it."""

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="concerns")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter_email = models.EmailField(blank=True)
    text = models.TextField(_("your concern"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Concern about {self.signature}"
