"""Figures as people write them: ``{% load numbers %}`` then ``|figure``, ``|measure:unit``,
``|figure_only:unit`` and ``|pct``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

PERCENT_UNITS = {"%", "percent", "per cent"}


@register.filter
def pct(value) -> int:
    """A whole percentage from 0 to 100, for the ``w-pct-N`` width classes."""
    try:
        return max(0, min(100, round(float(value))))
    except (TypeError, ValueError):
        return 0


@register.filter
def figure(value) -> str:
    """A number as people write it: ``46,900``, ``2.5``; no trailing ``.00``."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,}".rstrip("0")


@register.filter
def measure(value, unit: str) -> str:
    """A figure with its unit: ``10%``, ``£1,200``, ``25 people``."""
    number = figure(value)
    unit = (unit or "").strip()
    if unit in PERCENT_UNITS:
        return f"{number}%"
    if unit == "£":
        return f"£{number}"
    return f"{number} {unit}".strip()


@register.filter
def figure_only(value, unit: str) -> str:
    """The figure reached, as in "8 of 12 people": with the unit only where it is a sign
    (``8%``, ``£120``) that reads naturally before "of"."""
    unit = (unit or "").strip()
    return measure(value, unit) if unit in PERCENT_UNITS or unit == "£" else figure(value)
