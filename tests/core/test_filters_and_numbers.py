"""core's small shared helpers: list filters from a query string, and number filters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from core import filters
from core.templatetags.numbers import figure, figure_only, measure, pct


def test_a_choice_outside_the_allowed_values_is_ignored():
    params = QueryDict("theme=people&ward=<script>")
    assert filters.choice(params, "theme", {"people", "planet"}) == "people"
    assert filters.choice(params, "ward", {"ordsall"}) == ""
    assert filters.choice(params, "missing", {"x"}) == ""


def test_search_is_trimmed_and_capped():
    assert filters.search(QueryDict("q=%20%20cafe%20%20")) == "cafe"
    assert len(filters.search(QueryDict("q=" + "a" * 500))) == filters.SEARCH_MAX


def test_the_query_string_keeps_filters_but_not_the_page():
    request = RequestFactory().get("/pledges/", {"theme": "people", "page": "3", "q": "tea"})
    assert filters.query_string_without(request) == "theme=people&q=tea"
    assert filters.query_string_without(request, "q", "page") == "theme=people"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("46900"), "46,900"), (Decimal("2.50"), "2.5"), ("", ""), (None, ""), ("n/a", "n/a")],
)
def test_figure(value, expected):
    assert figure(value) == expected


def test_measure_and_figure_only_place_the_unit_as_people_write_it():
    assert measure(Decimal("10"), "%") == "10%"
    assert measure(Decimal("1200"), "£") == "£1,200"
    assert measure(Decimal("25"), "people") == "25 people"
    assert figure_only(Decimal("8"), "people") == "8"
    assert figure_only(Decimal("8"), "per cent") == "8%"


@pytest.mark.parametrize(("value", "expected"), [(-5, 0), (42.4, 42), (250, 100), ("x", 0)])
def test_pct_is_a_whole_number_from_0_to_100(value, expected):
    assert pct(value) == expected
