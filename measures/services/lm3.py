"""LM3: an organisation records a period's three rounds and the portal works out its
Local Multiplier 3 (``measures.calculations.lm3``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.errors import DomainError

from .. import permissions
from ..calculations import LM3Error, lm3, pounds
from ..models import LM3Survey


@dataclass(frozen=True)
class LM3Input:
    period_start: datetime.date
    period_end: datetime.date
    income: Decimal
    local_supplier_spend: Decimal
    local_staff_spend: Decimal
    supplier_respend_pct: Decimal
    staff_respend_pct: Decimal
    respend_basis: str
    respend_source: str


def lm3_error_message(error: LM3Error) -> str:
    return {
        "negative": _("Amounts and shares cannot be negative."),
        "no_income": _("Enter your income for the period (round 1): LM3 is worked out from it."),
        "round2_over_round1": _(
            "What you spent in Salford (round 2) cannot be more than your income (round 1)."
        ),
        "share_over_100": _("A share cannot be more than 100%."),
    }[error.code]


@transaction.atomic
def lm3_record(*, organisation: Organisation, actor: User, figures: LM3Input) -> LM3Survey:
    """Record (or correct) a period's figures and work out LM3. Recording the same period
    again replaces its figures: the history keeps one LM3 per period."""
    if not permissions.can_record_lm3(actor, organisation):
        raise DomainError(
            _("You can only record LM3 for your own organisations."), code="forbidden"
        )
    if figures.period_end < figures.period_start:
        raise DomainError(_("The period cannot end before it starts."), code="period_order")
    if figures.period_end > timezone.localdate():
        raise DomainError(_("Record LM3 for a period that has ended."), code="future")
    if not figures.respend_source.strip():
        raise DomainError(
            _("Say where the re-spend shares come from: your survey, or the default’s source."),
            code="no_source",
        )
    try:
        result = lm3(
            income=figures.income,
            supplier_spend=figures.local_supplier_spend,
            staff_spend=figures.local_staff_spend,
            supplier_respend_pct=figures.supplier_respend_pct,
            staff_respend_pct=figures.staff_respend_pct,
        )
    except LM3Error as error:
        raise DomainError(lm3_error_message(error), code=error.code) from None
    survey = (
        LM3Survey.objects.select_for_update()
        .filter(
            organisation=organisation,
            period_start=figures.period_start,
            period_end=figures.period_end,
        )
        .first()
    ) or LM3Survey(organisation=organisation)
    for name, value in vars(figures).items():
        setattr(survey, name, value)
    survey.respend_source = " ".join(figures.respend_source.split())
    survey.round2 = pounds(result.round2)
    survey.round3 = pounds(result.round3)
    survey.lm3 = result.multiplier.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    survey.recorded_by = actor
    survey.recorded_at = timezone.now()
    survey.full_clean(validate_unique=False, validate_constraints=False)
    survey.save()
    return survey
