"""Case studies: the published list, a case study's page, writing one, and the staff's
review of a submitted one.

Each view: load the case study (404 for someone who may not see it), check permission
(403), validate, call one service or selector, render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import permissions as account_permissions
from accounts.models import Sector
from core import filters as listing
from core import submissions
from core.errors import DomainError
from core.review import Decision
from core.views import review_page
from measures.models import Outcome

from .. import permissions, selectors, services
from ..forms.case_studies import (
    IMAGE_CONTENT_TYPES,
    IMAGE_EXTENSIONS,
    QUALITY_FIELDS,
    CaseStudyForm,
)
from ..models import CaseStudy, CLESQuality
from ..services.case_studies import CASE_STUDY_REVIEW

PAGE_SIZE = 12


def _case_study(
    request: HttpRequest, pk: int, allowed: Callable[..., bool] | None = None
) -> CaseStudy:
    """The case study with what its page shows, or 404 if this user may not see it, or
    403 if ``allowed(user, case_study)`` says no."""
    try:
        case_study = selectors.case_study_for_page(pk=pk)
    except CaseStudy.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_case_study(request.user, case_study):
        raise Http404
    if allowed is not None and not allowed(request.user, case_study):
        raise PermissionDenied
    return case_study


def _outcomes() -> list[Outcome]:
    return list(Outcome.objects.with_theme())


# ---------------------------------------------------------------------------
# What anyone can read
# ---------------------------------------------------------------------------


def case_study_list(request: HttpRequest) -> HttpResponse:
    outcomes = _outcomes()
    get = request.GET
    filters = selectors.CaseStudyFilters(
        search=listing.search(get),
        sector=listing.choice(get, "sector", Sector.values),
        quality=listing.choice(get, "quality", CLESQuality.values),
        outcome=listing.choice(get, "outcome", {o.slug for o in outcomes}),
    )
    page = Paginator(selectors.published_case_studies(filters), PAGE_SIZE).get_page(get.get("page"))
    return render(
        request,
        "toolkit/case_studies/list.html",
        {
            "page": page,
            "filters": filters,
            "sectors": Sector.choices,
            "qualities": CLESQuality.choices,
            "outcomes": outcomes,
            "query_string": listing.query_string_without(request),
            "can_submit": permissions.can_submit_case_study(request.user),
        },
    )


def _render_detail(
    request: HttpRequest, case_study: CaseStudy, submit_error: str = ""
) -> HttpResponse:
    user = request.user
    is_member = account_permissions.is_member(user, case_study.organisation)
    is_staff = permissions.is_alliance_staff(user)
    can_edit = permissions.can_edit_case_study(user, case_study)
    context = {
        "case_study": case_study,
        "outcomes": list(case_study.outcomes.all()),
        "qualities": _qualities_shown(case_study),
        "is_member": is_member,
        "can_edit": can_edit,
        "can_submit": can_edit,
        "can_review": is_staff and case_study.status == CaseStudy.Status.SUBMITTED,
        "submit_error": submit_error,
    }
    if is_member or is_staff:
        context["history"] = selectors.case_study_history(case_study=case_study)
    return render(request, "toolkit/case_studies/detail.html", context)


def _qualities_shown(case_study: CaseStudy) -> list[tuple[str, str]]:
    """(quality, the CLES line that explains it) for each quality the story shows."""
    return [
        (quality.label, line) for name, quality, line in QUALITY_FIELDS if getattr(case_study, name)
    ]


def case_study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _case_study(request, pk))


@require_safe
def case_study_image(request: HttpRequest, pk: int) -> FileResponse:
    """The image, to whoever may see the case study (a draft's image is not public)."""
    try:
        case_study = CaseStudy.objects.select_related("organisation").get(pk=pk)
    except CaseStudy.DoesNotExist:
        raise Http404 from None
    if not case_study.image or not permissions.can_view_case_study(request.user, case_study):
        raise Http404
    kind = IMAGE_EXTENSIONS.get(case_study.image.name.rsplit(".", 1)[-1].lower())
    if kind is None:
        raise Http404
    try:
        handle = case_study.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=IMAGE_CONTENT_TYPES[kind])
    response["X-Content-Type-Options"] = "nosniff"
    if case_study.status == CaseStudy.Status.APPROVED:
        response["Cache-Control"] = "public, max-age=3600"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------
# Writing a case study
# ---------------------------------------------------------------------------


@login_required
def case_study_new(request: HttpRequest) -> HttpResponse:
    organisations = account_permissions.organisations_acting_for(request.user)
    if not organisations:
        # Not a bare 403: say how to become able to write one.
        return render(request, "toolkit/case_studies/no_organisation.html", status=403)
    form = CaseStudyForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        outcomes=_outcomes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_study = submissions.once(
                request,
                lambda: services.case_study_create(
                    author=request.user,
                    organisation=form.chosen_organisation(),
                    **form.case_study_data(),
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your draft is saved. Check it, then submit it for moderation.")
            )
            return redirect(case_study)
    return render(request, "toolkit/case_studies/form.html", {"form": form})


@login_required
def case_study_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case_study = _case_study(request, pk, permissions.can_edit_case_study)
    form = CaseStudyForm(
        request.POST or None,
        request.FILES or None,
        organisations=[case_study.organisation],
        outcomes=_outcomes(),
        case_study=case_study,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_study_update(
                case_study=case_study, actor=request.user, **form.case_study_data()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(case_study)
    return render(
        request, "toolkit/case_studies/form.html", {"form": form, "case_study": case_study}
    )


@require_POST
@login_required
def case_study_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case_study = _case_study(request, pk, permissions.can_edit_case_study)
    try:
        services.case_study_submit(case_study=case_study, actor=request.user)
    except DomainError as error:
        return _render_detail(request, case_study, submit_error=error.message)
    messages.success(
        request,
        _(
            "Thank you: your case study is with the alliance’s staff. We will email you when "
            "they have read it."
        ),
    )
    return redirect(case_study)


# ---------------------------------------------------------------------------
# Staff: the review of a submitted case study
# ---------------------------------------------------------------------------


@login_required
def moderation_review(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    try:
        case_study = selectors.case_study_for_page(pk=pk)
    except CaseStudy.DoesNotExist:
        raise Http404 from None
    if case_study.status != CaseStudy.Status.SUBMITTED:
        raise Http404
    return review_page(
        request,
        workflow=CASE_STUDY_REVIEW,
        item=case_study,
        template="toolkit/moderation/case_study_review.html",
        context={
            "case_study": case_study,
            "outcomes": list(case_study.outcomes.all()),
            "qualities": _qualities_shown(case_study),
        },
        title=case_study.title,
        done_messages={
            Decision.APPROVE: _("“%(title)s” is published; the organisation has been told."),
            Decision.CHANGES: _(
                "“%(title)s” has gone back to the organisation with your comments."
            ),
            Decision.REJECT: _("“%(title)s” is rejected; the organisation has been told why."),
        },
    )
