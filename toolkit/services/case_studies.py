"""Case studies: an organisation's members write one, staff moderate it.

Every decision staff make is recorded as a ``CaseStudyEvent`` (who, when, why) and told
to the author and the organisation's admins by email.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Organisation, User
from core.errors import DomainError
from core.review import Decided, Decision, ReviewWorkflow
from measures.models import Outcome

from .. import permissions
from ..models import CaseStudy, CaseStudyEvent

EDITABLE = (CaseStudy.Status.DRAFT, CaseStudy.Status.REJECTED)


def _record(case_study: CaseStudy, action: str, actor: User | None, note: str = "") -> None:
    CaseStudyEvent.objects.create(case_study=case_study, action=action, actor=actor, note=note)


def _delete_file_later(name: str) -> None:
    """Delete a replaced image once the change is committed (never before: a rollback
    would leave the row pointing at nothing). Robust: storage that fails then leaves a
    stray file behind and is logged, but the saved change is not answered with a 500."""
    if name:
        storage = CaseStudy._meta.get_field("image").storage
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def _check_content(*, qualities: dict[str, bool], has_image: bool, image_alt: str) -> None:
    if not any(qualities.values()):
        raise DomainError(
            _("Choose at least one of the four qualities the story shows."), code="no_quality"
        )
    if has_image and not image_alt.strip():
        raise DomainError(
            _("Describe the image for people who cannot see it."), code="alt_required"
        )


def _apply(
    case_study: CaseStudy,
    *,
    title: str,
    summary: str,
    story: str,
    sector: str,
    shows_values: bool,
    shows_delivery: bool,
    shows_partnerships: bool,
    shows_operations: bool,
    image: UploadedFile | None,
    image_alt: str,
    remove_image: bool = False,
) -> str:
    """Copy the fields onto ``case_study``; return the name of an image file it replaces."""
    qualities = {
        "shows_values": shows_values,
        "shows_delivery": shows_delivery,
        "shows_partnerships": shows_partnerships,
        "shows_operations": shows_operations,
    }
    keeps_image = bool(case_study.image) and not remove_image
    _check_content(qualities=qualities, has_image=bool(image) or keeps_image, image_alt=image_alt)
    case_study.title = " ".join(title.split())
    case_study.summary = " ".join(summary.split())
    case_study.story = story.strip()
    case_study.sector = sector
    for name, value in qualities.items():
        setattr(case_study, name, bool(value))
    replaced = ""
    if image or remove_image:
        replaced = case_study.image.name if case_study.image else ""
        case_study.image = image or ""
    case_study.image_alt = " ".join(image_alt.split()) if case_study.image else ""
    case_study.full_clean()
    return replaced


@transaction.atomic
def case_study_create(
    *,
    author: User,
    organisation: Organisation,
    title: str,
    summary: str,
    story: str,
    sector: str,
    shows_values: bool = False,
    shows_delivery: bool = False,
    shows_partnerships: bool = False,
    shows_operations: bool = False,
    outcomes: Iterable[Outcome] = (),
    image: UploadedFile | None = None,
    image_alt: str = "",
) -> CaseStudy:
    """Save a new draft. Nothing is public until staff approve it."""
    if not permissions.can_act_for(author, organisation):
        raise DomainError(
            _("You can only write case studies for your own organisations."), code="not_member"
        )
    case_study = CaseStudy(organisation=organisation, author=author)
    _apply(
        case_study,
        title=title,
        summary=summary,
        story=story,
        sector=sector,
        shows_values=shows_values,
        shows_delivery=shows_delivery,
        shows_partnerships=shows_partnerships,
        shows_operations=shows_operations,
        image=image,
        image_alt=image_alt,
    )
    case_study.save()
    case_study.outcomes.set(list(outcomes))
    return case_study


@transaction.atomic
def case_study_update(
    *,
    case_study: CaseStudy,
    actor: User,
    title: str,
    summary: str,
    story: str,
    sector: str,
    shows_values: bool = False,
    shows_delivery: bool = False,
    shows_partnerships: bool = False,
    shows_operations: bool = False,
    outcomes: Iterable[Outcome] = (),
    image: UploadedFile | None = None,
    image_alt: str = "",
    remove_image: bool = False,
) -> CaseStudy:
    """Change a draft, or a rejected case study before it is submitted again."""
    case_study = (
        CaseStudy.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=case_study.pk)
    )
    if case_study.status not in EDITABLE:
        raise DomainError(
            _("Only a draft or a rejected case study can be changed."), code="not_editable"
        )
    if not permissions.can_edit_case_study(actor, case_study):
        raise DomainError(
            _("You can only change your own organisation’s case studies."), code="not_member"
        )
    replaced = _apply(
        case_study,
        title=title,
        summary=summary,
        story=story,
        sector=sector,
        shows_values=shows_values,
        shows_delivery=shows_delivery,
        shows_partnerships=shows_partnerships,
        shows_operations=shows_operations,
        image=image,
        image_alt=image_alt,
        remove_image=remove_image,
    )
    case_study.save()
    case_study.outcomes.set(list(outcomes))
    _delete_file_later(replaced)
    return case_study


@transaction.atomic
def case_study_submit(*, case_study: CaseStudy, actor: User) -> CaseStudy:
    """Send a draft (or a rejected case study, changed) to the staff's queue."""
    case_study = (
        CaseStudy.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=case_study.pk)
    )
    if case_study.status not in EDITABLE:
        raise DomainError(_("This case study has already been submitted."), code="not_editable")
    if not permissions.can_edit_case_study(actor, case_study):
        raise DomainError(
            _("You can only submit your own organisation’s case studies."), code="not_member"
        )
    _check_content(
        qualities={"any": case_study.qualities != []},
        has_image=bool(case_study.image),
        image_alt=case_study.image_alt,
    )
    case_study.status = CaseStudy.Status.SUBMITTED
    case_study.submitted_at = timezone.now()
    case_study.save(update_fields=["status", "submitted_at"])
    _record(case_study, CaseStudyEvent.Action.SUBMITTED, actor)
    return case_study


class CaseStudyReview(ReviewWorkflow):
    """Staff publish a case study, send it back for changes, or reject it."""

    model = CaseStudy
    event_model = CaseStudyEvent
    event_field = "case_study"
    lock_related = ("organisation", "author")
    mail_prefix = "case_study"
    audience = gettext_lazy("the organisation")
    labels = {Decision.APPROVE: gettext_lazy("Approve and publish")}
    forbidden_message = gettext_lazy("Only the alliance’s staff moderate case studies.")
    not_waiting_message = gettext_lazy("This case study is not waiting for moderation.")

    def may_decide(self, actor, item) -> bool:
        return permissions.can_moderate(actor)

    def recipients(self, case_study: CaseStudy) -> list[User]:
        """The author and the organisation's admins."""
        admins = [
            m.user
            for m in Membership.objects.filter(
                organisation_id=case_study.organisation_id, role=Membership.Role.ADMIN
            ).select_related("user")
        ]
        return [case_study.author, *admins]

    def mail_context(self, case_study: CaseStudy) -> dict:
        return {
            "case_study": case_study,
            "organisation": case_study.organisation.name,
            "url": settings.SITE_URL + case_study.get_absolute_url(),
        }

    def on_approve(self, case_study: CaseStudy, *, actor: User, note: str) -> Decided:
        case_study.status = CaseStudy.Status.APPROVED
        case_study.published_at = timezone.now()
        case_study.moderation_note = ""
        case_study.save(update_fields=["status", "published_at", "moderation_note"])
        return Decided(case_study, CaseStudyEvent.Action.APPROVED)

    def on_reject(self, case_study: CaseStudy, *, actor: User, note: str) -> Decided:
        case_study.status = CaseStudy.Status.REJECTED
        case_study.moderation_note = note
        case_study.save(update_fields=["status", "moderation_note"])
        return Decided(case_study, CaseStudyEvent.Action.REJECTED)

    def on_changes(self, case_study: CaseStudy, *, actor: User, note: str) -> Decided:
        """Back to its organisation as a draft, with what to change."""
        case_study.status = CaseStudy.Status.DRAFT
        case_study.moderation_note = note
        case_study.save(update_fields=["status", "moderation_note"])
        return Decided(case_study, CaseStudyEvent.Action.CHANGES_REQUESTED)


CASE_STUDY_REVIEW = CaseStudyReview()


def case_study_approve(*, case_study: CaseStudy, actor: User, note: str = "") -> CaseStudy:
    """Publish the case study."""
    return CASE_STUDY_REVIEW.decide(case_study, actor=actor, decision=Decision.APPROVE, note=note)


def case_study_reject(*, case_study: CaseStudy, actor: User, reason: str) -> CaseStudy:
    return CASE_STUDY_REVIEW.decide(case_study, actor=actor, decision=Decision.REJECT, note=reason)


def case_study_request_changes(*, case_study: CaseStudy, actor: User, comment: str) -> CaseStudy:
    return CASE_STUDY_REVIEW.decide(
        case_study, actor=actor, decision=Decision.CHANGES, note=comment
    )
