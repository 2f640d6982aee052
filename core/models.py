"""What every app shares: the history of staff decisions, the mail outbox and the
one-time tokens of create forms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecordedEvent(models.Model):
    """Who did what, when and why: the history other apps keep of their moderation.
    A concrete event adds the thing it is about and its own ``action`` choices."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(max_length=1000, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


class OutboxEmail(models.Model):
    """Mail waiting to be sent. Written in the request's transaction, so nothing is
    lost when the broker or the mail server is down; a task sends it and marks it.

    ``body`` and ``html_body`` are the copy anyone may read (staff in the admin): a
    live token (a password reset, confirmation or invitation link) is redacted from
    them. The message as sent, token included, waits in ``sealed_body`` and
    ``sealed_html_body``, which no page shows, and is wiped once the mail has gone or
    has finally failed, so no row keeps a usable link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    sealed_body = models.TextField(blank=True, editable=False)
    sealed_html_body = models.TextField(blank=True, editable=False)
    from_email = models.CharField(max_length=254, blank=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "outbox email"

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)} ({self.status})"


class FormSubmission(models.Model):
    """A create form's one-time token, spent in the transaction that made the record.

    The form carries a random token (``{% form_token %}``); ``core.submissions.once``
    stores it, unique, beside what the form made. The same form sent again, by a double
    click, a retry or a second tab, finds the token spent and is answered with the first
    record instead of making a second. Spent tokens are purged after a week.
    """

    token = models.CharField(max_length=64, unique=True)
    # What was sent (a hash of the fields): the same token with other data is not a repeat.
    fingerprint = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # What it made, as "app_label.modelname" and primary key. Not a foreign key to
    # content types: deleting one (as migrations that move a model do) must never have
    # to look at, or be held up by, a week of spent tokens.
    record_model = models.CharField(max_length=100, blank=True)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "form submission"

    def __str__(self) -> str:
        return f"{self.record_model} {self.record_id} ({self.created_at:%Y-%m-%d %H:%M})"
