"""Template helpers for pledges: an organisation's pledge cards, progress and figures."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from ..models import Pledge
from ..selectors import organisation_public_pledges, pledge_progress_percent

register = template.Library()

ORGANISATION_PAGE_PLEDGES = 12
PERCENT_UNITS = {"%", "percent", "per cent"}


@register.inclusion_tag("pledges/includes/organisation_pledges.html")
def organisation_pledges(organisation, can_pledge: bool = False) -> dict:
    """The organisation's public pledges as cards, newest first, for its page."""
    pledges = list(
        organisation_public_pledges(organisation=organisation)[: ORGANISATION_PAGE_PLEDGES + 1]
    )
    return {
        "organisation": organisation,
        "pledges": pledges[:ORGANISATION_PAGE_PLEDGES],
        "more": len(pledges) > ORGANISATION_PAGE_PLEDGES,
        "can_pledge": can_pledge and not organisation.is_suspended,
    }


@register.filter
def pledge_progress(pledge: Pledge) -> int:
    """The pledge's overall progress in per cent (from its prefetched commitments)."""
    return pledge_progress_percent(pledge)


@register.filter
def pledge_outcomes(pledge: Pledge) -> list:
    """The outcomes a pledge's commitments serve, once each, in framework order."""
    seen = {}
    for commitment in pledge.commitments.all():
        for outcome in commitment.outcomes.all():
            seen.setdefault(outcome.pk, outcome)
    return sorted(seen.values(), key=lambda o: o.number)


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
def figure_only(value, unit: str) -> str:
    """The figure reached, as in "8 of 12 people": with the unit only where it is a sign
    (``8%``, ``£120``) that reads naturally before "of"."""
    unit = (unit or "").strip()
    return measure(value, unit) if unit in PERCENT_UNITS or unit == "£" else figure(value)


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
