"""Returns: an organisation's quarters, one return, what it reports, its spreadsheet,
the staff's review and who has not reported."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import filters as listing
from core import submissions
from core.csv import csv_response
from core.errors import DomainError
from core.review import Decision
from core.views import review_page

from .. import permissions, services
from ..forms.fields import UploadForm
from ..forms.returns import ReportingPlanForm, ReturnForm
from ..models import ImportJob, Indicator, Return
from ..periods import Quarter, last_ended, recent_quarters
from ..selectors import figures as figure_selectors
from ..selectors import returns as selectors
from ..selectors.totals import delivered_totals
from ..services.spreadsheets import RETURN_COLUMNS, return_rows
from ._common import PAGE_SIZE, organisation_or_403

OUTSTANDING_QUARTERS = 8


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The user's organisations and what each owes."""
    organisations = permissions.organisations_for(request.user)
    today = timezone.localdate()
    summary = selectors.organisations_summary(organisations=organisations, today=today)
    return render(
        request,
        "measures/returns/index.html",
        {
            "rows": [(o, summary.get(o.pk, {})) for o in organisations],
            "is_staff": permissions.is_alliance_staff(request.user),
        },
    )


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    found = organisation_or_403(request, slug, permissions.can_view_returns)
    today = timezone.localdate()
    page = Paginator(selectors.organisation_returns(organisation=found), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "measures/returns/organisation.html",
        {
            "organisation": found,
            "plan": selectors.reporting_plan(organisation=found),
            "attention": selectors.organisation_attention(organisation=found),
            "page": page,
            "today": today,
            "can_edit": permissions.can_edit_returns(request.user, found),
            "imports": figure_selectors.recent_imports(
                kind=ImportJob.Kind.RETURNS, organisation=found
            ),
        },
    )


@login_required
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    found = organisation_or_403(request, slug, permissions.can_edit_returns)
    today = timezone.localdate()
    current = selectors.reporting_plan(organisation=found)
    form = ReportingPlanForm(
        request.POST or None,
        indicators=list(Indicator.objects.for_organisations().with_framework()),
        plan=current,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_plan_set(
                organisation=found,
                actor=request.user,
                indicators=form.chosen(),
                starts_on=form.starts_on_date(),
                today=today,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("What you report is saved."))
            return redirect("measures:organisation_returns", slug=found.slug)
    return render(
        request,
        "measures/returns/plan.html",
        {"organisation": found, "form": form, "plan": current},
    )


def _return(request: HttpRequest, pk: int) -> Return:
    try:
        quarterly_return = selectors.return_for_page(pk=pk)
    except Return.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_return(request.user, quarterly_return):
        raise Http404
    return quarterly_return


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A return: its figures, the form while it is open, and its history."""
    quarterly_return = _return(request, pk)
    can_edit = permissions.can_edit_return(request.user, quarterly_return)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    lines = selectors.return_lines(quarterly_return=quarterly_return)
    form = ReturnForm(request.POST or None, lines=lines) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        try:
            services.return_save(
                quarterly_return=quarterly_return, actor=request.user, values=form.values()
            )
            if submitting:
                services.return_submit(quarterly_return=quarterly_return, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            if submitting:
                form.add_error(None, _("Your figures are saved; the return is not submitted yet."))
        else:
            if submitting:
                messages.success(
                    request,
                    _(
                        "Thank you: the return is with the alliance’s staff. We will email you "
                        "when they have checked it."
                    ),
                )
            else:
                messages.success(
                    request, _("Your figures are saved. Submit the return when it is complete.")
                )
            return redirect(quarterly_return)
    return render(
        request,
        "measures/returns/detail.html",
        {
            "quarterly_return": quarterly_return,
            "organisation": quarterly_return.organisation,
            "lines": lines,
            "form": form,
            "today": timezone.localdate(),
            "history": selectors.return_history(quarterly_return=quarterly_return),
            "can_review": permissions.can_review_returns(request.user)
            and quarterly_return.status == Return.Status.SUBMITTED,
        },
    )


@login_required
def download(request: HttpRequest, slug: str) -> HttpResponse:
    found = organisation_or_403(request, slug, permissions.can_view_returns)
    filename = f"returns-{slugify(found.name)[:60] or 'organisation'}.csv"
    return csv_response(filename, list(RETURN_COLUMNS), return_rows(found))


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    found = organisation_or_403(request, slug, permissions.can_edit_returns)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = submissions.once(
                request,
                lambda: services.import_job_create(
                    kind=ImportJob.Kind.RETURNS,
                    upload=form.cleaned_data["file"],
                    actor=request.user,
                    organisation=found,
                ),
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            services.import_job_start(job=job)
            return redirect(job)
    return render(
        request,
        "measures/returns/upload.html",
        {"organisation": found, "form": form, "columns": RETURN_COLUMNS},
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff's review of a submitted return (from the moderation queue)."""
    if not permissions.can_review_returns(request.user):
        raise PermissionDenied
    try:
        quarterly_return = selectors.return_for_page(pk=pk)
    except Return.DoesNotExist:
        raise Http404 from None
    if quarterly_return.status != Return.Status.SUBMITTED:
        raise Http404
    title = f"{quarterly_return.organisation.name}, {quarterly_return.quarter.short_label}"
    lines = selectors.return_lines(quarterly_return=quarterly_return)
    previous = selectors.previous_approved_values(quarterly_return=quarterly_return)
    return review_page(
        request,
        workflow=services.RETURN_REVIEW,
        item=quarterly_return,
        template="measures/returns/review.html",
        context={
            "quarterly_return": quarterly_return,
            "rows": [(line, previous["values"].get(line.indicator.pk)) for line in lines],
            "previous": previous,
        },
        title=title,
        done_messages={
            Decision.APPROVE: _("The return of %(title)s is approved; its figures now count."),
            Decision.CHANGES: _("The return of %(title)s has gone back with your reasons."),
        },
    )


@login_required
def outstanding(request: HttpRequest) -> HttpResponse:
    """Staff: who has not reported for a quarter, and what the quarter's approved returns
    and confirmed deliveries add up to."""
    if not permissions.can_review_returns(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    quarters = recent_quarters(last_ended(today).start, OUTSTANDING_QUARTERS)
    chosen = listing.choice(request.GET, "quarter", {q.code for q in quarters})
    quarter = Quarter.parse(chosen) if chosen else quarters[0]
    search = listing.search(request.GET)
    page = Paginator(
        selectors.outstanding_organisations(quarter=quarter, search=search), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    totals = delivered_totals(period_start=quarter.start, period_end=quarter.end)
    indicators = Indicator.objects.in_bulk(list(totals))
    return render(
        request,
        "measures/returns/outstanding.html",
        {
            "quarter": quarter,
            "quarters": quarters,
            "search": search,
            "counts": selectors.quarter_counts(quarter=quarter),
            "page": page,
            "query_string": listing.query_string_without(request),
            "totals": sorted(
                ((indicators[pk], total) for pk, total in totals.items()),
                key=lambda row: (row[0].order, row[0].name),
            ),
            "today": today,
        },
    )
