"""What both kinds of report use: a period as datetimes, progress steps, LM3 spread."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, QuerySet
from django.utils import timezone

Step = Callable[[int], None]


def no_steps(_percent: int) -> None:
    return None


def day_starts(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as [first moment, moment after) in local time, for DateTimeFields."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return first, after


def median_of(values: QuerySet, field: str, count: int) -> Decimal | None:
    """The median of ``field`` over ``values``, fetched as at most two rows by the
    database (ordered, offset to the middle), so it works on SQLite and PostgreSQL."""
    if not count:
        return None
    ordered = values.order_by(field).values_list(field, flat=True)
    middle = count // 2
    if count % 2:
        return ordered[middle]
    low, high = list(ordered[middle - 1 : middle + 1])
    return (low + high) / 2


def lm3_spread(surveys: QuerySet) -> dict:
    """Count, median, lowest, highest and mean LM3 of ``surveys``: three queries."""
    spread = surveys.aggregate(
        n=Count("pk"), lowest=Min("lm3"), highest=Max("lm3"), mean=Avg("lm3")
    )
    spread["median"] = median_of(surveys, "lm3", spread["n"])
    return spread
