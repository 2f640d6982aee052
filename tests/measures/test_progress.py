"""The progress rule (measures/progress.py) as tables worked by hand, and the
``outcome_progress`` selector over the shipped framework."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from measures.models import CampaignTarget
from measures.progress import (
    Standing,
    on_track_summary,
    outcome_progress,
    position,
    target_year,
    time_elapsed,
)

from .factories import make_city_figure

D = Decimal
DAY = datetime.date

# The campaign runs from 1 Jan 2017 to 31 Dec 2021: 1,825 days. 30 Jun 2019 is day 910,
# so a steady pace would be 910 / 1,825 = 49.86% of the way there by then.
MID = DAY(2019, 6, 30)
CAMPAIGN = {"start_year": 2017, "target_year": 2021}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (DAY(2016, 12, 31), D(0)),  # before the start
        (DAY(2017, 1, 1), D(0)),
        (MID, D(910) * 100 / D(1825)),
        (DAY(2021, 12, 31), D(100)),
        (DAY(2026, 3, 31), D(100)),  # after the target year: all the time has gone
    ],
)
def test_time_elapsed(as_of, expected):
    assert time_elapsed(as_of=as_of, **CAMPAIGN) == expected


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "current", "as_of", "percent", "standing", "bar"),
    [
        # Up is better: volunteering, 46,900 to 51,590 (+4,690).
        ("up", "46900", "51590", None, None, None, Standing.NO_DATA, 0),
        ("up", "46900", "51590", "46900", MID, "0", Standing.BEHIND, 0),
        ("up", "46900", "51590", "49245", MID, "50", Standing.ON_TRACK, 50),  # 50 >= 49.86
        ("up", "46900", "51590", "49198.1", MID, "49", Standing.BEHIND, 49),  # 49 < 49.86
        ("up", "46900", "51590", "51590", MID, "100", Standing.REACHED, 100),
        ("up", "46900", "51590", "52059", MID, "110", Standing.REACHED, 100),  # overshoot
        ("up", "46900", "51590", "45962", MID, "-20", Standing.WRONG_WAY, 0),
        # Down is better: household waste, 420 kg to 378 kg (-42).
        ("down", "420", "378", None, None, None, Standing.NO_DATA, 0),
        ("down", "420", "378", "399", MID, "50", Standing.ON_TRACK, 50),  # 21 of 42 kg less
        ("down", "420", "378", "399", DAY(2021, 12, 31), "50", Standing.BEHIND, 50),
        ("down", "420", "378", "357", MID, "150", Standing.REACHED, 100),  # overshoot
        ("down", "420", "378", "441", MID, "-50", Standing.WRONG_WAY, 0),  # 21 kg more
    ],
)
def test_position(direction, baseline, target, current, as_of, percent, standing, bar):
    found = position(
        direction=direction,
        baseline=D(baseline),
        target=D(target),
        current=None if current is None else D(current),
        as_of=as_of,
        **CAMPAIGN,
    )
    assert found.percent == (None if percent is None else D(percent))
    assert found.standing == standing
    assert found.bar == bar
    assert found.on_track is (standing in (Standing.ON_TRACK, Standing.REACHED))


def test_overshoot_is_how_far_past_the_target():
    up = position(
        direction="up", baseline=D(100), target=D(110), current=D(113), as_of=MID, **CAMPAIGN
    )
    assert up.overshoot == D(30)
    exact = position(
        direction="up", baseline=D(100), target=D(110), current=D(110), as_of=MID, **CAMPAIGN
    )
    assert exact.overshoot is None


def test_without_a_target_year_a_figure_is_never_called_on_track():
    found = position(
        direction="up",
        baseline=D(100),
        target=D(110),
        current=D(105),
        as_of=MID,
        start_year=None,
        target_year=None,
    )
    assert found.percent == D(50)
    assert found.standing == Standing.BEHIND


def test_a_target_on_the_wrong_side_shows_no_position_rather_than_failing():
    found = position(
        direction="down", baseline=D(100), target=D(110), current=D(105), as_of=MID, **CAMPAIGN
    )
    assert found.percent is None
    assert found.standing == Standing.NO_DATA


@pytest.mark.django_db
class TestOutcomeProgress:
    def test_every_outcome_in_order_with_its_headline_indicator(self):
        rows = outcome_progress()
        assert [row.outcome.number for row in rows] == list(range(1, 12))
        by_number = {row.outcome.number: row for row in rows}
        assert by_number[1].indicator.slug == "people-volunteering"
        assert by_number[4].indicator.slug == "household-waste"  # not waste per person
        assert by_number[11].indicator.slug == "gva-per-head"
        assert all(row.latest is None and row.percent is None for row in rows)
        summary = on_track_summary(rows)
        assert summary["outcomes"] == 11
        assert summary["no_data"] == 11 and summary["with_data"] == 0
        assert summary["on_track_total"] == 0

    def test_the_latest_figure_of_every_period_and_its_position(self):
        make_city_figure(value="47000", start=DAY(2018, 4, 1), end=DAY(2019, 3, 31))
        make_city_figure(value="49245", start=DAY(2019, 4, 1), end=DAY(2020, 3, 31))
        make_city_figure(value="48000", start=DAY(2017, 4, 1), end=DAY(2018, 3, 31))
        make_city_figure(
            slug="household-waste", value="357", start=DAY(2020, 4, 1), end=DAY(2021, 3, 31)
        )
        make_city_figure(slug="waste-per-person", value="999")  # not the headline
        rows = {row.outcome.number: row for row in outcome_progress()}
        volunteering = rows[1]
        assert [f.value for f in volunteering.figures] == [D(48000), D(47000), D(49245)]
        assert volunteering.latest.period_end == DAY(2020, 3, 31)
        assert volunteering.percent == D(50)
        # By 31 March 2020 a steady pace would be 1,185 / 1,825 = 64.9%: behind.
        assert volunteering.position.standing == Standing.BEHIND
        assert rows[4].position.standing == Standing.REACHED
        assert rows[4].position.overshoot == D(50)
        summary = on_track_summary(list(rows.values()))
        assert summary["on_track_total"] == 1 and summary["behind"] == 1
        assert summary["with_data"] == 2

    def test_its_queries_do_not_grow_with_the_figures(self, django_assert_max_num_queries):
        """Guards against a query per outcome for its indicator or its figures (the N+1
        of reading each outcome's latest figure on its own)."""
        for year in range(2015, 2018):
            make_city_figure(value="47000", start=DAY(year, 4, 1), end=DAY(year + 1, 3, 31))
        with django_assert_max_num_queries(4):
            rows = outcome_progress()
            [row.position for row in rows]
        for year in range(2018, 2025):
            for slug in ("people-volunteering", "household-waste", "gva-per-head"):
                make_city_figure(
                    slug=slug, value="47000", start=DAY(year, 4, 1), end=DAY(year + 1, 3, 31)
                )
        with django_assert_max_num_queries(4):
            rows = outcome_progress()
            [(row.position, row.latest.indicator.name if row.latest else "") for row in rows]

    def test_the_target_year_is_data_staff_keep(self):
        target = target_year(today=DAY(2026, 12, 1))
        assert (target.start_year, target.year) == (2017, 2021)
        assert target.is_past
        CampaignTarget.objects.filter(pk=1).update(target_year=2030)
        target = target_year(today=DAY(2026, 12, 1))
        assert target.year == 2030 and not target.is_past

    def test_without_a_target_year_only_a_reached_target_counts(self):
        CampaignTarget.objects.all().delete()
        make_city_figure(value="51590")
        rows = outcome_progress()
        assert not target_year().is_set
        assert rows[0].percent == D(100)
        assert rows[0].position.standing == Standing.REACHED
