"""The arithmetic, against sums worked by hand (each test's docstring shows the working)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from measures.calculations import (
    Estimate,
    EstimateTotal,
    LM3Error,
    lm3,
    pounds,
    progress,
    share,
)

D = Decimal


# ---------------------------------------------------------------------------
# Progress toward a target
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("46900", "0"),  # still at the baseline
        ("49245", "50"),  # (49,245 - 46,900) / 4,690 = 2,345 / 4,690
        ("51590", "100"),  # the target
        ("52059", "110"),  # overshoot: 5,159 / 4,690
        ("45962", "-20"),  # the wrong way: -938 / 4,690
    ],
)
def test_progress_where_up_is_better(current, expected):
    """More people volunteering: baseline 46,900, target 51,590 (a 10% rise of 4,690)."""
    result = progress(direction="up", baseline=D(46900), target=D(51590), current=D(current))
    assert result == D(expected)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("420", "0"),
        ("399", "50"),  # 21 kg less of the 42 sought
        ("378", "100"),
        ("357", "150"),  # overshoot: 63 kg less
        ("441", "-50"),  # 21 kg more: the wrong way
    ],
)
def test_progress_where_down_is_better(current, expected):
    """Less household waste: baseline 420 kg, target 378 kg (a 10% fall of 42 kg)."""
    result = progress(direction="down", baseline=D(420), target=D(378), current=D(current))
    assert result == D(expected)


def test_progress_with_no_figure_is_none_not_zero():
    assert progress(direction="up", baseline=D(100), target=D(110), current=None) is None
    assert progress(direction="down", baseline=D(100), target=D(90), current=None) is None


def test_progress_with_no_change_sought_is_none():
    assert progress(direction="up", baseline=D(5), target=D(5), current=D(7)) is None


def test_a_target_on_the_wrong_side_of_its_baseline_is_refused():
    with pytest.raises(ValueError, match="does not go down"):
        progress(direction="down", baseline=D(100), target=D(110), current=D(105))


# ---------------------------------------------------------------------------
# Pounds from proxies
# ---------------------------------------------------------------------------


def test_estimate_takes_deadweight_then_attribution_off():
    """120 people x £1,000 = £120,000; less 20% deadweight (£24,000) leaves £96,000;
    less 10% attribution of that (£9,600) leaves £86,400."""
    estimate = Estimate(quantity=D(120), proxy=D(1000), deadweight_pct=D(20), attribution_pct=D(10))
    assert estimate.gross == D(120000)
    assert estimate.deadweight == D(24000)
    assert estimate.after_deadweight == D(96000)
    assert estimate.attribution == D(9600)
    assert estimate.value == D(86400)


def test_estimate_is_exact_until_rounded_to_the_penny():
    """37.5 hours x £15.20 = £570; less 12.5% (£71.25) leaves £498.75; less 33%
    (£164.5875) leaves £334.1625, which is £334.16 to the penny."""
    estimate = Estimate(
        quantity=D("37.5"), proxy=D("15.20"), deadweight_pct=D("12.5"), attribution_pct=D(33)
    )
    assert estimate.value == D("334.1625")
    assert pounds(estimate.value) == D("334.16")


def test_estimate_without_deadweight_or_attribution_is_quantity_times_proxy():
    assert Estimate(quantity=D(3), proxy=D("2.50")).value == D("7.50")


@pytest.mark.parametrize("pct", ["-1", "100.01"])
def test_estimate_refuses_a_percentage_outside_0_to_100(pct):
    with pytest.raises(ValueError):
        Estimate(quantity=D(1), proxy=D(1), deadweight_pct=D(pct))


def test_pounds_rounds_halves_up():
    assert pounds(D("2.005")) == D("2.01")
    assert pounds(D("2.004")) == D("2.00")


def test_an_estimate_total_knows_it_is_a_total():
    assert EstimateTotal(total=D(5)).is_total
    assert not Estimate(quantity=D(1), proxy=D(5)).is_total
    assert EstimateTotal(total=D(5)).value == D(5)


# ---------------------------------------------------------------------------
# LM3
# ---------------------------------------------------------------------------


def test_lm3_worked_example():
    """Round 1 £100,000. Round 2: £30,000 with Salford suppliers + £20,000 Salford pay
    = £50,000. Round 3: 40% of £30,000 (£12,000) + 50% of £20,000 (£10,000) = £22,000.
    (100,000 + 50,000 + 22,000) / 100,000 = 1.72."""
    result = lm3(
        income=D(100000),
        supplier_spend=D(30000),
        staff_spend=D(20000),
        supplier_respend_pct=D(40),
        staff_respend_pct=D(50),
    )
    assert result.round2 == D(50000)
    assert result.round3 == D(22000)
    assert result.total == D(172000)
    assert result.multiplier == D("1.72")
    assert result.local_share == D(50)


def test_lm3_second_worked_example():
    """£250,000 in; £60,000 + £90,000 = £150,000 spent locally; 25% of £60,000 (£15,000)
    + 35% of £90,000 (£31,500) = £46,500 re-spent. 446,500 / 250,000 = 1.786."""
    result = lm3(
        income=D(250000),
        supplier_spend=D(60000),
        staff_spend=D(90000),
        supplier_respend_pct=D(25),
        staff_respend_pct=D(35),
    )
    assert result.round3 == D(46500)
    assert result.multiplier == D("1.786")


def test_lm3_lies_between_1_and_3():
    nothing_local = lm3(
        income=D(1000),
        supplier_spend=D(0),
        staff_spend=D(0),
        supplier_respend_pct=D(80),
        staff_respend_pct=D(80),
    )
    everything_local = lm3(
        income=D(1000),
        supplier_spend=D(600),
        staff_spend=D(400),
        supplier_respend_pct=D(100),
        staff_respend_pct=D(100),
    )
    assert nothing_local.multiplier == 1
    assert everything_local.multiplier == 3


@pytest.mark.parametrize(
    ("figures", "code", "field"),
    [
        (
            {"supplier_spend": D(70000), "staff_spend": D(40000)},
            "round2_over_round1",
            "supplier_spend",
        ),
        ({"supplier_respend_pct": D("100.5")}, "share_over_100", "supplier_respend_pct"),
        ({"staff_respend_pct": D(101)}, "share_over_100", "staff_respend_pct"),
        ({"staff_spend": D(-1)}, "negative", "staff_spend"),
        ({"income": D(-5)}, "negative", "income"),
        ({"income": D(0)}, "no_income", "income"),
    ],
)
def test_lm3_refuses_figures_it_cannot_use(figures, code, field):
    args = {
        "income": D(100000),
        "supplier_spend": D(30000),
        "staff_spend": D(20000),
        "supplier_respend_pct": D(40),
        "staff_respend_pct": D(50),
        **figures,
    }
    with pytest.raises(LM3Error) as refused:
        lm3(**args)
    assert (refused.value.code, refused.value.field) == (code, field)


# ---------------------------------------------------------------------------
# Local share
# ---------------------------------------------------------------------------


def test_local_share_of_contract_spend():
    """£300,000 of £1,200,000 placed with Salford providers is 25%."""
    assert share(D(300000), D(1200000)) == D(25)


def test_local_share_with_nothing_to_share_is_none():
    assert share(D(0), D(0)) is None
    assert share(None, D(10)) is None
    assert share(D(0), D(10)) == D(0)
