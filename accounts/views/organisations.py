"""Organisations: the public directory, the admins' profile editing and staff decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import filters as listing
from core.errors import DomainError

from .. import permissions, selectors, services
from ..forms import OrganisationForm, StatusChangeForm
from ..models import Sector, Ward
from ._common import organisation_for

PAGE_SIZE = 24


# ---------------------------------------------------------------------------
# Organisations: public pages
# ---------------------------------------------------------------------------


def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "search": request.GET.get("q", "").strip()[:100],
        "sector": request.GET.get("sector", "")
        if request.GET.get("sector") in Sector.values
        else "",
        "ward": request.GET.get("ward", "")[:80],
    }
    page = Paginator(selectors.organisation_list(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": page,
            "filters": filters,
            "sectors": Sector.choices,
            "wards": Ward.objects.all(),
            "query_string": listing.query_string_without(request),
        },
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for(request, slug, permissions.can_edit_organisation)
    form = OrganisationForm.for_organisation(organisation, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.organisation_data())
        except services.DuplicateOrganisation as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("The organisation’s profile is saved."))
            return redirect(organisation)
    return render(
        request, "accounts/organisation_form.html", {"form": form, "organisation": organisation}
    )


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


@require_POST
@login_required
def organisation_status(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_moderate_organisations(request.user):
        raise PermissionDenied
    organisation = organisation_for(request, slug)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        if "reason" not in form.errors:
            messages.error(request, _("Choose what to do with the organisation."))
            return redirect(organisation)
        # A reason too long to keep: say so, and give back every word typed, rather
        # than redirect and lose it (security review, finding 7).
        return render(
            request,
            "accounts/organisation_status.html",
            {"organisation": organisation, "form": form},
        )
    try:
        change = services.organisation_change_status(
            organisation=organisation, actor=request.user, **form.cleaned_data
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s: %(action)s.")
            % {"name": organisation.name, "action": change.get_action_display().lower()},
        )
    return redirect(organisation)
