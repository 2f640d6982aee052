"""An upload's page: its progress while it runs (a small script asks the status URL; a
plain link refreshes without it), then what was saved or every problem found."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .. import permissions
from ..models import ImportJob


def _job(request: HttpRequest, pk: int) -> ImportJob:
    try:
        job = ImportJob.objects.select_related("organisation", "created_by").get(pk=pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_import(request.user, job):
        raise Http404
    return job


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "measures/imports/detail.html", {"job": _job(request, pk)})


@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    response = JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "percent": job.percent,
            "processed": job.processed_rows,
            "total": job.total_rows,
            "finished": job.is_finished,
        }
    )
    response["Cache-Control"] = "no-store"
    return response
