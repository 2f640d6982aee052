"""The mail outbox: every message is a row first, then a Celery task sends it.

The row is written in the caller's transaction and the task is enqueued on commit.
If the broker is unreachable the request still succeeds and the row waits; the
``core.outbox_drain`` beat task sends whatever is still pending.

A message that carries a secret (a password reset, confirmation or invitation link)
names it in ``secrets``: the row's readable copy has it redacted, and the real text is
kept apart, never shown, only until the message is sent (see ``OutboxEmail``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags

from .models import OutboxEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


REDACTED = "[link removed: only the recipient's copy of this email has it]"


class OutboxSendError(Exception):
    """Sending failed and the message stays pending for another try."""


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every one of ``secrets`` (longest first, so a link goes whole
    before the token inside it) replaced by a note."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def email_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str = "",
    secrets: Iterable[str] = (),
) -> OutboxEmail:
    """Queue a message. ``secrets``: strings (links, tokens) nobody but the recipient
    may read; the stored readable copy has them redacted."""
    secrets = [str(secret) for secret in secrets if secret]
    readable_body, readable_html = redact(body, secrets), redact(html_body, secrets)
    sealed = readable_body != body or readable_html != html_body
    email = OutboxEmail(
        to=list(to),
        subject=redact(" ".join(subject.split()), secrets)[:255],
        body=readable_body,
        html_body=readable_html,
        sealed_body=body if sealed else "",
        sealed_html_body=html_body if sealed else "",
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
    )
    email.full_clean()
    email.save()
    transaction.on_commit(partial(_enqueue, email.pk))
    return email


def email_queue_template(
    *, to: list[str], template: str, context: dict, secrets: Iterable[str] = ()
) -> OutboxEmail:
    """Queue ``templates/emails/<template>_subject.txt`` and ``_body.txt``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    body = render_to_string(f"emails/{template}_body.txt", context)
    return email_queue(
        to=to,
        subject=settings.EMAIL_SUBJECT_PREFIX + subject.strip(),
        body=body,
        secrets=secrets,
    )


def email_users(*, users: Iterable, template: str, context: dict) -> OutboxEmail | None:
    """Queue ``template`` to ``users``: active accounts only, each address once. Nothing
    is queued when no one is left."""
    emails = sorted({user.email for user in users if user is not None and user.is_active})
    if not emails:
        return None
    return email_queue_template(to=emails, template=template, context=context)


def email_queue_message(message: EmailMessage, *, secrets: Iterable[str] = ()) -> OutboxEmail:
    """Queue a message another library rendered (allauth's confirmation mail, say)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    body = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        # The row needs a plain body, and mail clients without HTML need one too.
        html, body = message.body, strip_tags(message.body).strip()
    return email_queue(
        to=list(message.to),
        subject=message.subject,
        body=body,
        html_body=html,
        from_email=message.from_email,
        secrets=secrets,
    )


def _enqueue(email_id: int) -> None:
    from .tasks import outbox_send

    try:
        outbox_send.delay(email_id)
    except Exception:
        # Usually the broker is down. The row is safe and the drain task will send it.
        logger.warning(
            "Could not hand email %s to a worker; it waits in the outbox", email_id, exc_info=True
        )


def outbox_send_one(*, email_id: int) -> bool:
    """Send one pending email. Returns False when there was nothing to do.

    The row is locked while sending so two workers never send the same message.
    """
    error: Exception | None = None
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboxEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.sealed_body or email.body or "",
            from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
            to=email.to,
        )
        html_body = email.sealed_html_body or email.html_body
        if html_body:
            message.attach_alternative(html_body, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:
            error = exc
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboxEmail.Status.FAILED
                _unseal(email)
            email.save(update_fields=["attempts", "last_error", "status", *_SEALED_FIELDS])
        else:
            email.status = OutboxEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            _unseal(email)
            email.save(
                update_fields=["attempts", "last_error", "status", "sent_at", *_SEALED_FIELDS]
            )
    if error is not None:
        raise OutboxSendError(str(error)) from error
    return True


_SEALED_FIELDS = ("sealed_body", "sealed_html_body")


def _unseal(email: OutboxEmail) -> None:
    """Forget the text with the live link: the message has gone (or never will)."""
    email.sealed_body = email.sealed_html_body = ""


def outbox_drain(*, older_than: timedelta = timedelta(seconds=30), limit: int = 200) -> int:
    """Send pending mail that its own task has not sent (the broker was down, say)."""
    cutoff = timezone.now() - older_than
    ids = list(
        OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for email_id in ids:
        try:
            sent += outbox_send_one(email_id=email_id)
        except OutboxSendError:
            logger.warning("Email %s could not be sent; it stays pending", email_id)
    return sent
