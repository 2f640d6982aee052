"""The pledge wall and a pledge's own page: what anyone can read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Sector, Ward
from core import filters as listing
from measures.models import Outcome

from .. import permissions, selectors
from ..models import Campaign, Pledge

PAGE_SIZE = 20
RESIDENT = "resident"  # the "sector" of a personal pledge on the wall's filter


def visible_pledge(request: HttpRequest, pk: int, *, for_page: bool = True) -> Pledge:
    """The pledge, or 404 if this user may not see it. ``for_page`` loads everything its
    page shows (commitments, outcomes, updates); without it, only who pledged."""
    try:
        if for_page:
            pledge = selectors.pledge_for_page(pk=pk)
        else:
            pledge = Pledge.objects.select_related("organisation", "pledger").get(pk=pk)
    except Pledge.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_pledge(request.user, pledge):
        raise Http404
    return pledge


def wall(request: HttpRequest) -> HttpResponse:
    outcomes = list(Outcome.objects.with_theme())
    themes = list({o.theme_id: o.theme for o in outcomes}.values())
    campaigns = list(Campaign.objects.all())
    wards = list(Ward.objects.all())
    sectors = [*Sector.choices, (RESIDENT, _("Residents (personal pledges)"))]
    get = request.GET
    filters = selectors.WallFilters(
        search=listing.search(get),
        theme=listing.choice(get, "theme", {t.slug for t in themes}),
        outcome=listing.choice(get, "outcome", {o.slug for o in outcomes}),
        campaign=listing.choice(get, "campaign", {c.slug for c in campaigns}),
        sector=listing.choice(get, "sector", {value for value, _label in sectors}),
        ward=listing.choice(get, "ward", {w.slug for w in wards}),
    )
    page = Paginator(selectors.pledge_wall(filters), PAGE_SIZE).get_page(get.get("page"))
    return render(
        request,
        "pledges/wall.html",
        {
            "page": page,
            "filters": filters,
            "themes": themes,
            "outcomes": outcomes,
            "campaigns": campaigns,
            "sectors": sectors,
            "wards": wards,
            "query_string": listing.query_string_without(request),
        },
    )


def _has_badge(pledge: Pledge) -> bool:
    """The badge is for public pledges only (the badge URL answers 404 otherwise)."""
    return (
        pledge.status == Pledge.Status.APPROVED
        and not pledge.revision_of_id
        and not (pledge.organisation_id and pledge.organisation.is_suspended)
    )


def _badge_embed(request: HttpRequest, pledge: Pledge) -> str:
    """The HTML an organisation pastes into its own site to show the badge.

    Its links are built from the request, so they name the address the page was served on.
    """
    return format_html(
        '<a href="{}"><img src="{}" width="300" height="100" alt="{}"></a>',
        request.build_absolute_uri(pledge.get_absolute_url()),
        request.build_absolute_uri(reverse("pledges:badge", kwargs={"pk": pledge.pk})),
        _("%(name)s pledged to make Salford 10%% Better") % {"name": pledge.pledged_by},
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = visible_pledge(request, pk)
    user = request.user
    is_owner = permissions.is_pledge_owner(user, pledge)
    supporters = selectors.pledge_supporters(pledge=pledge)
    context = {
        "pledge": pledge,
        "commitments": list(pledge.commitments.all()),
        "percent": selectors.pledge_progress_percent(pledge),
        "supporters": supporters,
        "supporters_more": max(0, pledge.support_count - len(supporters)),
        "is_owner": is_owner,
        "can_support": permissions.can_support(user, pledge),
        "can_report_concern": permissions.can_report_concern(user, pledge),
        "can_post_progress": permissions.can_post_progress(user, pledge),
        "can_edit": is_owner and permissions.can_edit_pledge(user, pledge),
        "can_withdraw": permissions.can_withdraw_pledge(user, pledge),
        "can_renew": permissions.can_renew_pledge(user, pledge),
        "embed_html": _badge_embed(request, pledge) if _has_badge(pledge) else "",
    }
    if is_owner and pledge.status == Pledge.Status.APPROVED:
        context["pending_revision"] = Pledge.objects.filter(revision_of=pledge).first()
    if context["can_support"]:
        context["supports"] = selectors.user_supports(user=user, pledge=pledge)
    if is_owner or permissions.is_alliance_staff(user):
        context["history"] = selectors.pledge_history(pledge=pledge)
    return render(request, "pledges/detail.html", context)
