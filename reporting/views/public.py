"""Pages anyone can read that draw on several apps: home, city progress, an organisation."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import permissions
from accounts import selectors as accounts
from accounts.forms import StatusChangeForm
from accounts.models import Organisation
from charter import permissions as charter_permissions
from charter import selectors as charter
from core.csv import csv_response
from pledges import selectors as pledges

from .. import selectors
from ..selectors import progress as progress_selectors


def home(request: HttpRequest) -> HttpResponse:
    totals = selectors.campaign_totals()
    # A pledge can serve several themes: each bar is the share of all pledges serving it.
    everyone = totals["pledges"] or 1
    themes = [
        {**theme, "percent": round(theme["pledges"] * 100 / everyone)} for theme in totals["themes"]
    ]
    return render(
        request,
        "reporting/home.html",
        {"totals": totals, "themes": themes, "latest": pledges.latest_pledges(limit=6)},
    )


def progress(request: HttpRequest) -> HttpResponse:
    """The eleven outcomes under their themes: where each stands against its target,
    its figures over time, and the pledges and returns toward it."""
    city = progress_selectors.city_progress()
    return render(
        request,
        "reporting/progress.html",
        {
            "progress": city,
            "themes": city.themes,
            "target": city.target,
            "summary": city.summary,
            "chart_data": progress_selectors.trend_chart_data(city),
        },
    )


def progress_csv(request: HttpRequest) -> HttpResponse:
    """Every figure the progress page's trend charts show."""
    city = progress_selectors.city_progress()
    return csv_response(
        "salford-outcome-figures.csv",
        progress_selectors.CSV_HEADER,
        progress_selectors.trend_csv_rows(city),
    )


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's public page: its profile, its pledges, its place on the charter,
    and staff's tools."""
    try:
        found = accounts.organisation_get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    user = request.user
    if not permissions.can_view_organisation(user, found):
        raise Http404
    is_member = permissions.is_member(user, found)
    context = {
        "organisation": found,
        "member_count": accounts.organisation_member_count(organisation=found),
        "can_edit": permissions.can_edit_organisation(user, found),
        "can_view_members": permissions.can_view_members(user, found),
        "can_request_to_join": permissions.can_request_to_join(user, found),
        "can_moderate": permissions.can_moderate_organisations(user),
        "is_member": is_member,
        "can_pledge": is_member and not found.is_suspended,
        "pledges": selectors.organisation_pledges(organisation=found),
        "charter": charter.organisation_charter(organisation=found),
        "can_sign_charter": charter_permissions.can_sign_for(user, found),
    }
    if permissions.can_view_history(user, found):
        context["history"] = accounts.organisation_history(organisation=found)
    if context["can_moderate"]:
        context["status_form"] = StatusChangeForm()
    return render(request, "reporting/organisation.html", context)
