"""Create forms that create once: a double click, a retry or a second tab sending the same
form makes one record, and each sender is answered with it.

The form renders a one-time token (``{% load submissions %}{% form_token %}`` beside
``{% csrf_token %}``); the view wraps its one create service::

    case_study = submissions.once(request, lambda: services.case_study_create(...))
    return redirect(case_study)

``once`` spends the token in the create's own transaction, with a unique constraint:
a second request with the same token waits on the first's row, then finds it spent and
gets the first's record back, so it answers exactly as the first did. If the create is
refused (a ``DomainError``, a rolled-back transaction) the token is not spent and the
person can send the form again.

A POST without a token (an API client, a test) creates as before. A page carrying a
token is per visitor, as its CSRF token already makes it: never cache it publicly.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import FormSubmission

M = TypeVar("M", bound=models.Model)

FIELD = "form_token"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")
# Not part of what the person sent: tokens that differ between two sends of one form.
IGNORED_FIELDS = frozenset({FIELD, "csrfmiddlewaretoken"})
KEEP_FOR = timedelta(days=7)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _fingerprint(request: HttpRequest) -> str:
    """A keyed hash of what was sent; passwords are left out of it altogether."""
    fields = sorted(
        (name, value)
        for name, values in request.POST.lists()
        if name not in IGNORED_FIELDS and "password" not in name
        for value in values
    )
    files = sorted(
        (name, upload.name, upload.size)
        for name, uploads in request.FILES.lists()
        for upload in uploads
    )
    return salted_hmac("core.submissions", json.dumps([fields, files])).hexdigest()


def once(request: HttpRequest, create: Callable[[], M]) -> M:
    """``create()``, run at most once per form token: the record it made, or the record
    the same form made when it was sent before. Raises ``DomainError`` when the token
    was spent on something else (another person, other data, a record since deleted):
    the form is shown again, with a fresh token, to be sent again."""
    token = request.POST.get(FIELD, "")
    if not TOKEN_RE.fullmatch(token):
        return create()
    user = request.user if request.user.is_authenticated else None
    fingerprint = _fingerprint(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                # Waits here while another request holds the same token uncommitted.
                spent = FormSubmission.objects.create(
                    token=token, fingerprint=fingerprint, user=user
                )
        except IntegrityError:
            spent = None
        if spent is not None:
            record = create()
            if record is not None:
                spent.record_model = record._meta.label_lower
                spent.record_id = record.pk
                spent.save(update_fields=["record_model", "record_id"])
            return record
    return _earlier_record(token=token, user=user, fingerprint=fingerprint)


def _earlier_record(*, token: str, user, fingerprint: str) -> models.Model:
    earlier = FormSubmission.objects.filter(token=token).first()
    record = None
    if (
        earlier is not None
        and earlier.record_model
        and earlier.user_id == (user.pk if user else None)
        and earlier.fingerprint == fingerprint
    ):
        try:
            model = apps.get_model(earlier.record_model)
        except LookupError:  # a model since removed
            model = None
        if model is not None:
            record = model._default_manager.filter(pk=earlier.record_id).first()
    if record is None:
        raise DomainError(
            _("This form had already been sent. Check what it says and send it again."),
            code="form_already_sent",
        )
    return record


def form_submissions_purge(*, now=None) -> int:
    """Forget tokens spent more than a week ago: a form that old is sent afresh."""
    now = now or timezone.now()
    deleted, _counts = FormSubmission.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    return deleted
