"""The arithmetic of social value, in ``Decimal`` only and free of Django, so each rule
can be checked against a sum worked by hand.

- ``progress``: how far a figure has moved from its baseline toward its target, for
  indicators where up is better and where down is better.
- ``Estimate``: a quantity valued in pounds with a proxy, less deadweight (what would
  have happened anyway) and attribution (the part others caused), with its working.
- ``lm3``: Local Multiplier 3, (round 1 + round 2 + round 3) / round 1.
- ``share``: a part as a percentage of a whole (the local share of contract spend).

Nothing here rounds except where it says so: totals are summed exactly and rounded
only when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)
PENNY = Decimal("0.01")


def pounds(amount: Decimal) -> Decimal:
    """``amount`` to the nearest penny, halves rounded up (away from zero)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when there is no whole to share."""
    if part is None or not whole:
        return None
    return part * HUNDRED / whole


# ---------------------------------------------------------------------------
# Progress toward a target
# ---------------------------------------------------------------------------


def progress(
    *, direction: str, baseline: Decimal, target: Decimal, current: Decimal | None
) -> Decimal | None:
    """Percentage of the way from ``baseline`` to ``target`` that ``current`` has come.

    0 is the baseline and 100 the target; past the target it goes over 100
    (overshoot), and it goes below 0 when the figure moved the wrong way. None when
    there is no figure yet, or no change was sought. ``direction`` is "up" or "down":
    a target on the wrong side of the baseline for its direction is a mistake in the
    framework, and refused.
    """
    if current is None:
        return None
    wanted = target - baseline
    if not wanted:
        return None
    if (direction == "up") != (wanted > 0):
        raise ValueError(f"a target of {target} from {baseline} does not go {direction}")
    return (current - baseline) * HUNDRED / wanted


# ---------------------------------------------------------------------------
# Pounds from proxies
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """``quantity`` units valued at ``proxy`` pounds each, less deadweight, then less
    attribution of what is left: value = quantity x proxy x (1 - dw) x (1 - att)."""

    quantity: Decimal
    proxy: Decimal
    deadweight_pct: Decimal = ZERO
    attribution_pct: Decimal = ZERO
    unit: str = ""
    proxy_source: str = ""
    proxy_year: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("deadweight_pct", "attribution_pct"):
            if not ZERO <= getattr(self, name) <= HUNDRED:
                raise ValueError(f"{name} must lie between 0 and 100")

    is_total = False

    @property
    def gross(self) -> Decimal:
        return self.quantity * self.proxy

    @property
    def deadweight(self) -> Decimal:
        return self.gross * self.deadweight_pct / HUNDRED

    @property
    def after_deadweight(self) -> Decimal:
        return self.gross - self.deadweight

    @property
    def attribution(self) -> Decimal:
        return self.after_deadweight * self.attribution_pct / HUNDRED

    @property
    def value(self) -> Decimal:
        return self.after_deadweight - self.attribution


@dataclass(frozen=True)
class EstimateTotal:
    """Several estimates added up: ``total`` is summed by the database; ``lines`` are
    the estimates it is made of, for the working."""

    total: Decimal
    lines: tuple[Estimate, ...] = ()
    is_total = True

    @property
    def value(self) -> Decimal:
        return self.total


# ---------------------------------------------------------------------------
# Local Multiplier 3
# ---------------------------------------------------------------------------


class LM3Error(ValueError):
    """Figures LM3 cannot be worked out from. ``code`` says which rule they break and
    ``field`` which figure is wrong."""

    def __init__(self, code: str, field: str):
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class LM3:
    round1: Decimal
    supplier_spend: Decimal
    staff_spend: Decimal
    supplier_respend: Decimal
    staff_respend: Decimal

    @property
    def round2(self) -> Decimal:
        return self.supplier_spend + self.staff_spend

    @property
    def round3(self) -> Decimal:
        return self.supplier_respend + self.staff_respend

    @property
    def total(self) -> Decimal:
        return self.round1 + self.round2 + self.round3

    @property
    def multiplier(self) -> Decimal:
        """LM3 itself: between 1 and 3."""
        return self.total / self.round1

    @property
    def local_share(self) -> Decimal:
        """Round 2 as a percentage of round 1."""
        return self.round2 * HUNDRED / self.round1


def lm3(
    *,
    income: Decimal,
    supplier_spend: Decimal,
    staff_spend: Decimal,
    supplier_respend_pct: Decimal,
    staff_respend_pct: Decimal,
) -> LM3:
    """LM3 from an organisation's figures.

    Round 1 is its income; round 2 what it spends with Salford suppliers and on Salford
    staff; round 3 what those suppliers and staff re-spend in Salford: each part of
    round 2 times its re-spend share.
    """
    for field, amount in (
        ("income", income),
        ("supplier_spend", supplier_spend),
        ("staff_spend", staff_spend),
        ("supplier_respend_pct", supplier_respend_pct),
        ("staff_respend_pct", staff_respend_pct),
    ):
        if amount < 0:
            raise LM3Error("negative", field)
    if income == 0:
        raise LM3Error("no_income", "income")
    if supplier_spend + staff_spend > income:
        raise LM3Error("round2_over_round1", "supplier_spend")
    for field, pct in (
        ("supplier_respend_pct", supplier_respend_pct),
        ("staff_respend_pct", staff_respend_pct),
    ):
        if pct > HUNDRED:
            raise LM3Error("share_over_100", field)
    return LM3(
        round1=income,
        supplier_spend=supplier_spend,
        staff_spend=staff_spend,
        supplier_respend=supplier_spend * supplier_respend_pct / HUNDRED,
        staff_respend=staff_spend * staff_respend_pct / HUNDRED,
    )
