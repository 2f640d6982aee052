"""The yearly review, and the time-driven work around it.

Eleven months into a signature's year its admins are reminded and the review opens: for
each statement, what was done (with evidence) and what comes next. Staff accept it (the
statements become the new ones and the next year starts) or ask for changes, through
``core.review``. At 13 months without a review the signature shows "review overdue"; at
18 months it lapses. A review waiting for staff holds both clocks: the delay is ours.

The reminder and the lapse are safe to run twice: each acts on what still needs doing,
under a row lock, and marks it.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import DomainError
from core.review import Decided, Decision, ReviewWorkflow

from .. import permissions
from ..models import (
    LAPSE_MONTHS,
    REVIEW_OPENS_MONTHS,
    ActionStatement,
    EvidenceLink,
    ReviewStatement,
    Signature,
    SignatureEvent,
    SignatureReview,
)
from ._common import (
    StatementInput,
    check_complete,
    link_evidence,
    mail_context,
    record,
    resolved_evidence,
    review_url,
    signature_people,
    tell,
)

Action = SignatureEvent.Action


def open_review(signature: Signature) -> SignatureReview | None:
    return (
        SignatureReview.objects.filter(
            signature=signature,
            status__in=[SignatureReview.Status.DRAFT, SignatureReview.Status.SUBMITTED],
        )
        .prefetch_related("entries__evidence")
        .first()
    )


@transaction.atomic
def _review_write(
    *,
    signature: Signature,
    actor: User,
    entries: dict[str, StatementInput],
    submit: bool,
) -> SignatureReview:
    signature = (
        Signature.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=signature.pk)
    )
    if not permissions.can_review(actor, signature):
        raise DomainError(
            _(
                "The yearly review opens eleven months after verification, for the "
                "organisation’s admins."
            ),
            code="review_closed",
        )
    review = open_review(signature) or SignatureReview(signature=signature)
    if review.status == SignatureReview.Status.SUBMITTED:
        raise DomainError(
            _("Your review is with the alliance’s staff: wait for their answer."),
            code="review_submitted",
        )
    items = resolved_evidence(signature.organisation, entries)
    if submit:
        check_complete(entries, today=timezone.localdate(), reviewing=True)
    review.author = actor
    review.full_clean()
    review.save()
    review.entries.all().delete()
    for area, entry in entries.items():
        if entry.is_empty:
            continue
        made = ReviewStatement(
            review=review,
            area=area,
            done=entry.done.strip(),
            next_commitment=entry.text.strip(),
            next_target_date=entry.target_date,
        )
        made.full_clean(exclude=["review"])
        made.save()
        link_evidence(items.get(area, []), entry=made)
    if submit:
        review.status = SignatureReview.Status.SUBMITTED
        review.submitted_at = timezone.now()
        review.save(update_fields=["status", "submitted_at"])
        record(signature, Action.REVIEW_SUBMITTED, actor)
    return review


def signature_review_save(
    *, signature: Signature, actor: User, entries: dict[str, StatementInput]
) -> SignatureReview:
    """Save the yearly review as a draft, to finish later."""
    return _review_write(signature=signature, actor=actor, entries=entries, submit=False)


def signature_review_submit(
    *, signature: Signature, actor: User, entries: dict[str, StatementInput]
) -> SignatureReview:
    """Save the yearly review and send it to staff; every statement must be complete."""
    return _review_write(signature=signature, actor=actor, entries=entries, submit=True)


class ReviewAcceptance(ReviewWorkflow):
    """Staff accept a yearly review or ask for changes. The history and the mail are
    about the signature the review belongs to."""

    model = SignatureReview
    event_model = SignatureEvent
    event_field = "signature"
    decisions = (Decision.APPROVE, Decision.CHANGES)
    lock_related = ("signature__organisation", "signature__version")
    mail_prefix = "charter_review"
    audience = gettext_lazy("the organisation")
    labels = {Decision.APPROVE: gettext_lazy("Accept")}
    forbidden_message = gettext_lazy("Only the alliance’s staff accept yearly reviews.")
    not_waiting_message = gettext_lazy("This review is not waiting for a decision.")

    def may_decide(self, actor, item) -> bool:
        return permissions.can_decide_review(actor, item)

    def history(self, item):
        signature = item.signature if isinstance(item, SignatureReview) else item
        return super().history(signature)

    def recipients(self, signature: Signature) -> list[User]:
        return signature_people(signature)

    def mail_context(self, signature: Signature) -> dict:
        return mail_context(signature)

    def on_approve(self, review: SignatureReview, *, actor: User, note: str) -> Decided:
        now = timezone.now()
        signature = Signature.objects.select_for_update().get(pk=review.signature_id)
        if signature.status != Signature.Status.VERIFIED:
            raise DomainError(
                _("The signature has ended: its review cannot be accepted."), code="not_live"
            )
        review.status = SignatureReview.Status.ACCEPTED
        review.accepted_at = now
        review.moderation_note = ""
        review.save(update_fields=["status", "accepted_at", "moderation_note"])
        statements = {s.area: s for s in ActionStatement.objects.filter(signature=signature)}
        for entry in review.entries.prefetch_related("evidence"):
            statement = statements.get(entry.area) or ActionStatement(
                signature=signature, area=entry.area
            )
            statement.done = entry.done
            statement.commitment = entry.next_commitment
            statement.target_date = entry.next_target_date
            statement.save()
            # The evidence of what was done now stands beside the statement.
            EvidenceLink.objects.filter(statement=statement).delete()
            EvidenceLink.objects.bulk_create(
                EvidenceLink(
                    statement=statement,
                    content_type_id=link.content_type_id,
                    object_id=link.object_id,
                )
                for link in entry.evidence.all()
            )
        signature.cycle_started_at = now
        signature.reminded_at = None
        signature.save(update_fields=["cycle_started_at", "reminded_at"])
        return Decided(signature, Action.REVIEW_ACCEPTED)

    def on_changes(self, review: SignatureReview, *, actor: User, note: str) -> Decided:
        review.status = SignatureReview.Status.DRAFT
        review.moderation_note = note
        review.save(update_fields=["status", "moderation_note"])
        return Decided(review.signature, Action.REVIEW_CHANGES, {"review": review})


REVIEW_ACCEPTANCE = ReviewAcceptance()


def signature_review_accept(*, review: SignatureReview, actor: User, note: str = ""):
    return REVIEW_ACCEPTANCE.decide(review, actor=actor, decision=Decision.APPROVE, note=note)


def signature_review_request_changes(*, review: SignatureReview, actor: User, comment: str):
    return REVIEW_ACCEPTANCE.decide(review, actor=actor, decision=Decision.CHANGES, note=comment)


# ---------------------------------------------------------------------------
# Time-driven: run daily by Celery beat (charter.tasks)
# ---------------------------------------------------------------------------


def _waiting_review():
    return Exists(
        SignatureReview.objects.filter(
            signature=OuterRef("pk"), status=SignatureReview.Status.SUBMITTED
        )
    )


def signatures_remind_reviews(*, now: datetime.datetime | None = None) -> int:
    """Tell each signatory, once a year, that its review is open."""
    now = now or timezone.now()
    due = Signature.objects.filter(
        status=Signature.Status.VERIFIED,
        reminded_at__isnull=True,
        cycle_started_at__lte=now - relativedelta(months=REVIEW_OPENS_MONTHS),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            signature = (
                Signature.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("organisation", "version", "signed_by")
                .filter(pk=pk, status=Signature.Status.VERIFIED, reminded_at__isnull=True)
                .first()
            )
            if signature is None:
                continue  # another worker has it, or it was done a moment ago
            signature.reminded_at = now
            signature.save(update_fields=["reminded_at"])
            record(signature, Action.REMINDED)
            tell(
                signature,
                "charter_review_due",
                review_url=review_url(signature),
                overdue_on=signature.review_overdue_at(),
            )
            sent += 1
    return sent


def signatures_lapse_unreviewed(*, now: datetime.datetime | None = None) -> int:
    """Signatures with no review for 18 months lapse: off the directory, history kept."""
    now = now or timezone.now()
    cutoff = now - relativedelta(months=LAPSE_MONTHS)
    due = (
        Signature.objects.filter(status=Signature.Status.VERIFIED, cycle_started_at__lte=cutoff)
        .exclude(_waiting_review())
        .values_list("pk", flat=True)
    )
    lapsed = 0
    for pk in list(due):
        with transaction.atomic():
            signature = (
                Signature.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("organisation", "version", "signed_by")
                .filter(pk=pk, status=Signature.Status.VERIFIED, cycle_started_at__lte=cutoff)
                .exclude(_waiting_review())
                .first()
            )
            if signature is None:
                continue
            signature.status = Signature.Status.LAPSED
            signature.ended_at = now
            signature.save(update_fields=["status", "ended_at"])
            record(signature, Action.LAPSED)
            tell(
                signature,
                "charter_lapsed",
                sign_url=settings.SITE_URL + reverse("charter:sign"),
            )
            lapsed += 1
    return lapsed
