"""Staff decisions on pledges and concerns, each recorded and told to the pledger."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from salford_sv.errors import DomainError

from ..models import PLEDGE_MONTHS, Commitment, ConcernReport, Pledge, PledgeEvent
from ._common import invalidate_totals, record, tell_pledger


def _lock_submitted(pledge: Pledge) -> Pledge:
    # Lock the pledge row only: the organisation is an outer join, which FOR UPDATE refuses.
    pledge = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=pledge.pk)
    )
    if pledge.status != Pledge.Status.SUBMITTED:
        raise DomainError(_("This pledge is not waiting for moderation."), code="not_submitted")
    return pledge


def _apply_revision(revision: Pledge) -> Pledge:
    """Copy an approved revision onto the public pledge, keeping progress where the
    commitment carries on, and delete the revision."""
    original = Pledge.objects.select_for_update().get(pk=revision.revision_of_id)
    original.title = revision.title
    original.statement = revision.statement
    original.save(update_fields=["title", "statement", "updated_at"])
    approved = {c.pk: c for c in original.commitments.all()}
    kept: set[int] = set()
    for commitment in revision.commitments.prefetch_related("outcomes"):
        outcomes = list(commitment.outcomes.all())
        # Each approved commitment is continued at most once; a second claim is new.
        if commitment.source_id in approved and commitment.source_id not in kept:
            target = approved[commitment.source_id]
        else:
            target = Commitment(pledge=original)
        target.text = commitment.text
        target.target_value = commitment.target_value
        target.target_unit = commitment.target_unit
        target.due_date = commitment.due_date
        target.order = commitment.order
        target.save()
        kept.add(target.pk)
        target.outcomes.set(outcomes)
    original.commitments.exclude(pk__in=kept).delete()
    # The revision's history (submitted, changes asked for) belongs to the pledge.
    PledgeEvent.objects.filter(pledge=revision).update(pledge=original)
    revision.delete()
    return original


@transaction.atomic
def pledge_approve(*, pledge: Pledge, actor: User, note: str = "") -> Pledge:
    pledge = _lock_submitted(pledge)
    if pledge.revision_of_id:
        original = _apply_revision(pledge)
        record(original, PledgeEvent.Action.REVISION_APPROVED, actor, note.strip())
        invalidate_totals()
        tell_pledger(original, "pledge_approved", revision=True, note=note.strip())
        return original
    now = timezone.now()
    pledge.status = Pledge.Status.APPROVED
    pledge.approved_at = now
    pledge.expires_at = now + relativedelta(months=PLEDGE_MONTHS)
    pledge.reminder_sent_at = None
    pledge.moderation_note = ""
    pledge.save()
    record(pledge, PledgeEvent.Action.APPROVED, actor, note.strip())
    if pledge.renewed_from_id:
        # The renewal takes over: the year it renews ends now rather than standing
        # beside it on the wall until it would have lapsed.
        previous = Pledge.objects.select_for_update().get(pk=pledge.renewed_from_id)
        if previous.status == Pledge.Status.APPROVED:
            previous.status = Pledge.Status.LAPSED
            previous.save(update_fields=["status", "updated_at"])
            record(previous, PledgeEvent.Action.LAPSED, actor, _("Renewed by a newer pledge."))
    invalidate_totals()
    tell_pledger(pledge, "pledge_approved", revision=False, note=note.strip())
    return pledge


@transaction.atomic
def pledge_reject(*, pledge: Pledge, actor: User, reason: str) -> Pledge:
    if not reason.strip():
        raise DomainError(_("Give a reason: the pledger will see it."), code="reason_required")
    pledge = _lock_submitted(pledge)
    pledge.status = Pledge.Status.REJECTED
    pledge.moderation_note = reason.strip()
    pledge.save(update_fields=["status", "moderation_note", "updated_at"])
    record(pledge, PledgeEvent.Action.REJECTED, actor, reason.strip())
    tell_pledger(pledge, "pledge_rejected", reason=reason.strip())
    return pledge


@transaction.atomic
def pledge_request_changes(*, pledge: Pledge, actor: User, comment: str) -> Pledge:
    """Send the pledge back to its author as a draft, with what to change."""
    if not comment.strip():
        raise DomainError(_("Say what needs to change."), code="comment_required")
    pledge = _lock_submitted(pledge)
    pledge.status = Pledge.Status.DRAFT
    pledge.moderation_note = comment.strip()
    pledge.save(update_fields=["status", "moderation_note", "updated_at"])
    record(pledge, PledgeEvent.Action.CHANGES_REQUESTED, actor, comment.strip())
    tell_pledger(pledge, "pledge_changes_requested", comment=comment.strip())
    return pledge


@transaction.atomic
def concern_report(
    *, pledge: Pledge, text: str, reporter: User | None = None, reporter_email: str = ""
) -> ConcernReport:
    if not pledge.is_public:
        raise DomainError(_("Concerns can only be raised about public pledges."))
    concern = ConcernReport(
        pledge=pledge,
        reporter=reporter if reporter and reporter.is_authenticated else None,
        reporter_email=reporter_email.strip(),
        text=text.strip(),
    )
    concern.full_clean()
    concern.save()
    return concern


@transaction.atomic
def concern_resolve(*, concern: ConcernReport, actor: User, resolution: str) -> ConcernReport:
    concern = ConcernReport.objects.select_for_update().get(pk=concern.pk)
    if concern.resolved_at:
        raise DomainError(_("This concern has already been dealt with."))
    if not resolution.strip():
        raise DomainError(_("Say what was done about it."), code="resolution_required")
    concern.resolved_at = timezone.now()
    concern.resolved_by = actor
    concern.resolution = resolution.strip()
    concern.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    record(concern.pledge, PledgeEvent.Action.CONCERN_RESOLVED, actor, concern.resolution)
    return concern
