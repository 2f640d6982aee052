"""The social value register: the contracts a person's organisations are party to (every
contract, for staff), what the register says about them, and one contract's page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import filters as listing
from core import submissions
from core.errors import DomainError

from .. import permissions, services
from ..forms.contracts import CommitmentForm, CommitmentFormSet, ContractForm
from ..models import Contract, ContractCommitment, Delivery, Indicator
from ..selectors import contracts as selectors
from ._common import PAGE_SIZE

SIDES = {"commissioned", "provided"}


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.for_organisations().with_framework())


def contract_or_404(
    request: HttpRequest, pk: int, allowed: Callable[..., bool] | None = None
) -> Contract:
    """The contract, or 404 for someone not party to it, or 403 when ``allowed`` says no."""
    try:
        contract = selectors.contract_for_page(pk=pk)
    except Contract.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_contract(request.user, contract):
        raise Http404
    if allowed is not None and not allowed(request.user, contract):
        raise PermissionDenied
    return contract


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_use_contracts(user):
        return render(request, "measures/contracts/no_organisation.html", status=403)
    filters = selectors.ContractFilters(
        side=listing.choice(request.GET, "side", SIDES),
        search=listing.search(request.GET),
        organisation=listing.search(request.GET, "organisation", max_length=160),
    )
    contracts = selectors.contracts_for(user=user, filters=filters)
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/contracts/index.html",
        {
            "page": page,
            "filters": filters,
            "register": selectors.register(contracts),
            "query_string": listing.query_string_without(request),
            "can_record": bool(permissions.commissioning_organisations(user)),
            "is_staff": permissions.is_alliance_staff(user),
        },
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    commissioners = permissions.commissioning_organisations(request.user)
    if not commissioners:
        raise PermissionDenied
    indicators = _indicators()
    # A link can say which of the commissioner's organisations the contract is for.
    chosen = {o.slug: o.pk for o in commissioners}.get(request.GET.get("commissioner", ""))
    form = ContractForm(
        request.POST or None,
        commissioners=commissioners,
        initial={"commissioner": chosen} if chosen else None,
    )
    formset = CommitmentFormSet(request.POST or None, indicators=indicators, prefix="commitment")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            contract = submissions.once(
                request,
                lambda: services.contract_create(
                    actor=request.user,
                    commissioner=form.chosen_commissioner(),
                    details=form.details(),
                    commitments=formset.commitments(),
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contract is in the register."))
            return redirect(contract)
    return render(request, "measures/contracts/form.html", {"form": form, "formset": formset})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    user = request.user
    lines = selectors.contract_commitments(contract=contract)
    register = selectors.register(Contract.objects.filter(pk=contract.pk))
    return render(
        request,
        "measures/contracts/detail.html",
        {
            "contract": contract,
            "lines": lines,
            "register": register,
            "deliveries": selectors.contract_deliveries(contract=contract),
            "can_edit": permissions.can_edit_contract(user, contract),
            "can_report": permissions.can_report_delivery(user, contract),
            # Deliveries are reported quarter by quarter once the contract has started.
            "started": contract.starts_on <= timezone.localdate(),
            "waiting_status": Delivery.Status.REPORTED,
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk, permissions.can_edit_contract)
    form = ContractForm(
        request.POST or None, commissioners=[contract.commissioner], contract=contract
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(contract=contract, actor=request.user, details=form.details())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contract is updated."))
            return redirect(contract)
    return render(request, "measures/contracts/form.html", {"form": form, "contract": contract})


@login_required
def commitment_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk, permissions.can_edit_contract)
    form = CommitmentForm(request.POST or None, indicators=_indicators())
    if request.method == "POST" and form.is_valid():
        try:
            submissions.once(
                request,
                lambda: services.commitment_add(
                    contract=contract, actor=request.user, item=form.commitment()
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The commitment is added to the contract."))
            return redirect(contract)
    return render(
        request, "measures/contracts/commitment_form.html", {"form": form, "contract": contract}
    )


@require_POST
@login_required
def commitment_remove(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk, permissions.can_edit_contract)
    try:
        commitment = contract.commitments.select_related("indicator").get(pk=commitment_pk)
    except ContractCommitment.DoesNotExist:
        raise Http404 from None
    try:
        services.commitment_remove(commitment=commitment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The commitment on %(name)s is removed.") % {"name": commitment.indicator.name},
        )
    return redirect(contract)
