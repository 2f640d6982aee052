"""Staff: the city figures, one at a time or from a spreadsheet, and their download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import filters as listing
from core import submissions
from core.csv import csv_response
from core.errors import DomainError

from .. import permissions, services
from ..forms.fields import UploadForm
from ..forms.figures import CityFigureForm
from ..models import CityFigure, ImportJob
from ..selectors import figures as selectors
from ..services.spreadsheets import CITY_FIGURE_COLUMNS, city_figure_rows
from ._common import PAGE_SIZE


def _staff_only(request: HttpRequest) -> None:
    if not permissions.can_manage_city_figures(request.user):
        raise PermissionDenied


def _save(request: HttpRequest, form: CityFigureForm, figure: CityFigure | None) -> bool:
    try:
        services.city_figure_save(actor=request.user, figure=figure, **form.cleaned_data)
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    indicators = selectors.indicators_with_theme()
    form = CityFigureForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid() and _save(request, form, None):
        messages.success(
            request,
            _("The figure for %(name)s is saved.") % {"name": form.cleaned_data["indicator"].name},
        )
        return redirect("measures:figures")
    chosen = listing.choice(request.GET, "indicator", {i.slug for i in indicators})
    page = Paginator(selectors.city_figures(indicator=chosen), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "measures/figures/index.html",
        {
            "form": form,
            "page": page,
            "indicators": indicators,
            "chosen": chosen,
            "query_string": listing.query_string_without(request),
            "imports": selectors.recent_imports(kind=ImportJob.Kind.CITY_FIGURES),
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    try:
        figure = CityFigure.objects.select_related("indicator").get(pk=pk)
    except CityFigure.DoesNotExist:
        raise Http404 from None
    form = CityFigureForm(
        request.POST or None, indicators=selectors.indicators_with_theme(), figure=figure
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, figure):
        messages.success(request, _("The figure is corrected."))
        return redirect("measures:figures")
    return render(request, "measures/figures/edit.html", {"form": form, "figure": figure})


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = submissions.once(
                request,
                lambda: services.import_job_create(
                    kind=ImportJob.Kind.CITY_FIGURES,
                    upload=form.cleaned_data["file"],
                    actor=request.user,
                ),
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            services.import_job_start(job=job)
            return redirect(job)
    return render(
        request,
        "measures/figures/upload.html",
        {
            "form": form,
            "columns": CITY_FIGURE_COLUMNS,
            "indicators": selectors.indicators_with_theme(),
        },
    )


@login_required
def download(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return csv_response(
        "salford-city-figures.csv",
        list(CITY_FIGURE_COLUMNS),
        city_figure_rows(selectors.city_figures_for_download()),
    )
