"""A delivery counts once: when a provider says a delivered quantity is also in its
quarterly return, the delivery is linked to that return's figure for the same indicator
and quarter, and totals count the return's figure instead of the delivery.

The link is made from whichever side comes second: saving a return links the deliveries
already reported; reporting a delivery links the return figure already given.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from ..models import Delivery, Return, ReturnValue


def link_deliveries(
    *,
    organisation_id: int,
    returns: Iterable[Return] = (),
    periods: Iterable[datetime.date] = (),
) -> int:
    """Link (or unlink) the provider's deliveries in these returns' quarters; how many
    links changed. Bounded by one organisation's quarters, so small."""
    starts = {r.period_start for r in returns} | set(periods)
    if not starts:
        return 0
    figures = {
        (period, indicator_id): pk
        for pk, period, indicator_id in ReturnValue.objects.filter(
            quarterly_return__organisation_id=organisation_id,
            quarterly_return__period_start__in=starts,
        ).values_list("pk", "quarterly_return__period_start", "indicator_id")
    }
    changed = []
    for pk, period, in_return, linked_to, indicator_id in Delivery.objects.filter(
        commitment__contract__provider_id=organisation_id, period_start__in=starts
    ).values_list("pk", "period_start", "in_return", "return_value_id", "commitment__indicator_id"):
        wanted = figures.get((period, indicator_id)) if in_return else None
        if wanted != linked_to:
            changed.append(Delivery(pk=pk, return_value_id=wanted))
    Delivery.objects.bulk_update(changed, ["return_value"])
    return len(changed)
