"""The report archive (``/measures/reports/``), a report's page with its progress, its
CSV and its PDF, and staff's "generate now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import submissions
from core.csv import csv_response
from core.errors import DomainError
from core.filters import choice, query_string_without

from .. import services
from ..models import ProgressReport
from ..reports import permissions, selectors
from ..reports import render as rendering
from ..reports.forms import GenerateReportForm


def _archive(request: HttpRequest, form: GenerateReportForm | None = None):
    scope = choice(request.GET, "scope", ProgressReport.Scope.values)
    reports = selectors.reports_for(user=request.user, scope=scope)
    page = Paginator(reports, selectors.ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    can_generate = permissions.can_generate_reports(request.user)
    if can_generate and form is None:
        form = GenerateReportForm()
    context = {
        "page": page,
        "scope": scope,
        "scopes": ProgressReport.Scope.choices,
        "query_string": query_string_without(request),
        "can_generate": can_generate,
        "sees_city": permissions.can_view_city_reports(request.user),
        "form": form,
    }
    return render(request, "reporting/reports/archive.html", context)


@login_required
def archive(request: HttpRequest) -> HttpResponse:
    return _archive(request)


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    if not permissions.can_generate_reports(request.user):
        raise PermissionDenied
    form = GenerateReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = submissions.once(
                request,
                lambda: services.report_request(
                    scope=data["scope"],
                    organisation=data["organisation"],
                    period=services.report_period(scope=data["scope"], day=data["month"]),
                    requested_by=request.user,
                )[0],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The report is being generated: this page shows how far it has got.")
            )
            return redirect(report)
    return _archive(request, form)


def _report(request: HttpRequest, pk: int) -> ProgressReport:
    try:
        report = selectors.report_for_page(pk=pk)
    except ProgressReport.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_report(request.user, report):
        raise Http404
    return report


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    context = {
        "report": report,
        "can_generate": permissions.can_generate_reports(request.user),
        **(rendering.body_context(report) if report.has_figures else {}),
    }
    return render(request, "reporting/reports/detail.html", context)


@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    report = _report(request, pk)
    response = JsonResponse(
        {
            "status": report.status,
            "label": report.get_status_display(),
            "percent": report.progress,
            "finished": report.is_finished,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def download_csv(request: HttpRequest, pk: int):
    report = _report(request, pk)
    if not report.has_figures:
        raise Http404
    return csv_response(
        f"{report.file_stem}.csv", rendering.csv_header(), rendering.csv_rows(report)
    )


@login_required
def download_pdf(request: HttpRequest, pk: int):
    report = _report(request, pk)
    if not report.has_figures or not report.pdf.name:
        raise Http404
    try:
        handle = default_storage.open(report.pdf.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=f"{report.file_stem}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
