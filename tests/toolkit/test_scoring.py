"""The checklist's scoring rules, on examples worked by hand.

Values: Not yet 0, Planning 1/3, Partly 2/3, Fully 1; "not relevant" left out of both
sums. Score = round(100 * Σ(weight * value) / Σ(weight)), halves rounded up.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from toolkit import scoring
from toolkit.scoring import Item

# No database here: scoring is pure.


def item(key: str, section: str, weight: int, choice: str) -> Item:
    return Item(question=key, section_key=section, weight=weight, choice=choice)


# Section A: four relevant questions and one "not relevant".
#   a1 weight 3 Fully    3 * 1   = 3
#   a2 weight 2 Partly   2 * 2/3 = 4/3
#   a3 weight 1 Planning 1 * 1/3 = 1/3
#   a4 weight 2 Not yet  2 * 0   = 0
#   a5 weight 3 not relevant: left out
#   Σ(w * v) = 3 + 4/3 + 1/3 = 14/3; Σw = 3 + 2 + 1 + 2 = 8
#   100 * (14/3) / 8 = 1400/24 = 58.33… -> 58
SECTION_A = [
    item("a1", "a", 3, "fully"),
    item("a2", "a", 2, "partly"),
    item("a3", "a", 1, "planning"),
    item("a4", "a", 2, "not_yet"),
    item("a5", "a", 3, "not_relevant"),
]
# Section B:
#   b1 weight 1 Partly 2/3; b2 weight 1 Fully 1
#   Σ(w * v) = 5/3; Σw = 2; 100 * (5/3) / 2 = 83.33… -> 83
SECTION_B = [item("b1", "b", 1, "partly"), item("b2", "b", 1, "fully")]
# Section C: every answer "not relevant" -> not scored, and adds nothing overall.
SECTION_C = [item("c1", "c", 3, "not_relevant"), item("c2", "c", 1, "not_relevant")]


def test_mixed_answers_with_weights():
    assert scoring.score(SECTION_A) == 58
    assert scoring.score(SECTION_B) == 83


def test_section_scores_keep_checklist_order_and_mark_all_not_relevant_as_none():
    scores = scoring.section_scores(SECTION_A + SECTION_B + SECTION_C)
    assert list(scores) == ["a", "b", "c"]
    assert scores == {"a": 58, "b": 83, "c": None}


def test_overall_leaves_out_not_relevant_questions_and_sections():
    # Over A and B: Σ(w * v) = 14/3 + 5/3 = 19/3; Σw = 8 + 2 = 10
    # 100 * (19/3) / 10 = 63.33… -> 63. Section C changes neither sum.
    assert scoring.overall_score(SECTION_A + SECTION_B) == 63
    assert scoring.overall_score(SECTION_A + SECTION_B + SECTION_C) == 63


def test_overall_is_not_the_mean_of_section_scores():
    # The mean of 58 and 83 would be 70.5; weights count across the whole checklist.
    assert scoring.overall_score(SECTION_A + SECTION_B) != round((58 + 83) / 2)


def test_all_not_relevant_checklist_is_not_scored():
    assert scoring.overall_score(SECTION_C) is None
    assert scoring.section_scores(SECTION_C) == {"c": None}
    assert scoring.improvement_plan(SECTION_C) == []


def test_fully_everywhere_is_100_and_leaves_an_empty_plan():
    items = [item(f"q{i}", "s", w, "fully") for i, w in enumerate([1, 2, 3, 3])]
    assert scoring.overall_score(items) == 100
    assert scoring.section_scores(items) == {"s": 100}
    assert scoring.improvement_plan(items) == []


def test_not_yet_everywhere_is_0():
    assert scoring.score([item("q", "s", 3, "not_yet"), item("r", "s", 1, "not_yet")]) == 0


def test_halves_round_up():
    # Planning on weight 3 = 3 * 1/3 = 1; two Not yet of weights 3 and 2 add nothing.
    # Σw = 8; 100 * 1 / 8 = 12.5 -> 13 (Python's round() would give 12).
    items = [
        item("p", "s", 3, "planning"),
        item("n1", "s", 3, "not_yet"),
        item("n2", "s", 2, "not_yet"),
    ]
    assert scoring.score(items) == 13


def test_thirds_add_up_exactly():
    # Three Planning answers of weight 1: 1/3 + 1/3 + 1/3 = 1 of 3 -> exactly 33.33… -> 33,
    # and three Partly: 2/3 * 3 = 2 of 3 -> 66.66… -> 67.
    assert scoring.score([item(str(i), "s", 1, "planning") for i in range(3)]) == 33
    assert scoring.score([item(str(i), "s", 1, "partly") for i in range(3)]) == 67


def test_improvement_plan_ranks_by_points_added_to_the_overall():
    # Relevant weights over A and B: Σw = 10. Points if answered Fully:
    #   a4 Not yet  weight 2: 2 * (1 - 0)   / 10 * 100 = 20
    #   a2 Partly   weight 2: 2 * (1 - 2/3) / 10 * 100 = 6.67
    #   a3 Planning weight 1: 1 * (1 - 1/3) / 10 * 100 = 6.67 (a tie: checklist order)
    #   b1 Partly   weight 1: 1 * (1 - 2/3) / 10 * 100 = 3.33
    #   a1, b2 are Fully; a5 and section C are not relevant: none is in the plan.
    plan = scoring.improvement_plan(SECTION_A + SECTION_B + SECTION_C)
    assert [step.question for step in plan] == ["a4", "a2", "a3", "b1"]
    assert [step.points for step in plan] == [
        Fraction(20),
        Fraction(20, 3),
        Fraction(20, 3),
        Fraction(10, 3),
    ]
    assert [step.points_rounded for step in plan] == [20, 7, 7, 3]
    assert [step.choice for step in plan] == ["not_yet", "partly", "planning", "partly"]


def test_improvement_plan_adds_up_to_100():
    # Doing everything on the plan takes the overall from 63.33… to exactly 100.
    items = SECTION_A + SECTION_B
    plan = scoring.improvement_plan(items, limit=100)
    achieved = Fraction(100 * 19, 3 * 10)
    assert achieved + sum(step.points for step in plan) == 100


def test_improvement_plan_keeps_the_top_five():
    # Seven Not yet answers of weights 1, 3, 2, 3, 1, 2, 3 (Σw = 15):
    # weight 3 -> 20 points, weight 2 -> 13.33, weight 1 -> 6.67.
    weights = [1, 3, 2, 3, 1, 2, 3]
    items = [item(f"q{i}", "s", w, "not_yet") for i, w in enumerate(weights)]
    plan = scoring.improvement_plan(items)
    assert len(plan) == 5
    assert [step.question for step in plan] == ["q1", "q3", "q6", "q2", "q5"]
    assert plan[0].points == 20
    assert plan[3].points == Fraction(40, 3)


@pytest.mark.parametrize(
    ("choice", "value"),
    [("not_yet", 0), ("planning", Fraction(1, 3)), ("partly", Fraction(2, 3)), ("fully", 1)],
)
def test_values(choice, value):
    assert item("q", "s", 1, choice).value == value
