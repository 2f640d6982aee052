"""The social value register: a commissioner records a contract with a provider, and the
core and added social value written into it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.errors import DomainError

from .. import permissions
from ..models import CommitmentKind, Contract, ContractCommitment, Indicator


@dataclass(frozen=True)
class CommitmentInput:
    kind: str
    indicator: Indicator
    promised: Decimal
    due_on: datetime.date
    description: str = ""


@dataclass(frozen=True)
class ContractInput:
    provider: Organisation
    title: str
    reference: str
    category: str
    value: Decimal
    starts_on: datetime.date
    ends_on: datetime.date
    social_value_weighting: Decimal
    is_public: bool = False


def _apply(contract: Contract, details: ContractInput) -> None:
    contract.provider = details.provider
    contract.title = " ".join(details.title.split())
    contract.reference = details.reference.strip()
    contract.category = details.category
    contract.value = details.value
    contract.starts_on = details.starts_on
    contract.ends_on = details.ends_on
    contract.social_value_weighting = details.social_value_weighting
    contract.is_public = details.is_public
    contract.full_clean(validate_constraints=False)


def _commitment(contract: Contract, item: CommitmentInput, actor: User) -> ContractCommitment:
    if item.kind not in (CommitmentKind.CORE, CommitmentKind.ADDED):
        raise DomainError(
            _(
                "A contract promises core or added social value; the provider reports "
                "unpredicted value as it happens."
            ),
            code="bad_kind",
        )
    if not item.indicator.is_active or not item.indicator.organisations_report:
        raise DomainError(
            _("“%(name)s” cannot be promised in a contract.") % {"name": item.indicator.name},
            code="city_only",
        )
    if item.due_on < contract.starts_on:
        raise DomainError(
            _("A commitment cannot be due before the contract starts."), code="due_too_early"
        )
    commitment = ContractCommitment(
        contract=contract,
        kind=item.kind,
        indicator=item.indicator,
        promised=item.promised,
        due_on=item.due_on,
        description=" ".join(item.description.split()),
        created_by=actor,
    )
    commitment.full_clean(validate_constraints=False)
    return commitment


@transaction.atomic
def contract_create(
    *,
    actor: User,
    commissioner: Organisation,
    details: ContractInput,
    commitments: Iterable[CommitmentInput] = (),
) -> Contract:
    """Record a contract and the social value it promises."""
    if not permissions.can_commission_for(actor, commissioner):
        raise DomainError(
            _("Only a commissioner in %(name)s can record its contracts.")
            % {"name": commissioner.name},
            code="forbidden",
        )
    contract = Contract(commissioner=commissioner, created_by=actor)
    _apply(contract, details)
    contract.save()
    ContractCommitment.objects.bulk_create(
        [_commitment(contract, item, actor) for item in commitments]
    )
    return contract


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("commissioner", "provider")
        .get(pk=contract.pk)
    )


def _check_commissioner(actor: User, contract: Contract) -> None:
    if not permissions.can_edit_contract(actor, contract):
        raise DomainError(
            _("Only a commissioner in %(name)s can change this contract.")
            % {"name": contract.commissioner.name},
            code="forbidden",
        )


@transaction.atomic
def contract_update(*, contract: Contract, actor: User, details: ContractInput) -> Contract:
    contract = _locked(contract)
    _check_commissioner(actor, contract)
    if (
        details.provider.pk != contract.provider_id
        and contract.commitments.filter(deliveries__isnull=False).exists()
    ):
        raise DomainError(
            _("The provider has reported deliveries: it cannot be changed."),
            code="provider_fixed",
        )
    _apply(contract, details)
    contract.updated_at = timezone.now()
    contract.save()
    return contract


@transaction.atomic
def commitment_add(*, contract: Contract, actor: User, item: CommitmentInput) -> ContractCommitment:
    contract = _locked(contract)
    _check_commissioner(actor, contract)
    commitment = _commitment(contract, item, actor)
    commitment.save()
    return commitment


@transaction.atomic
def commitment_remove(*, commitment: ContractCommitment, actor: User) -> None:
    """Remove a commitment made in error; one with deliveries stays."""
    contract = _locked(commitment.contract)
    _check_commissioner(actor, contract)
    if commitment.kind == CommitmentKind.UNPREDICTED:
        raise DomainError(
            _("Unpredicted value is the provider’s report: query it instead."),
            code="unpredicted",
        )
    if commitment.deliveries.exists():
        raise DomainError(
            _("The provider has reported against this commitment: it cannot be removed."),
            code="has_deliveries",
        )
    commitment.delete()
