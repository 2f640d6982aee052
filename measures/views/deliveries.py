"""The provider reports what it delivered under a contract, quarter by quarter, and any
unpredicted value; the commissioner confirms or queries each report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import filters as listing
from core import submissions
from core.errors import DomainError
from core.review import Decision
from core.views import review_page

from .. import permissions, services
from ..forms.contracts import DeliveryReportForm, UnpredictedForm
from ..models import CommitmentKind, Contract, Delivery, Indicator
from ..periods import Quarter, quarters_between
from ..selectors import contracts as selectors
from .contracts import contract_or_404


def _quarters(contract: Contract) -> list[Quarter]:
    """The contract's quarters up to the current one, newest first."""
    today = timezone.localdate()
    last = min(Quarter.containing(today), Quarter.containing(contract.ends_on))
    return list(reversed(quarters_between(Quarter.containing(contract.starts_on), last)))


def _chosen_quarter(request: HttpRequest, contract: Contract) -> tuple[Quarter, list[Quarter]]:
    quarters = _quarters(contract)
    if not quarters:
        raise Http404  # the contract has not started
    data = request.POST if request.method == "POST" else request.GET
    chosen = listing.choice(data, "quarter", {q.code for q in quarters})
    return (Quarter.parse(chosen) if chosen else quarters[0]), quarters


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk, permissions.can_report_delivery)
    quarter, quarters = _chosen_quarter(request, contract)
    lines = selectors.contract_commitments(contract=contract)
    form = DeliveryReportForm(
        request.POST or None,
        lines=lines,
        reported=selectors.quarter_deliveries(contract=contract, period_start=quarter.start),
        quarter=quarter,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.deliveries_report(
                contract=contract, actor=request.user, quarter=quarter, rows=form.deliveries()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your report for %(quarter)s is with %(name)s to confirm.")
                % {"quarter": quarter.short_label, "name": contract.commissioner.name},
            )
            return redirect(contract)
    return render(
        request,
        "measures/contracts/deliveries_form.html",
        {"contract": contract, "form": form, "quarter": quarter, "quarters": quarters},
    )


@login_required
def unpredicted(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk, permissions.can_report_delivery)
    quarter, quarters = _chosen_quarter(request, contract)
    form = UnpredictedForm(
        request.POST or None,
        indicators=list(Indicator.objects.for_organisations().with_framework()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            submissions.once(
                request,
                lambda: services.unpredicted_report(
                    contract=contract, actor=request.user, quarter=quarter, **form.cleaned_data
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The unpredicted value is recorded and is with %(name)s to confirm.")
                % {"name": contract.commissioner.name},
            )
            return redirect(contract)
    return render(
        request,
        "measures/contracts/unpredicted_form.html",
        {"contract": contract, "form": form, "quarter": quarter, "quarters": quarters},
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The commissioner confirms or queries one delivery report."""
    try:
        delivery = selectors.delivery_for_page(pk=pk)
    except Delivery.DoesNotExist:
        raise Http404 from None
    contract = delivery.commitment.contract
    if not permissions.can_view_contract(request.user, contract):
        raise Http404
    if not permissions.can_decide_delivery(request.user, delivery):
        raise PermissionDenied
    if delivery.status != Delivery.Status.REPORTED:
        raise Http404
    indicator = delivery.commitment.indicator
    return review_page(
        request,
        workflow=services.DELIVERY_REVIEW,
        item=delivery,
        template="measures/contracts/delivery_review.html",
        context={
            "delivery": delivery,
            "contract": contract,
            "estimate": indicator.estimate(delivery.quantity),
            "unpredicted": delivery.commitment.kind == CommitmentKind.UNPREDICTED,
        },
        title=f"{indicator.name}, {delivery.quarter.short_label}",
        done_messages={
            Decision.APPROVE: _("Confirmed: %(title)s now counts as delivered."),
            Decision.CHANGES: _("Queried: %(title)s has gone back to the provider."),
        },
        next_url=contract.get_absolute_url(),
    )
