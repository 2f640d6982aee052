"""The documentation page (``/api/``) and the bulk files; the lists are in the domain
modules (``measures``, ``pledges``, ``charter``, ``toolkit``)."""

from __future__ import annotations

import datetime
import zipfile

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from . import selectors
from .catalogue import LISTS
from .services import DATAPACKAGE


def documentation(request: HttpRequest) -> HttpResponse:
    """What a data journalist or an analyst needs to find, understand and reuse the data."""
    latest = selectors.latest_bulk_day()
    return render(
        request,
        "api/index.html",
        {
            "lists": [view.resource for view in LISTS],
            "licence": selectors.licence(),
            "latest_bulk": latest,
            "base": request.build_absolute_uri("/api/v1/"),
        },
    )


@extend_schema(
    summary="The bulk files there are",
    responses=inline_serializer(
        "BulkFiles",
        {
            "latest": serializers.CharField(allow_null=True),
            "latest_datapackage": serializers.CharField(allow_null=True),
            "files": serializers.ListField(child=serializers.CharField()),
        },
    ),
)
@api_view(["GET"])
@renderer_classes([JSONRenderer])
def bulk_index(request) -> Response:
    """Every dated bulk file (a ZIP of every list as CSV with a datapackage.json), newest
    first, and the stable addresses of the latest."""
    days = selectors.bulk_days()
    latest = bool(days)
    return Response(
        {
            "latest": request.build_absolute_uri("/api/v1/bulk/latest.zip") if latest else None,
            "latest_datapackage": (
                request.build_absolute_uri("/api/v1/bulk/latest/datapackage.json")
                if latest
                else None
            ),
            "files": [request.build_absolute_uri(f"/api/v1/bulk/{day}.zip") for day in days],
        }
    )


def _bulk_file(day: datetime.date | None) -> FileResponse:
    if day is None:
        raise Http404("No bulk file has been written yet: they are written every night.")
    path = selectors.bulk_path(day)
    if not default_storage.exists(path):
        raise Http404("There is no bulk file for that day.")
    response = FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=path.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def bulk_latest(request: HttpRequest) -> FileResponse:
    """The newest bulk file, at an address that does not change."""
    return _bulk_file(selectors.latest_bulk_day())


def bulk_dated(request: HttpRequest, day: str) -> FileResponse:
    try:
        return _bulk_file(datetime.date.fromisoformat(day))
    except ValueError:
        raise Http404("Give the day as 2025-01-31.") from None


def bulk_latest_datapackage(request: HttpRequest) -> HttpResponse:
    """The newest bulk file's datapackage.json, read from inside it."""
    day = selectors.latest_bulk_day()
    if day is None:
        raise Http404("No bulk file has been written yet: they are written every night.")
    with (
        default_storage.open(selectors.bulk_path(day), "rb") as file,
        zipfile.ZipFile(file) as archive,
    ):
        descriptor = archive.read(DATAPACKAGE)
    response = HttpResponse(descriptor, content_type="application/json")
    response["Cache-Control"] = "public, max-age=3600"
    return response
