"""Staff decisions on pledges and concerns, each recorded and told to the pledger.

The decisions go through ``core.review``: ``PledgeReview`` says only what differs for
pledges (an approved revision replaces the public pledge; a renewal ends the year it
renews).
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import DomainError
from core.review import Decided, Decision, ReviewWorkflow

from .. import permissions
from ..models import PLEDGE_MONTHS, Commitment, ConcernReport, Pledge, PledgeEvent
from ._common import pledge_mail_context, pledge_people, public_pledges_changed, record


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


class PledgeReview(ReviewWorkflow):
    model = Pledge
    event_model = PledgeEvent
    event_field = "pledge"
    lock_related = ("organisation",)
    mail_prefix = "pledge"
    audience = gettext_lazy("the pledger")
    forbidden_message = gettext_lazy("Only the alliance’s staff moderate pledges.")
    not_waiting_message = gettext_lazy("This pledge is not waiting for moderation.")

    def may_decide(self, actor, item) -> bool:
        return permissions.can_moderate(actor)

    def recipients(self, pledge: Pledge) -> list[User]:
        return pledge_people(pledge)

    def mail_context(self, pledge: Pledge) -> dict:
        return pledge_mail_context(pledge)

    def on_approve(self, pledge: Pledge, *, actor: User, note: str) -> Decided:
        if pledge.revision_of_id:
            original = _apply_revision(pledge)
            public_pledges_changed()
            return Decided(original, PledgeEvent.Action.REVISION_APPROVED, {"revision": True})
        now = timezone.now()
        pledge.status = Pledge.Status.APPROVED
        pledge.approved_at = now
        pledge.expires_at = now + relativedelta(months=PLEDGE_MONTHS)
        pledge.reminder_sent_at = None
        pledge.moderation_note = ""
        pledge.save()
        if pledge.renewed_from_id:
            # The renewal takes over: the year it renews ends now rather than standing
            # beside it on the wall until it would have lapsed.
            previous = Pledge.objects.select_for_update().get(pk=pledge.renewed_from_id)
            if previous.status == Pledge.Status.APPROVED:
                previous.status = Pledge.Status.LAPSED
                previous.save(update_fields=["status", "updated_at"])
                record(previous, PledgeEvent.Action.LAPSED, actor, _("Renewed by a newer pledge."))
        public_pledges_changed()
        return Decided(pledge, PledgeEvent.Action.APPROVED, {"revision": False})

    def on_reject(self, pledge: Pledge, *, actor: User, note: str) -> Decided:
        pledge.status = Pledge.Status.REJECTED
        pledge.moderation_note = note
        pledge.save(update_fields=["status", "moderation_note", "updated_at"])
        return Decided(pledge, PledgeEvent.Action.REJECTED)

    def on_changes(self, pledge: Pledge, *, actor: User, note: str) -> Decided:
        """Back to its author as a draft, with what to change."""
        pledge.status = Pledge.Status.DRAFT
        pledge.moderation_note = note
        pledge.save(update_fields=["status", "moderation_note", "updated_at"])
        return Decided(pledge, PledgeEvent.Action.CHANGES_REQUESTED)


PLEDGE_REVIEW = PledgeReview()


def pledge_approve(*, pledge: Pledge, actor: User, note: str = "") -> Pledge:
    return PLEDGE_REVIEW.decide(pledge, actor=actor, decision=Decision.APPROVE, note=note)


def pledge_reject(*, pledge: Pledge, actor: User, reason: str) -> Pledge:
    return PLEDGE_REVIEW.decide(pledge, actor=actor, decision=Decision.REJECT, note=reason)


def pledge_request_changes(*, pledge: Pledge, actor: User, comment: str) -> Pledge:
    return PLEDGE_REVIEW.decide(pledge, actor=actor, decision=Decision.CHANGES, note=comment)


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
    if not permissions.can_moderate(actor):
        raise DomainError(_("Only the alliance’s staff deal with concerns."), code="forbidden")
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
