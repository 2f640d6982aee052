"""What people do with a public pledge: support it, post progress, mark commitments done."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from salford_sv.errors import DomainError

from ..models import Commitment, Pledge, ProgressUpdate, Support
from ._common import invalidate_totals


@transaction.atomic
def support_toggle(*, pledge: Pledge, user: User) -> bool:
    """Support the pledge, or stop supporting it. Returns whether the user now supports it."""
    if pledge.status != Pledge.Status.APPROVED:
        raise DomainError(_("Only an approved pledge can be supported."))
    deleted, _counts = Support.objects.filter(pledge=pledge, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Support.objects.create(pledge=pledge, user=user)
    except IntegrityError:
        pass  # a double click: the first one counted
    return True


@transaction.atomic
def progress_update_add(
    *,
    commitment: Commitment,
    author: User,
    text: str,
    figure: Decimal | None = None,
    evidence: UploadedFile | None = None,
    marks_done: bool = False,
) -> ProgressUpdate:
    commitment = (
        Commitment.objects.select_for_update().select_related("pledge").get(pk=commitment.pk)
    )
    if commitment.pledge.status != Pledge.Status.APPROVED:
        raise DomainError(_("Progress can only be posted on an approved pledge."))
    update = ProgressUpdate(
        commitment=commitment,
        author=author,
        text=text.strip(),
        figure=figure,
        marks_done=marks_done,
    )
    if evidence is not None:
        update.evidence = evidence
    update.full_clean()
    update.save()
    fields = []
    if figure is not None:
        commitment.current_value = figure
        fields.append("current_value")
    if marks_done and not commitment.done_at:
        commitment.done_at = timezone.now()
        fields.append("done_at")
    if fields:
        commitment.save(update_fields=fields)
    invalidate_totals()
    return update
