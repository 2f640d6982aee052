"""A dashboard figure (reporting/selectors/figures.py): its chart and its CSV are made
from its table; and the spread of LM3 is the same from PostgreSQL and from the list."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import Sector
from measures.models import LM3Survey
from reporting.selectors.dashboard.builders import _spread, percentile_rows
from reporting.selectors.figures import Figure, Percentile
from tests.accounts.factories import OrganisationFactory
from tests.measures.factories import make_lm3


def figure(**overrides) -> Figure:
    fields = {
        "key": "spend",
        "title": "Spend",
        "caption": "Spend by provider",
        "columns": ["Providers", "Contracts", "Value (£)", "Share (%)"],
        "rows": [
            ["Salford", 3, Decimal("300000.00"), Decimal("75")],
            ["=Elsewhere", 1, None, None],
        ],
        "formats": ["text", "count", "pounds", "percent"],
        "chart_column": 2,
    }
    return Figure(**{**fields, **overrides})


def test_the_chart_draws_the_chosen_column_of_the_table():
    spec = figure().chart_spec()
    assert spec["labels"] == ["Salford", "=Elsewhere"]
    assert spec["series"] == [{"label": "Value (£)", "values": [300000.0, None]}]


def test_several_series_or_every_column():
    assert [s["label"] for s in figure(chart_columns=[1, 3]).chart_spec()["series"]] == [
        "Contracts",
        "Share (%)",
    ]
    every = figure(chart_column=None).chart_spec()["series"]
    assert [s["label"] for s in every] == ["Contracts", "Value (£)", "Share (%)"]


def test_an_empty_figure_has_no_chart():
    assert figure(rows=[]).chart_spec() is None


def test_the_csv_is_the_table_with_raw_values():
    found = figure()
    assert found.csv_header() == found.columns
    assert list(found.csv_rows()) == [
        ["Salford", 3, Decimal("300000.00"), Decimal("75")],
        ["=Elsewhere", 1, None, None],
    ]


def test_formats_must_match_the_columns():
    with pytest.raises(AssertionError):
        figure(formats=["text"])
    with pytest.raises(AssertionError):
        figure(formats=["text", "count", "pounds", "colour"])


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([1.5], {"n": 1, "min": 1.5, "q1": 1.5, "median": 1.5, "q3": 1.5, "max": 1.5}),
        ([1.0, 2.0], {"n": 2, "min": 1.0, "q1": 1.25, "median": 1.5, "q3": 1.75, "max": 2.0}),
        # Five values: the quartiles fall on the second and fourth.
        ([1.1, 1.2, 1.4, 1.8, 2.6], {"n": 5, "min": 1.1, "q1": 1.2, "median": 1.4}),
    ],
)
def test_spread_interpolates_like_percentile_cont(numbers, expected):
    found = _spread(numbers)
    for key, value in expected.items():
        assert found[key] == pytest.approx(value)


def test_a_percentile_lies_between_nought_and_one():
    with pytest.raises(ValueError):
        Percentile("lm3", fraction=1.5)


@pytest.mark.django_db
def test_postgresql_and_the_list_agree(monkeypatch):
    for round2 in (("10000", "0"), ("20000", "10000"), ("30000", "20000"), ("50000", "30000")):
        make_lm3(OrganisationFactory(sector=Sector.CHARITY), round2=round2)
    surveys = LM3Survey.objects.all()
    from_database = percentile_rows(surveys, group="organisation__sector", value="lm3")
    from reporting.selectors.dashboard import builders

    monkeypatch.setattr(builders.connection, "vendor", "sqlite")
    from_list = percentile_rows(surveys, group="organisation__sector", value="lm3")
    for key in ("n", "min", "q1", "median", "q3", "max"):
        assert float(from_database[Sector.CHARITY][key]) == pytest.approx(
            from_list[Sector.CHARITY][key]
        )
