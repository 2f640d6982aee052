"""The toolkit's front page with its guides, and a guide's own page: what anyone can read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core import filters as listing
from measures.models import Outcome

from .. import selectors
from ..models import Audience, Guide, Kind, Stage

PAGE_SIZE = 12


def index(request: HttpRequest) -> HttpResponse:
    outcomes = list(Outcome.objects.with_theme())
    get = request.GET
    filters = selectors.GuideFilters(
        search=listing.search(get),
        audience=listing.choice(get, "audience", Audience.values),
        stage=listing.choice(get, "stage", Stage.values),
        kind=listing.choice(get, "kind", Kind.values),
        outcome=listing.choice(get, "outcome", {o.slug for o in outcomes}),
    )
    page = Paginator(selectors.guide_list(filters), PAGE_SIZE).get_page(get.get("page"))
    return render(
        request,
        "toolkit/index.html",
        {
            "page": page,
            "filters": filters,
            "audiences": Audience.choices,
            "stages": Stage.choices,
            "kinds": Kind.choices,
            "outcomes": outcomes,
            "query_string": listing.query_string_without(request),
        },
    )


def guide(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = selectors.guide_get(slug=slug, user=request.user)
    except Guide.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "toolkit/guide.html",
        {"guide": found, "related": selectors.related_guides(found)},
    )
