"""Writing pledges: make one, edit a draft, preview and submit it, change an approved one
through moderation, withdraw, renew, and the list of one's own pledges.

Each view: load the pledge (404 for someone who may not see it), check permission (403),
validate, call one service, render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions as account_permissions
from accounts.roles import ROLES_CACHE_FAMILY
from accounts.selectors import ORGANISATIONS_CACHE_FAMILY, PEOPLE_CACHE_FAMILY
from core import fragments, submissions
from core.cache import cached_part, variant
from core.errors import DomainError

from .. import permissions, selectors, services
from ..forms import PledgeEditor, WithdrawForm
from ..models import Pledge
from ..selectors import PLEDGES_CACHE_FAMILY

PAGE_SIZE = 20


def _pledge(request: HttpRequest, pk: int, allowed: Callable[..., bool] | None = None) -> Pledge:
    """The pledge with its commitments, or 404 if this user may not see it, or 403 if
    ``allowed(user, pledge)`` says no."""
    try:
        pledge = selectors.pledge_for_page(pk=pk)
    except Pledge.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_pledge(request.user, pledge):
        raise Http404
    if allowed is not None and not allowed(request.user, pledge):
        raise PermissionDenied
    return pledge


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _announce_step(request: HttpRequest, editor: PledgeEditor) -> None:
    """Say what "Add another commitment" or "Remove" did: the page reloads without it."""
    if editor.step == editor.ADDED:
        messages.info(request, _("A blank commitment has been added at the end."))
    elif editor.step == editor.FULL:
        messages.info(
            request,
            _("A pledge can have at most %(n)s commitments.") % {"n": services.MAX_COMMITMENTS},
        )
    elif editor.step == editor.REMOVED and editor.removed_number:
        messages.info(
            request,
            _("Commitment %(n)s has been removed. Nothing is saved until you save the draft.")
            % {"n": editor.removed_number},
        )


def _to_draft(pledge: Pledge) -> HttpResponse:
    """To the page where the person carries on with ``pledge``."""
    if pledge.is_editable:
        return redirect("pledges:edit", pk=pledge.pk)
    return redirect("pledges:preview", pk=pledge.pk)


# ---------------------------------------------------------------------------
# Making and editing a pledge
# ---------------------------------------------------------------------------


@login_required
def pledge_new(request: HttpRequest) -> HttpResponse:
    organisations = account_permissions.organisations_acting_for(request.user)
    editor = PledgeEditor(_posted(request), organisations=organisations)
    if editor.is_valid():
        organisation = editor.organisation()
        if not permissions.can_pledge_for(request.user, organisation):
            raise PermissionDenied
        try:
            pledge = submissions.once(
                request,
                lambda: services.pledge_create(
                    pledger=request.user, organisation=organisation, **editor.pledge_data()
                ),
            )
        except DomainError as error:
            editor.add_error(error.message)
        else:
            messages.success(
                request, _("Your draft is saved. Check it, then submit it for moderation.")
            )
            return redirect("pledges:preview", pk=pledge.pk)
    _announce_step(request, editor)
    return render(request, "pledges/pledge_form.html", {"editor": editor})


@login_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk, permissions.can_edit_pledge)
    if pledge.status == Pledge.Status.APPROVED:
        # On the wall: changes are made on a copy that goes through moderation.
        return render(
            request,
            "pledges/pledge_revise.html",
            {"pledge": pledge, "revision": selectors.pledge_pending_revision(pledge=pledge)},
        )
    editor = PledgeEditor(_posted(request), pledge=pledge)
    if editor.is_valid():
        try:
            services.pledge_update(pledge=pledge, **editor.pledge_data())
        except DomainError as error:
            editor.add_error(error.message)
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect("pledges:preview", pk=pledge.pk)
    _announce_step(request, editor)
    return render(request, "pledges/pledge_form.html", {"editor": editor, "pledge": pledge})


@require_POST
@login_required
def pledge_revise(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk, permissions.can_edit_pledge)
    try:
        revision = services.pledge_start_revision(pledge=pledge, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _to_draft(pledge)
    if not revision.is_editable:
        messages.info(request, _("Your changes are already waiting for moderation."))
    return _to_draft(revision)


# ---------------------------------------------------------------------------
# Checking and submitting
# ---------------------------------------------------------------------------


def _render_preview(request: HttpRequest, pledge: Pledge, submit_error: str = "") -> HttpResponse:
    user = request.user
    return render(
        request,
        "pledges/pledge_preview.html",
        {
            "pledge": pledge,
            "submit_error": submit_error,
            "can_submit": permissions.can_submit_pledge(user, pledge),
            "can_edit": permissions.can_edit_pledge(user, pledge),
            "can_withdraw": permissions.can_withdraw_pledge(user, pledge),
        },
    )


@login_required
def pledge_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_preview(request, _pledge(request, pk))


@require_POST
@login_required
def pledge_submit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk, permissions.can_submit_pledge)
    try:
        services.pledge_submit(pledge=pledge, actor=request.user)
    except DomainError as error:
        return _render_preview(request, pledge, submit_error=error.message)
    messages.success(
        request,
        _(
            "Thank you: your pledge is with the alliance’s staff. We will email you when "
            "they have looked at it."
        ),
    )
    return redirect("pledges:mine")


# ---------------------------------------------------------------------------
# Withdrawing and renewing
# ---------------------------------------------------------------------------


@login_required
def pledge_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk, permissions.can_withdraw_pledge)
    form = WithdrawForm(_posted(request))
    if form.is_valid():
        try:
            services.pledge_withdraw(
                pledge=pledge, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("“%(title)s” is withdrawn.") % {"title": pledge.title})
            return redirect("pledges:mine")
    return render(request, "pledges/pledge_withdraw.html", {"pledge": pledge, "form": form})


@login_required
def pledge_renew(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk, permissions.can_renew_pledge)
    if request.method == "POST":
        try:
            renewal = services.pledge_renew(pledge=pledge, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _to_draft(renewal)
    return render(
        request,
        "pledges/pledge_renew.html",
        {"pledge": pledge, "renewal": selectors.pledge_open_renewal(pledge=pledge)},
    )


# ---------------------------------------------------------------------------
# The person's own pledges
# ---------------------------------------------------------------------------


# What a person's page of their pledges is read from (core.cache).
MY_PLEDGES_FAMILIES = (
    PLEDGES_CACHE_FAMILY,
    ORGANISATIONS_CACHE_FAMILY,
    ROLES_CACHE_FAMILY,
    PEOPLE_CACHE_FAMILY,  # "written by" a member
)


@login_required
def my_pledges(request: HttpRequest) -> HttpResponse:
    user = request.user
    number = request.GET.get("page")
    pledges_html = cached_part(
        f"pledges:mine:{user.pk}:{variant(number)}",
        partial(_render_my_pledges, user, number),
        families=MY_PLEDGES_FAMILIES,
    )
    return render(
        request,
        "pledges/my_pledges.html",
        {
            "pledges_html": fragments.with_csrf(pledges_html, request),
            "organisations": account_permissions.organisations_acting_for(user),
        },
    )


def _render_my_pledges(user, number: str | None) -> str:
    page = Paginator(selectors.user_pledges(user=user), PAGE_SIZE).get_page(number)
    rows = [
        {
            "pledge": pledge,
            "can_edit": permissions.can_edit_pledge(user, pledge),
            "can_withdraw": permissions.can_withdraw_pledge(user, pledge),
            "can_renew": permissions.can_renew_pledge(user, pledge),
        }
        for pledge in page.object_list
    ]
    return fragments.render("pledges/includes/my_pledges_list.html", {"page": page, "rows": rows})
