"""CSV exports: formulae escaped, numbers left alone, and the escape undone on import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.csv import csv_response, escape_cell, escape_row, unescape_cell


@pytest.mark.parametrize(
    "text", ["=1+1", "+44 161", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("x")']
)
def test_text_that_a_spreadsheet_would_run_is_escaped_and_comes_back(text):
    escaped = escape_cell(text)
    assert escaped == "'" + text
    assert unescape_cell(escaped) == text


@pytest.mark.parametrize("value", ["plain", "", "O'Brien", "'quoted", "a=b"])
def test_other_text_is_left_alone(value):
    assert escape_cell(value) == value
    assert unescape_cell(value) == value


def test_numbers_and_empty_cells_are_values_not_formulae():
    assert escape_row([Decimal("-5.00"), -3, None, "=x"]) == ["-5.00", -3, "", "'=x"]


def test_csv_response_streams_escaped_rows():
    response = csv_response("x.csv", ["name", "value"], iter([["=cmd|' /C calc'!A0", 1]]))
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines() == ["name,value", "'=cmd|' /C calc'!A0,1"]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Content-Type"] == "text/csv"
