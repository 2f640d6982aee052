"""Matrix rows for the toolkit: guides, case studies and the self-assessment checklist.

Organisation A's member_a writes every case study here; admin_a took the checklist.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from toolkit.models import Assessment, CaseStudy, Checklist, Guide

from ..permission_matrix import FORBIDDEN, FOUND, NOT_FOUND, OK, Objects, Row, everyone, only
from .case_study_factories import make_case_study, png_bytes
from .guide_factories import GuideFactory


def guide(objects: Objects) -> Guide:
    return GuideFactory(slug="matrix-guide", title="What social value is")


def _case_study(objects: Objects, status: str) -> CaseStudy:
    return make_case_study(
        organisation=objects["org_a"],
        author=objects.users["member_a"],
        status=status,
        title=f"Our café ({status})",
    )


def case_study_published(objects: Objects) -> CaseStudy:
    """Published, with an image and its text alternative."""
    case_study = _case_study(objects, CaseStudy.Status.APPROVED)
    case_study.image.save("cafe.png", ContentFile(png_bytes()), save=False)
    case_study.image_alt = "The café's counter with cakes under glass."
    case_study.save()
    return case_study


def case_study_draft(objects: Objects) -> CaseStudy:
    return _case_study(objects, CaseStudy.Status.DRAFT)


def case_study_submitted(objects: Objects) -> CaseStudy:
    return _case_study(objects, CaseStudy.Status.SUBMITTED)


def assessment(objects: Objects) -> Assessment:
    """Organisation A's completed self-assessment."""
    return Assessment.objects.create(
        organisation=objects["org_a"],
        checklist=Checklist.objects.current(),
        started_by=objects.users["admin_a"],
        completed_at=timezone.now(),
        overall_score=40,
    )


BUILDERS = {
    "guide": guide,
    "case_study_published": case_study_published,
    "case_study_draft": case_study_draft,
    "case_study_submitted": case_study_submitted,
    "assessment": assessment,
}

ROWS = [
    # --- Guides and case studies -------------------------------------------------
    Row("toolkit:index", "/toolkit/", everyone(OK)),
    Row("toolkit:guide", "/toolkit/guides/{guide.slug}/", everyone(OK)),
    Row("toolkit:case_studies", "/toolkit/case-studies/", everyone(OK)),
    Row("toolkit:case_study", "/toolkit/case-studies/{case_study_published.pk}/", everyone(OK)),
    # Images are served through a view that applies the case study's own visibility.
    Row(
        "toolkit:case_study_image",
        "/toolkit/case-studies/{case_study_published.pk}/image/",
        everyone(OK),
        page=False,
    ),
    # Organisation members write case studies; people in no organisation are told how.
    Row(
        "toolkit:case_study_new",
        "/toolkit/case-studies/new/",
        only({"member_a": OK, "admin_a": OK, "member_b": OK}),
    ),
    Row(
        "toolkit:case_study_edit",
        "/toolkit/case-studies/{case_study_draft.pk}/edit/",
        only({"member_a": OK, "admin_a": OK, "staff": FORBIDDEN}, others=NOT_FOUND),
    ),
    Row(
        "toolkit:case_study_submit",
        "/toolkit/case-studies/{case_study_draft.pk}/submit/",
        only({"member_a": FOUND, "admin_a": FOUND, "staff": FORBIDDEN}, others=NOT_FOUND),
        method="POST",
        page=False,
    ),
    Row(
        "toolkit:case_study_review",
        "/moderation/case-studies/{case_study_submitted.pk}/",
        only({"staff": OK}),
    ),
    # --- The self-assessment checklist ------------------------------------------------
    Row("toolkit:checklist", "/toolkit/checklist/", everyone(OK)),
    Row(
        "toolkit:checklist_take",
        "/toolkit/checklist/{org_a.slug}/take/",
        only({"member_a": OK, "admin_a": OK}),
    ),
    # An organisation's results are its own (and staff's): others are not told they exist.
    Row(
        "toolkit:checklist_results",
        "/toolkit/checklist/assessments/{assessment.pk}/",
        only({"member_a": OK, "admin_a": OK, "staff": OK}, others=NOT_FOUND),
    ),
]
