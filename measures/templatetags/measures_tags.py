"""``{% load measures_tags %}``: pounds and pence, and percentages of the way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """``£1,200`` or ``£1,200.50``: whole pounds without pence, otherwise to the penny."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{int(amount):,}"
    return f"{sign}£{amount:,.2f}"


@register.filter
def percent(value, places: int = 0) -> str:
    """``45%``; with ``places=1``, ``45.5%`` (and still ``45%``, not ``45.0%``)."""
    if value is None or value == "":
        return ""
    quantum = Decimal(1).scaleb(-int(places))
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return f"{int(number):,}%"
    return f"{number:,}".rstrip("0") + "%"


@register.filter
def multiplier(value) -> str:
    """An LM3 as people say it: ``1.58``."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"
