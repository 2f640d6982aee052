"""Concerns about a signatory: anyone may raise one; staff deal with it in the queue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError

from .. import permissions
from ..models import Signature, SignatureConcern, SignatureEvent
from ._common import record


@transaction.atomic
def signature_concern_report(
    *, signature: Signature, text: str, reporter: User | None = None, reporter_email: str = ""
) -> SignatureConcern:
    if not permissions.can_report_concern(reporter, signature):
        raise DomainError(
            _("Concerns can only be raised about organisations listed as signatories."),
            code="not_listed",
        )
    concern = SignatureConcern(
        signature=signature,
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        reporter_email=reporter_email.strip(),
        text=text.strip(),
    )
    concern.full_clean()
    concern.save()
    return concern


@transaction.atomic
def signature_concern_resolve(
    *, concern: SignatureConcern, actor: User, resolution: str
) -> SignatureConcern:
    if not permissions.can_moderate(actor):
        raise DomainError(_("Only the alliance’s staff deal with concerns."), code="forbidden")
    concern = SignatureConcern.objects.select_for_update().get(pk=concern.pk)
    if concern.resolved_at:
        raise DomainError(_("This concern has already been dealt with."), code="resolved")
    resolution = resolution.strip()
    if not resolution:
        raise DomainError(_("Say what was done about it."), code="resolution_required")
    concern.resolved_at = timezone.now()
    concern.resolved_by = actor
    concern.resolution = resolution[:1000]
    concern.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    record(concern.signature, SignatureEvent.Action.CONCERN_RESOLVED, actor, concern.resolution)
    return concern
