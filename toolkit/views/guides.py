"""The toolkit's front page with its guides, and a guide's own page: what anyone can read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from measures.models import Outcome

from .. import selectors
from ..models import Audience, Guide, Kind, Stage

PAGE_SIZE = 12
SEARCH_MAX = 100


def _choice(value: str, allowed) -> str:
    """``value`` when it is one of ``allowed``; anything else is ignored, not an error."""
    return value if value in allowed else ""


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def index(request: HttpRequest) -> HttpResponse:
    outcomes = list(Outcome.objects.with_theme())
    get = request.GET
    filters = selectors.GuideFilters(
        search=get.get("q", "").strip()[:SEARCH_MAX],
        audience=_choice(get.get("audience", ""), Audience.values),
        stage=_choice(get.get("stage", ""), Stage.values),
        kind=_choice(get.get("kind", ""), Kind.values),
        outcome=_choice(get.get("outcome", ""), {o.slug for o in outcomes}),
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
            "query_string": _without_page(request),
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
