"""What people do with a pledge: support it, report a concern, post progress, show a badge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from core import submissions
from core.cache import CacheUnavailable, limit_exceeded
from core.errors import DomainError
from core.http import client_key

from .. import permissions, services
from ..forms import ConcernForm, ProgressUpdateForm
from ..models import Pledge, ProgressUpdate
from .public import visible_pledge

BADGE_NAME_MAX = 38  # characters that fit on one line of the badge


# The support form says what the person wants, not "toggle": sent twice, from two tabs
# or by a double click, it ends where they meant it to.
SUPPORT, WITHDRAW = "support", "withdraw"


@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        # Back to the pledge after logging in: the support URL itself only takes a POST.
        return redirect_to_login(reverse("pledges:detail", kwargs={"pk": pk}))
    pledge = visible_pledge(request, pk, for_page=False)
    wanted = request.POST.get("support")
    if wanted not in (SUPPORT, WITHDRAW):
        raise BadRequest("The support form says neither support nor withdraw.")
    if not permissions.can_support(request.user, pledge):
        if pledge.status != Pledge.Status.APPROVED:
            messages.error(request, _("Only an approved pledge can be supported."))
        else:
            messages.error(
                request, _("Support comes from others: you cannot support your own pledge.")
            )
        return redirect(pledge)
    try:
        if wanted == SUPPORT:
            services.support_add(pledge=pledge, user=request.user)
        else:
            services.support_withdraw(pledge=pledge, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if wanted == SUPPORT:
            messages.success(request, _("Thank you: you now support this pledge."))
        else:
            messages.success(request, _("You no longer support this pledge."))
    return redirect(pledge)


CONCERNS_PER_HOUR = 5


def _concern_refusal(request: HttpRequest) -> tuple[str, int] | None:
    """Why this concern cannot be taken now, with the status to answer, or None.
    Anyone may report a concern, so reports are counted per address to stop floods;
    when they cannot be counted (the cache is down), reports wait rather than go
    unlimited."""
    try:
        too_many = limit_exceeded(
            f"pledges:concerns:{client_key(request)}",
            limit=CONCERNS_PER_HOUR,
            period=3600,
        )
    except CacheUnavailable:
        return _("We cannot take reports for a moment. Please try again shortly."), 503
    if too_many:
        return _("You have sent several concerns in the last hour. Please try again later."), 429
    return None


def concern(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = visible_pledge(request, pk, for_page=False)
    if not permissions.can_report_concern(request.user, pledge):
        raise PermissionDenied
    form = ConcernForm(request.POST or None)
    if request.user.is_authenticated:
        del form.fields["email"]  # staff can reach a signed-in reporter already
    refusal = _concern_refusal(request) if request.method == "POST" else None
    if refusal:
        message, status = refusal
        form.add_error(None, message)
        context = {"pledge": pledge, "form": form}
        return render(request, "pledges/concern_form.html", context, status=status)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.once(
                request,
                lambda: services.concern_report(
                    pledge=pledge,
                    text=form.cleaned_data["text"],
                    reporter=request.user,
                    reporter_email=form.cleaned_data.get("email", ""),
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. Alliance staff will look at your concern about this pledge."),
            )
            return redirect(pledge)
    return render(request, "pledges/concern_form.html", {"pledge": pledge, "form": form})


def progress(request: HttpRequest, pk: int, commitment_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    pledge = visible_pledge(request, pk)
    commitment = next((c for c in pledge.commitments.all() if c.pk == commitment_id), None)
    if commitment is None:
        raise Http404
    if not permissions.can_post_progress(request.user, pledge):
        raise PermissionDenied
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submissions.once(
                request,
                lambda: services.progress_update_add(
                    commitment=commitment,
                    author=request.user,
                    text=data["text"],
                    figure=data["figure"],
                    evidence=data["evidence"],
                    marks_done=data["marks_done"],
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your progress update is published."))
            return redirect(f"{pledge.get_absolute_url()}#commitment-{commitment.pk}")
    return render(
        request,
        "pledges/progress_form.html",
        {"pledge": pledge, "commitment": commitment, "form": form},
    )


@require_safe
@cache_control(public=True, max_age=3600)
def badge(request: HttpRequest, pk: int) -> HttpResponse:
    """The SVG badge organisations put on their own sites: only for a public pledge."""
    pledge = Pledge.objects.public().select_related("organisation", "pledger").filter(pk=pk).first()
    if pledge is None:
        raise Http404
    name = pledge.pledged_by
    if len(name) > BADGE_NAME_MAX:
        name = name[: BADGE_NAME_MAX - 1].rstrip() + "…"
    svg = render_to_string(
        "pledges/badge.svg", {"pledge": pledge, "name": name, "full_name": pledge.pledged_by}
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_safe
def evidence(request: HttpRequest, pk: int, update_id: int) -> FileResponse:
    """Evidence is always downloaded, never shown inline, so an uploaded file cannot act
    as a page of the portal."""
    pledge = visible_pledge(request, pk, for_page=False)
    update = get_object_or_404(ProgressUpdate, pk=update_id, commitment__pledge=pledge)
    if not update.evidence:
        raise Http404
    try:
        # Through the storage API: local disk or the object store (docs/operations.md).
        handle = update.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=update.evidence.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
