"""The staff work queue (``/moderation/``): what waits, by kind, oldest first.

Concerns about pledges are dealt with here, on the queue, because each is one short form.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import filters as listing
from core import fragments
from core.errors import DomainError
from pledges.forms import ConcernResolutionForm
from pledges.models import ConcernReport
from pledges.services import concern_resolve as concern_resolve_service

from . import selectors
from .permissions import can_use_queue


def _concern_form(concern_id: int, data=None) -> ConcernResolutionForm:
    # One form per concern on the page: the field keeps its name, its id is unique.
    return ConcernResolutionForm(data, auto_id=f"id_concern_{concern_id}_%s")


def _render_queue(
    request: HttpRequest, bound: ConcernResolutionForm | None = None, bound_id: int | None = None
) -> HttpResponse:
    get = request.GET
    kind = listing.choice(get, "kind", selectors.KIND_SLUGS)
    search = listing.search(get)
    page = get.get("page")
    query_string = listing.query_string_without(request)
    sections = selectors.queue_sections(kind=kind, search=search, page=page)
    live = False  # a concern's form shown again as typed, with its error: not kept
    concerns = next((s for s in sections if s.kind.slug == "concerns"), None)
    if bound is not None and concerns is not None:
        _attach_concern_forms(concerns, bound, bound_id)
        live = bound_id in {c.pk for c in concerns.page.object_list}
        if not live:
            # The concern is not on this page of the list: say what went wrong here.
            for error in bound.errors.get("resolution", []):
                messages.error(request, error)
            bound = None
    if live:
        sections_html = _render_sections(sections, search, query_string, bound=True)
    else:
        sections_html = selectors.cached_sections_html(
            sections,
            partial(_render_sections, sections, search, query_string),
            search=search,
            page=page,
        )
    return render(
        request,
        "moderation/queue.html",
        {
            "sections_html": fragments.with_csrf(sections_html, request),
            "kinds": selectors.KINDS,
            "kind": kind,
            "search": search,
            "summary": selectors.pledge_summary(),
            "query_string": query_string,
            "bound_form": bound,
        },
    )


def _attach_concern_forms(section, bound=None, bound_id=None) -> None:
    for concern in section.page.object_list:
        concern.form = bound if concern.pk == bound_id else _concern_form(concern.pk)


def _render_sections(sections, search: str, query_string: str, *, bound: bool = False) -> str:
    """The queue's sections, rendered to be kept and shared by the staff
    (core.fragments); ``bound``: a concern's form is already attached, as typed."""
    concerns = next((s for s in sections if s.kind.slug == "concerns"), None)
    if concerns is not None and not bound:
        _attach_concern_forms(concerns)
    return fragments.render(
        "moderation/includes/sections.html",
        {"sections": sections, "search": search, "query_string": query_string},
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not can_use_queue(request.user):
        raise PermissionDenied
    return _render_queue(request)


@require_POST
@login_required
def concern_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_use_queue(request.user):
        raise PermissionDenied
    concern = get_object_or_404(ConcernReport.objects.select_related("pledge"), pk=pk)
    form = _concern_form(concern.pk, request.POST)
    if form.is_valid():
        try:
            concern_resolve_service(
                concern=concern, actor=request.user, resolution=form.cleaned_data["resolution"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The concern about “%(title)s” is dealt with.") % {"title": concern.pledge.title},
            )
        return redirect("moderation:queue")
    # Show the queue again with this concern's form and its error, keeping what was typed.
    return _render_queue(request, bound=form, bound_id=concern.pk)
