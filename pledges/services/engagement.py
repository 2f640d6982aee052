"""What people do with a public pledge: support it, post progress, mark commitments done."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError

from ..models import Commitment, Pledge, ProgressUpdate, Support
from ._common import public_pledges_changed


@transaction.atomic
def support_add(*, pledge: Pledge, user: User) -> Support:
    """Back the pledge. Idempotent: backing it again, or twice at once, keeps one support."""
    if pledge.status != Pledge.Status.APPROVED:
        raise DomainError(_("Only an approved pledge can be supported."))
    support, created = Support.objects.get_or_create(pledge=pledge, user=user)
    if created:
        public_pledges_changed()  # the pledge's count of supporters is public
    return support


@transaction.atomic
def support_withdraw(*, pledge: Pledge, user: User) -> None:
    """Stop backing the pledge. Idempotent: withdrawing what is not there does nothing."""
    deleted, _counts = Support.objects.filter(pledge=pledge, user=user).delete()
    if deleted:
        public_pledges_changed()


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
    public_pledges_changed()
    return update
