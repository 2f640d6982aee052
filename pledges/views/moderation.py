"""Alliance staff moderate pledges and the concerns people report about them.

Each view: check the permission, validate the form, call one service or selector,
render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.registry import moderation_sections
from salford_sv.errors import DomainError

from .. import selectors, services
from ..comparison import compare_revision
from ..forms import ConcernResolutionForm, ModerationDecisionForm
from ..models import ConcernReport, Pledge
from ..permissions import can_moderate

PAGE_SIZE = 20
CONCERNS_PAGE_SIZE = 10


def _require_moderator(request: HttpRequest) -> None:
    if not can_moderate(request.user):
        raise PermissionDenied


def _concern_form(concern_id: int, data=None) -> ConcernResolutionForm:
    # One form per concern on the page: the field keeps its name, its id is unique.
    return ConcernResolutionForm(data, auto_id=f"id_concern_{concern_id}_%s")


def _render_queue(
    request: HttpRequest, bound: ConcernResolutionForm | None = None, bound_id: int | None = None
) -> HttpResponse:
    summary = selectors.moderation_summary()
    page = Paginator(selectors.moderation_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    concerns = Paginator(selectors.open_concerns(), CONCERNS_PAGE_SIZE).get_page(
        request.GET.get("concerns")
    )
    for concern in concerns.object_list:
        concern.form = bound if concern.pk == bound_id else _concern_form(concern.pk)
    if bound is not None and bound_id not in {c.pk for c in concerns.object_list}:
        # The concern is on another page of the list: say what went wrong here instead.
        for error in bound.errors.get("resolution", []):
            messages.error(request, error)
        bound = None
    params = request.GET.copy()
    params.pop("page", None)
    concern_params = request.GET.copy()
    concern_params.pop("concerns", None)
    return render(
        request,
        "pledges/moderation/queue.html",
        {
            "summary": summary,
            "page": page,
            "concerns": concerns,
            "query_string": params.urlencode(),
            "concerns_query_string": concern_params.urlencode(),
            "bound_form": bound,
            # Other apps' kinds of content to moderate (case studies, say).
            "sections": [section(request) for section in moderation_sections()],
        },
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    return _render_queue(request)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    try:
        pledge = selectors.pledge_for_page(pk=pk)
    except Pledge.DoesNotExist:
        raise Http404 from None
    if pledge.status != Pledge.Status.SUBMITTED:
        raise Http404
    form = ModerationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == form.APPROVE:
                services.pledge_approve(pledge=pledge, actor=request.user, note=note)
                message = _("“%(title)s” is approved; the pledger has been told.")
            elif decision == form.CHANGES:
                services.pledge_request_changes(pledge=pledge, actor=request.user, comment=note)
                message = _("“%(title)s” has gone back to the pledger with your comments.")
            else:
                services.pledge_reject(pledge=pledge, actor=request.user, reason=note)
                message = _("“%(title)s” is rejected; the pledger has been told why.")
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, message % {"title": pledge.title})
            return redirect("pledges:moderation_queue")
    context = {
        "pledge": pledge,
        "form": form,
        "history": selectors.pledge_history(pledge=pledge),
    }
    if pledge.revision_of_id:
        original = selectors.pledge_for_page(pk=pledge.revision_of_id)
        context.update(
            original=original,
            comparison=compare_revision(revision=pledge, original=original),
            original_history=selectors.pledge_history(pledge=original),
        )
    return render(request, "pledges/moderation/review.html", context)


@require_POST
@login_required
def concern_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    concern = get_object_or_404(ConcernReport.objects.select_related("pledge"), pk=pk)
    form = _concern_form(concern.pk, request.POST)
    if form.is_valid():
        try:
            services.concern_resolve(
                concern=concern, actor=request.user, resolution=form.cleaned_data["resolution"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The concern about “%(title)s” is dealt with.") % {"title": concern.pledge.title},
            )
        return redirect("pledges:moderation_queue")
    # Show the queue again with this concern's form and its error, keeping what was typed.
    return _render_queue(request, bound=form, bound_id=concern.pk)
