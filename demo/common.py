"""What every demo builder shares: time steps and weighted choices."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def weighted(rng: random.Random, options: Sequence[tuple]):
    """One value from ``(value, weight)`` pairs."""
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]
