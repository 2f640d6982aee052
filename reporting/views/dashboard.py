"""The commissioners' dashboard: the city's progress and where social value is delivered,
filtered by year, sector and ward in the URL, each figure downloadable as CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Sector
from core import fragments
from core.csv import csv_response
from core.filters import query_string_without

from .. import permissions
from ..selectors import dashboard as selectors


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    wards = selectors.wards()
    filters = selectors.DashboardFilters.from_query(
        request.GET, today=today, ward_slugs=[w.slug for w in wards]
    )
    if "csv" in request.GET:
        figure = selectors.dashboard(filters, today=today).figure(request.GET["csv"])
        if figure is None:
            raise Http404
        name = "-".join(
            part for part in ("salford-dashboard", figure.key, *vars(filters).values()) if part
        )
        return csv_response(f"{name}.csv", figure.csv_header(), figure.csv_rows())
    query = query_string_without(request, "csv", "page")
    csv_query = f"{query}&" if query else ""

    def render_figures(found: selectors.Dashboard) -> str:
        return fragments.render(
            "reporting/includes/dashboard_figures.html",
            {
                "dashboard": found,
                "filters": filters,
                "chart_data": found.chart_data(),
                "csv_query": csv_query,
            },
        )

    generated_at, figures_html = selectors.dashboard_figures_html(
        filters, today=today, render=render_figures, variant=csv_query
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "generated_at": generated_at,
            "figures_html": fragments.with_csrf(figures_html, request),
            "filters": filters,
            "own": selectors.own_contracts(user=request.user),
            "latest_report": selectors.latest_city_report(),
            "period_choices": selectors.financial_year_choices(today),
            "sector_choices": Sector.choices,
            "wards": wards,
        },
    )
