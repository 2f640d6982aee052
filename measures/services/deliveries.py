"""What a provider delivers under a contract, quarter by quarter, and the commissioner's
answer: confirm it (it counts) or query it (the provider corrects it and reports again).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, User
from accounts.roles import COMMISSIONER_GROUP
from core.errors import DomainError
from core.outbox import email_users
from core.review import Decided, Decision, ReviewWorkflow

from .. import permissions
from ..models import (
    CommitmentKind,
    Contract,
    ContractCommitment,
    Delivery,
    DeliveryEvent,
    Indicator,
)
from ..periods import Quarter
from .linking import link_deliveries
from .returns import organisation_admins


@dataclass(frozen=True)
class DeliveryInput:
    commitment: ContractCommitment
    quantity: Decimal | None  # None: nothing to report this quarter
    note: str = ""
    in_return: bool = False


def _record(delivery: Delivery, action: str, actor: User | None, note: str = "") -> None:
    DeliveryEvent.objects.create(delivery=delivery, action=action, actor=actor, note=note)


def _check_quarter(contract: Contract, quarter: Quarter, today: datetime.date) -> None:
    if quarter.start > today:
        raise DomainError(_("You cannot report a quarter that has not started."), code="future")
    if quarter.end < contract.starts_on or quarter.start > contract.ends_on:
        raise DomainError(
            _("The contract runs from %(start)s to %(end)s: choose a quarter in that time.")
            % {
                "start": dateformat.format(contract.starts_on, "j F Y"),
                "end": dateformat.format(contract.ends_on, "j F Y"),
            },
            code="outside_contract",
        )


def _lock_for_provider(contract: Contract, actor: User) -> Contract:
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("commissioner", "provider")
        .get(pk=contract.pk)
    )
    if not permissions.can_report_delivery(actor, contract):
        raise DomainError(
            _("Only the provider, %(name)s, reports what it delivers.")
            % {"name": contract.provider.name},
            code="forbidden",
        )
    return contract


def _tell_commissioner(contract: Contract, quarter: Quarter, count: int) -> None:
    """One message to the commissioner's commissioners: deliveries wait for them."""
    commissioners = [
        m.user
        for m in Membership.objects.filter(
            organisation_id=contract.commissioner_id, user__groups__name=COMMISSIONER_GROUP
        ).select_related("user")
    ]
    email_users(
        users=commissioners,
        template="deliveries_reported",
        context={
            "contract": contract,
            "provider": contract.provider.name,
            "quarter": quarter.label,
            "count": count,
            "url": settings.SITE_URL + contract.get_absolute_url(),
        },
    )


def _save(delivery: Delivery, actor: User, *, quantity: Decimal, note: str, in_return: bool):
    delivery.quantity = quantity
    delivery.note = note.strip()
    delivery.in_return = in_return
    delivery.status = Delivery.Status.REPORTED
    delivery.reported_by = actor
    delivery.reported_at = timezone.now()
    delivery.full_clean(validate_unique=False, validate_constraints=False)
    delivery.save()
    _record(delivery, DeliveryEvent.Action.REPORTED, actor, delivery.note)


@transaction.atomic
def deliveries_report(
    *,
    contract: Contract,
    actor: User,
    quarter: Quarter,
    rows: Iterable[DeliveryInput],
    today: datetime.date | None = None,
) -> list[Delivery]:
    """Report a quarter's deliveries against the contract's commitments. A confirmed
    delivery stays as it is; a queried one is corrected and waits again."""
    today = today or timezone.localdate()
    contract = _lock_for_provider(contract, actor)
    _check_quarter(contract, quarter, today)
    existing = {
        d.commitment_id: d
        for d in Delivery.objects.select_for_update().filter(
            commitment__contract=contract, period_start=quarter.start
        )
    }
    reported = []
    for row in rows:
        if row.commitment.contract_id != contract.pk:
            raise DomainError(_("That commitment is not in this contract."), code="wrong_contract")
        if row.quantity is None:
            continue
        if row.quantity < 0:
            raise DomainError(_("Quantities cannot be negative."), code="negative")
        delivery = existing.get(row.commitment.pk)
        if delivery is not None and delivery.status == Delivery.Status.CONFIRMED:
            if (delivery.quantity, delivery.note, delivery.in_return) != (
                row.quantity,
                row.note.strip(),
                row.in_return,
            ):
                raise DomainError(
                    _(
                        "The commissioner has confirmed what you delivered for “%(name)s” this "
                        "quarter: it cannot change."
                    )
                    % {"name": row.commitment.indicator.name},
                    code="confirmed",
                )
            continue
        if delivery is None:
            delivery = Delivery(
                commitment=row.commitment, period_start=quarter.start, period_end=quarter.end
            )
        _save(delivery, actor, quantity=row.quantity, note=row.note, in_return=row.in_return)
        reported.append(delivery)
    if not reported:
        raise DomainError(_("Enter at least one quantity delivered."), code="nothing")
    link_deliveries(organisation_id=contract.provider_id, periods=[quarter.start])
    _tell_commissioner(contract, quarter, len(reported))
    return reported


@transaction.atomic
def unpredicted_report(
    *,
    contract: Contract,
    actor: User,
    quarter: Quarter,
    indicator: Indicator,
    description: str,
    quantity: Decimal,
    note: str = "",
    in_return: bool = False,
    today: datetime.date | None = None,
) -> Delivery:
    """Social value nobody promised, produced during the contract: the provider records
    it with what it delivered, and the commissioner confirms it like any delivery."""
    today = today or timezone.localdate()
    contract = _lock_for_provider(contract, actor)
    _check_quarter(contract, quarter, today)
    if not indicator.is_active or not indicator.organisations_report:
        raise DomainError(
            _("“%(name)s” cannot be reported for a contract.") % {"name": indicator.name},
            code="city_only",
        )
    if not description.strip():
        raise DomainError(_("Say what the unpredicted value was."), code="no_description")
    commitment = ContractCommitment(
        contract=contract,
        kind=CommitmentKind.UNPREDICTED,
        indicator=indicator,
        description=" ".join(description.split()),
        created_by=actor,
    )
    commitment.full_clean(validate_constraints=False)
    commitment.save()
    delivery = Delivery(commitment=commitment, period_start=quarter.start, period_end=quarter.end)
    _save(delivery, actor, quantity=quantity, note=note, in_return=in_return)
    link_deliveries(organisation_id=contract.provider_id, periods=[quarter.start])
    _tell_commissioner(contract, quarter, 1)
    return delivery


class DeliveryReview(ReviewWorkflow):
    """The contract's commissioner confirms a delivery report or queries it."""

    model = Delivery
    event_model = DeliveryEvent
    event_field = "delivery"
    waiting_status = Delivery.Status.REPORTED
    decisions = (Decision.APPROVE, Decision.CHANGES)
    lock_related = (
        "commitment__indicator",
        "commitment__contract__commissioner",
        "commitment__contract__provider",
    )
    mail_prefix = "delivery"
    audience = gettext_lazy("the provider")
    labels = {
        Decision.APPROVE: gettext_lazy("Confirm: it was delivered"),
        Decision.CHANGES: gettext_lazy("Query it"),
    }
    forbidden_message = gettext_lazy(
        "Only a commissioner in the contract’s commissioning organisation confirms deliveries."
    )
    not_waiting_message = gettext_lazy("This delivery is not waiting for confirmation.")

    def may_decide(self, actor, item) -> bool:
        return permissions.can_decide_delivery(actor, item)

    def recipients(self, delivery: Delivery) -> list[User]:
        provider_id = delivery.commitment.contract.provider_id
        return [delivery.reported_by, *organisation_admins(provider_id)]

    def mail_context(self, delivery: Delivery) -> dict:
        contract = delivery.commitment.contract
        return {
            "delivery": delivery,
            "contract": contract,
            "commissioner": contract.commissioner.name,
            "indicator": delivery.commitment.indicator.name,
            "quarter": delivery.quarter.label,
            "url": settings.SITE_URL + contract.get_absolute_url(),
        }

    def on_approve(self, delivery: Delivery, *, actor: User, note: str) -> Decided:
        delivery.status = Delivery.Status.CONFIRMED
        delivery.decided_by = actor
        delivery.decided_at = timezone.now()
        delivery.query_note = ""
        delivery.save(update_fields=["status", "decided_by", "decided_at", "query_note"])
        return Decided(delivery, DeliveryEvent.Action.CONFIRMED)

    def on_changes(self, delivery: Delivery, *, actor: User, note: str) -> Decided:
        delivery.status = Delivery.Status.QUERIED
        delivery.decided_by = actor
        delivery.decided_at = timezone.now()
        delivery.query_note = note
        delivery.save(update_fields=["status", "decided_by", "decided_at", "query_note"])
        return Decided(delivery, DeliveryEvent.Action.QUERIED)


DELIVERY_REVIEW = DeliveryReview()


def delivery_confirm(*, delivery: Delivery, actor: User, note: str = "") -> Delivery:
    return DELIVERY_REVIEW.decide(delivery, actor=actor, decision=Decision.APPROVE, note=note)


def delivery_query(*, delivery: Delivery, actor: User, question: str) -> Delivery:
    return DELIVERY_REVIEW.decide(delivery, actor=actor, decision=Decision.CHANGES, note=question)
