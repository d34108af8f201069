"""The one spreadsheet formula guard (ASVS v5.0.0-1.2.10): every CSV and XLSX writer uses it."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from withus.core.spreadsheets import FORMULA_STARTS, PLAIN_NUMBER, csv_text, safe_cell


@pytest.mark.parametrize(
    "text",
    ["=HYPERLINK(1)", "+SUM(A1)", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "\x00=1", "+44 7700 900123", "-"],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["improvement", "", "a=b", "3", "-3", "-2.5", "-2.5e-3", "12.50", -3, 2.5, None])
def test_plain_text_and_numbers_are_unchanged(value):
    assert safe_cell(value) == value


def test_a_csv_keeps_every_cell_as_text_and_numbers_as_numbers():
    text = csv_text(["Name", "Code", "Value"], [["=cmd|' /C calc'!A0", "@HERE", -3], ['He said "hi", then', "X", 4]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["Name", "Code", "Value"],
        ["'=cmd|' /C calc'!A0", "'@HERE", "-3"],
        ['He said "hi", then', "X", "4"],
    ]
    assert text.endswith("\r\n")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_no_cell_read_back_from_a_csv_starts_like_a_formula(cells):
    """Whatever text goes in, a spreadsheet reading the CSV back gets no cell it would run (ASVS 1.2.10)."""
    text = csv_text(["a"] * len(cells), [cells])
    read_back = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert len(read_back) == len(cells)
    for original, cell in zip(cells, read_back, strict=True):
        assert not cell.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(cell)
        assert cell in (original, "'" + original)
