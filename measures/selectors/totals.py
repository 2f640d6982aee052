"""Totals of what was delivered: approved return figures and confirmed contract
deliveries, each quantity counted once, summed by the database.

A delivery the provider says is also in its quarterly return is linked to that return's
figure. Once the return is approved, its figure counts and the delivery does not; until
then the confirmed delivery counts on its own. Nothing waiting, queried or returned for
changes counts.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, Sum

from ..models import Delivery, Return, ReturnValue


def delivered_totals(
    *, period_start: datetime.date, period_end: datetime.date
) -> dict[int, Decimal]:
    """Indicator id -> the quantity delivered in quarters within the period. For
    cumulative indicators this adds levels up: read them one quarter at a time."""
    from_returns = (
        ReturnValue.objects.filter(
            quarterly_return__status=Return.Status.APPROVED,
            quarterly_return__period_start__gte=period_start,
            quarterly_return__period_end__lte=period_end,
        )
        .values_list("indicator_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    from_contracts = (
        Delivery.objects.confirmed()
        .filter(period_start__gte=period_start, period_end__lte=period_end)
        .filter(
            Q(return_value__isnull=True)
            | ~Q(return_value__quarterly_return__status=Return.Status.APPROVED)
        )
        .values_list("commitment__indicator_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    totals: dict[int, Decimal] = dict(from_returns)
    for indicator_id, total in from_contracts:
        totals[indicator_id] = totals.get(indicator_id, Decimal(0)) + total
    return totals
