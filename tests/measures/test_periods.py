"""Reporting quarters of the UK financial year."""

from __future__ import annotations

import datetime

import pytest

from measures.periods import Quarter, last_ended, period_label, quarters_between, recent_quarters

d = datetime.date


@pytest.mark.parametrize(
    ("day", "start", "end", "due", "number", "year"),
    [
        (d(2024, 5, 17), d(2024, 4, 1), d(2024, 6, 30), d(2024, 7, 31), 1, "2024/25"),
        (d(2024, 9, 30), d(2024, 7, 1), d(2024, 9, 30), d(2024, 10, 31), 2, "2024/25"),
        (d(2024, 12, 1), d(2024, 10, 1), d(2024, 12, 31), d(2025, 1, 31), 3, "2024/25"),
        (d(2025, 2, 28), d(2025, 1, 1), d(2025, 3, 31), d(2025, 4, 30), 4, "2024/25"),
        (d(2023, 1, 1), d(2023, 1, 1), d(2023, 3, 31), d(2023, 4, 30), 4, "2022/23"),
    ],
)
def test_quarter_containing_a_day(day, start, end, due, number, year):
    quarter = Quarter.containing(day)
    assert (quarter.start, quarter.end, quarter.due_on) == (start, end, due)
    assert (quarter.number, quarter.financial_year) == (number, year)


def test_quarter_labels():
    quarter = Quarter(d(2024, 4, 1))
    assert quarter.short_label == "Q1 2024/25"
    assert quarter.label == "Q1 2024/25 (April to June 2024)"
    assert quarter.code == "2024-04-01"


def test_a_quarter_must_start_on_a_quarter_day():
    with pytest.raises(ValueError):
        Quarter(d(2024, 5, 1))
    with pytest.raises(ValueError):
        Quarter.parse("2024-04-02")
    assert Quarter.parse("2024-10-01") == Quarter(d(2024, 10, 1))


def test_next_previous_and_ranges():
    q4 = Quarter(d(2025, 1, 1))
    assert q4.next() == Quarter(d(2025, 4, 1))
    assert q4.previous() == Quarter(d(2024, 10, 1))
    assert [q.code for q in quarters_between(Quarter(d(2024, 7, 1)), q4)] == [
        "2024-07-01",
        "2024-10-01",
        "2025-01-01",
    ]
    assert quarters_between(q4, Quarter(d(2024, 7, 1))) == []
    assert last_ended(d(2024, 7, 1)) == Quarter(d(2024, 4, 1))
    assert [q.code for q in recent_quarters(d(2024, 8, 9), 2)] == ["2024-07-01", "2024-04-01"]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (d(2024, 4, 1), d(2024, 6, 30), "Q1 2024/25"),
        (d(2023, 4, 1), d(2024, 3, 31), "2023/24 financial year"),
        (d(2023, 1, 1), d(2023, 12, 31), "2023"),
        (d(2023, 2, 3), d(2023, 5, 6), "3 Feb 2023 to 6 May 2023"),
    ],
)
def test_period_labels(start, end, label):
    assert period_label(start, end) == label
