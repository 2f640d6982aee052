"""Template helpers for pledges: a pledge's progress and the outcomes it serves.

Figures and units are ``core``'s ``numbers`` filters."""

from __future__ import annotations

from django import template

from ..models import Pledge
from ..selectors import pledge_progress_percent

register = template.Library()


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
