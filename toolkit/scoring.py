"""How the self-assessment checklist is scored: pure functions, no database.

Each answer is worth a share of its question's weight (1 to 3):

    Not yet 0 · Planning 1/3 · Partly 2/3 · Fully 1 · Not relevant to us: left out

A score is ``100 * Σ(weight * value) / Σ(weight)`` over the questions that apply,
rounded to the nearest whole number (halves up). Questions answered "Not relevant to us"
are left out of both sums, so they neither help nor harm; a section where every answer
is "not relevant" has no score (None, "not scored"), and so does a whole checklist.

Arithmetic is done in fractions, so thirds add up exactly and 50.5 always rounds to 51.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

NOT_YET = "not_yet"
PLANNING = "planning"
PARTLY = "partly"
FULLY = "fully"
NOT_RELEVANT = "not_relevant"

VALUES: dict[str, Fraction] = {
    NOT_YET: Fraction(0),
    PLANNING: Fraction(1, 3),
    PARTLY: Fraction(2, 3),
    FULLY: Fraction(1),
}

PLAN_LENGTH = 5


@dataclass(frozen=True)
class Item:
    """One answered question: ``question`` is whatever the caller wants back (a model
    instance, a key); the rest is what scoring needs."""

    question: Any
    section_key: str
    weight: int
    choice: str

    @property
    def relevant(self) -> bool:
        return self.choice != NOT_RELEVANT

    @property
    def value(self) -> Fraction:
        return VALUES[self.choice]


@dataclass(frozen=True)
class PlanStep:
    """A question on the improvement plan and the points answering it "Fully" would add
    to the overall score."""

    question: Any
    section_key: str
    choice: str
    points: Fraction

    @property
    def points_rounded(self) -> int:
        return round_half_up(self.points)


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def score(items: Iterable[Item]) -> int | None:
    """0-100 over the relevant items, or None when none is relevant."""
    relevant = [item for item in items if item.relevant]
    total_weight = sum(item.weight for item in relevant)
    if not total_weight:
        return None
    achieved = sum(item.weight * item.value for item in relevant)
    return round_half_up(100 * Fraction(achieved) / total_weight)


def section_scores(items: Sequence[Item]) -> dict[str, int | None]:
    """Each section's score, by key, in the order sections first appear in ``items``."""
    by_section: dict[str, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_key, []).append(item)
    return {key: score(section_items) for key, section_items in by_section.items()}


def overall_score(items: Iterable[Item]) -> int | None:
    """The same rule over every relevant question of the checklist; a section with no
    relevant question adds nothing to either sum, so it is simply left out."""
    return score(items)


def improvement_plan(items: Sequence[Item], limit: int = PLAN_LENGTH) -> list[PlanStep]:
    """The relevant questions not answered "Fully", ranked by the points answering
    "Fully" would add to the overall score: ``weight * (1 - value) / Σ relevant weights
    * 100``. Ties keep the checklist's order (``items`` is in that order)."""
    relevant = [item for item in items if item.relevant]
    total_weight = sum(item.weight for item in relevant)
    if not total_weight:
        return []
    steps = [
        PlanStep(
            question=item.question,
            section_key=item.section_key,
            choice=item.choice,
            points=100 * item.weight * (1 - item.value) / Fraction(total_weight),
        )
        for item in relevant
        if item.choice != FULLY
    ]
    # sorted() is stable: equal gains stay in checklist order.
    return sorted(steps, key=lambda step: step.points, reverse=True)[:limit]
