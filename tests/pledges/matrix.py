"""Matrix rows for pledges: the wall, a pledge's pages, writing pledges, their review.

Organisation A's member_a writes every pledge here, so member_a and admin_a own them.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from pledges.models import Commitment, ConcernReport, Pledge, ProgressUpdate

from ..permission_matrix import (
    FORBIDDEN,
    FOUND,
    NOT_FOUND,
    OK,
    Objects,
    Row,
    everyone,
    only,
    signed_in,
)
from .factories import make_pledge


def _pledge(objects: Objects, status: str) -> Pledge:
    return make_pledge(
        status=status, organisation=objects["org_a"], pledger=objects.users["member_a"]
    )


def pledge_draft(objects: Objects) -> Pledge:
    return _pledge(objects, Pledge.Status.DRAFT)


def pledge_submitted(objects: Objects) -> Pledge:
    return _pledge(objects, Pledge.Status.SUBMITTED)


def pledge_approved(objects: Objects) -> Pledge:
    return _pledge(objects, Pledge.Status.APPROVED)


def pledge_lapsed(objects: Objects) -> Pledge:
    """Lapsed, so it may be renewed."""
    return _pledge(objects, Pledge.Status.LAPSED)


def commitment_approved(objects: Objects) -> Commitment:
    return objects["pledge_approved"].commitments.first()


def progress_update_with_evidence(objects: Objects) -> ProgressUpdate:
    update = ProgressUpdate(
        commitment=objects["commitment_approved"], author=objects.users["member_a"], text="Done."
    )
    update.evidence.save("receipt.pdf", ContentFile(b"%PDF-1.4 receipt"), save=True)
    return update


def concern(objects: Objects) -> ConcernReport:
    return ConcernReport.objects.create(
        pledge=objects["pledge_approved"], text="This looks like an advert."
    )


BUILDERS = {
    "pledge_draft": pledge_draft,
    "pledge_submitted": pledge_submitted,
    "pledge_approved": pledge_approved,
    "pledge_lapsed": pledge_lapsed,
    "commitment_approved": commitment_approved,
    "progress_update_with_evidence": progress_update_with_evidence,
    "concern": concern,
}

ROWS = [
    # --- Public -----------------------------------------------------------------
    Row("pledges:wall", "/pledges/", everyone(OK)),
    Row("pledges:detail", "/pledges/{pledge_approved.pk}/", everyone(OK)),
    Row("pledges:badge", "/pledges/{pledge_approved.pk}/badge.svg", everyone(OK), page=False),
    Row("pledges:concern", "/pledges/{pledge_approved.pk}/concern/", everyone(OK)),
    # Support comes from others; the pledging organisation's own members are told no
    # (a message on the pledge page, so a redirect too).
    Row(
        "pledges:support",
        "/pledges/{pledge_approved.pk}/support/",
        signed_in(FOUND),
        method="POST",
        data={"support": "support"},
        page=False,
    ),
    Row(
        "pledges:evidence",
        "/pledges/{pledge_approved.pk}/updates/{progress_update_with_evidence.pk}/evidence/",
        everyone(OK),
        page=False,
    ),
    # --- Writing them ---------------------------------------------------------------
    Row("pledges:new", "/pledges/new/", signed_in(OK)),
    Row("pledges:mine", "/pledges/mine/", signed_in(OK)),
    # A draft is seen only by its organisation's members and by staff (404 for others);
    # staff may look but not write (403).
    Row(
        "pledges:edit",
        "/pledges/{pledge_draft.pk}/edit/",
        only({"member_a": OK, "admin_a": OK, "staff": FORBIDDEN}, others=NOT_FOUND),
    ),
    Row(
        "pledges:preview",
        "/pledges/{pledge_draft.pk}/preview/",
        only({"member_a": OK, "admin_a": OK, "staff": OK}, others=NOT_FOUND),
    ),
    Row(
        "pledges:submit",
        "/pledges/{pledge_draft.pk}/submit/",
        only({"member_a": FOUND, "admin_a": FOUND, "staff": FORBIDDEN}, others=NOT_FOUND),
        method="POST",
        page=False,
    ),
    Row(
        "pledges:revise",
        "/pledges/{pledge_approved.pk}/revise/",
        only({"member_a": FOUND, "admin_a": FOUND}),
        method="POST",
        page=False,
    ),
    Row(
        "pledges:withdraw",
        "/pledges/{pledge_approved.pk}/withdraw/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    Row(
        "pledges:renew",
        "/pledges/{pledge_lapsed.pk}/renew/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    Row(
        "pledges:progress",
        "/pledges/{pledge_approved.pk}/commitments/{commitment_approved.pk}/progress/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    # --- Review (alliance staff) -----------------------------------------------------
    Row(
        "pledges:moderation_review",
        "/moderation/pledges/{pledge_submitted.pk}/",
        only({"staff": OK}),
    ),
]
