"""City figures and the uploads that bring them."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import CityFigure, ImportJob, Indicator

RECENT_IMPORTS = 5


def city_figures(*, indicator: str = "") -> QuerySet[CityFigure]:
    figures = CityFigure.objects.select_related("indicator", "entered_by")
    if indicator:
        figures = figures.filter(indicator__slug=indicator)
    return figures.order_by("-period_end", "indicator__order", "indicator__name", "pk")


def city_figures_for_download() -> QuerySet[CityFigure]:
    return CityFigure.objects.select_related("indicator").order_by(
        "indicator__order", "indicator__name", "period_start", "period_end"
    )


def indicators_with_theme() -> list[Indicator]:
    return list(Indicator.objects.active().with_framework())


def recent_imports(*, kind: str, organisation=None) -> list[ImportJob]:
    jobs = ImportJob.objects.filter(kind=kind).select_related("created_by")
    if organisation is not None:
        jobs = jobs.filter(organisation=organisation)
    return list(jobs.order_by("-created_at", "-pk")[:RECENT_IMPORTS])
