"""Campaigns, pledges and their commitments, progress, support and moderation history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.permissions import memberships_by_org
from core.models import RecordedEvent
from measures.models import Outcome

PLEDGE_MONTHS = 12
# Renewal opens this many days before a pledge lapses, when its pledger is reminded.
RENEW_DAYS_BEFORE = 30


class Campaign(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    is_open = models.BooleanField(
        default=True, help_text=_("New pledges can be made to an open campaign.")
    )

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.name


class PledgeQuerySet(models.QuerySet):
    def public(self) -> PledgeQuerySet:
        """What the wall shows: approved pledges (not revisions, not of suspended orgs)."""
        return self.filter(status=Pledge.Status.APPROVED, revision_of__isnull=True).exclude(
            organisation__suspended_at__isnull=False
        )

    def evidence_for(self, organisation) -> PledgeQuerySet:
        """The organisation's public pledges, newest first: what it may cite as evidence
        for its charter statements (see charter.evidence)."""
        return self.public().filter(organisation=organisation).order_by("-approved_at", "-pk")

    def awaiting_moderation(self) -> PledgeQuerySet:
        return self.filter(status=Pledge.Status.SUBMITTED)

    def for_user(self, user) -> PledgeQuerySet:
        """Pledges ``user`` can work on: their own, and their organisations'."""
        # The user's organisations as a list, not a join or a subquery: no duplicates to
        # make DISTINCT, and each side of the OR reads an index (a bitmap OR), where a
        # subquery made PostgreSQL scan every pledge.
        organisations = list(memberships_by_org(user))  # kept on the user, and cached
        return self.filter(
            Q(organisation__isnull=True, pledger=user) | Q(organisation_id__in=organisations)
        )

    def with_counts(self) -> PledgeQuerySet:
        return self.annotate(
            support_count=Count("supports", distinct=True),
            commitment_count=Count("commitments", distinct=True),
        )


class Pledge(models.Model):
    """A statement of intent made of one or more commitments.

    Made by an organisation (``organisation`` set; ``pledger`` is the member who wrote
    it) or by a resident for themselves (``organisation`` empty).
    Editing an approved pledge makes a *revision*: a separate draft pledge with
    ``revision_of`` set, moderated like any other, while the approved one stays public.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="pledges")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="pledges"
    )
    # The resident who pledged, or the member who wrote the organisation's pledge. An
    # organisation's pledge outlives its author's account; a personal one does not
    # (see pledges.signals).
    pledger = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    title = models.CharField(
        _("headline"),
        max_length=120,
        help_text=_("One line that sums the pledge up, e.g. “Buying local and paying fairly”."),
    )
    statement = models.TextField(
        _("why we are pledging"),
        max_length=1500,
        blank=True,
        help_text=_("Optional: a few sentences on why this matters to you."),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    moderation_note = models.TextField(
        max_length=1000, blank=True, help_text=_("What staff asked for, shown to the pledger.")
    )
    revision_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="pending_revision"
    )
    renewed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewals"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "approved_at"]),
            # The wall, the home page and the API read public pledges newest first, a
            # page at a time: this index hands them over in that order (issue 14).
            models.Index(
                F("approved_at").desc(),
                F("id").desc(),
                name="pledge_public_newest",
                condition=Q(status="approved", revision_of__isnull=True),
            ),
            # The staff queue: submitted pledges, oldest first (issue 14).
            models.Index(
                fields=["submitted_at", "id"],
                name="pledge_awaiting_moderation",
                condition=Q(status="submitted"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledges:detail", kwargs={"pk": self.pk})

    @property
    def is_personal(self) -> bool:
        return self.organisation_id is None

    @property
    def pledged_by(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.pledger.display_name if self.pledger_id else _("A former resident")

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.LAPSED) and not (
            self.revision_of_id
        )

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_renewable(self) -> bool:
        """Lapsed, or in the last month of its year: when the reminder invites renewal."""
        if self.status == self.Status.LAPSED:
            return True
        return (
            self.status == self.Status.APPROVED
            and self.expires_at is not None
            and self.expires_at - timezone.now() <= datetime.timedelta(days=RENEW_DAYS_BEFORE)
        )


class Commitment(models.Model):
    """One measurable thing a pledge promises, tied to at least one outcome."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(
        _("commitment"),
        max_length=300,
        help_text=_("What you will do, e.g. “Increase the number of staff volunteering”."),
    )
    outcomes = models.ManyToManyField(Outcome, related_name="commitments")
    target_value = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    target_unit = models.CharField(
        _("unit"),
        max_length=40,
        help_text=_("What the target counts: %, people, hours, tonnes, £ ..."),
    )
    due_date = models.DateField(_("due by"))
    current_value = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    done_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # The approved commitment this one revises or renews, so progress carries over.
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_percentage(self) -> bool:
        return self.target_unit.strip() in {"%", "percent", "per cent"}

    @property
    def progress_percent(self) -> int:
        if self.done_at:
            return 100
        if not self.target_value:
            return 0
        return max(0, min(100, int(self.current_value * 100 / self.target_value)))


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"evidence/{instance.commitment.pledge_id}/{filename}"


class ProgressUpdate(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("what has happened"), max_length=2000)
    figure = models.DecimalField(
        _("figure reached"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    evidence = models.FileField(upload_to=evidence_path, blank=True)
    marks_done = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.commitment}"


class Support(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["pledge", "user"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.user} supports {self.pledge}"


class PledgeEvent(RecordedEvent):
    """The pledge's history: every status change, who made it, when and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REVISION_APPROVED = "revision_approved", _("Changes approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed")
        RENEWED = "renewed", _("Renewed")
        REMINDED = "reminded", _("Reminded of lapse")
        CONCERN_RESOLVED = "concern_resolved", _("Concern dealt with")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    def __str__(self) -> str:
        return f"{self.pledge}: {self.get_action_display()}"


class ConcernReport(models.Model):
    """Anyone may report a concern about a public pledge; it lands in the moderation queue."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="concerns")
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
        indexes = [
            # The staff queue: open concerns, oldest first (issue 14).
            models.Index(
                fields=["created_at"], name="concern_open", condition=Q(resolved_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"Concern about {self.pledge}"
