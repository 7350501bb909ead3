"""ops.reports.sheet: text stays text and numbers stay numbers in xlsx and CSV, whatever the text."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from ops.reports.sheet import (
    MAX_CELL_CHARS,
    csv_field,
    csv_text,
    new_workbook,
    workbook_bytes,
    write_row,
)
from tests.hostile_text import (
    EMOJI,
    FORMULA_STARTS,
    HOSTILE,
    ISSUE_15,
    OOXML,
    any_text,
    excel_reads,
    xlsx_shows,
)


def round_trip(*rows: list[object]) -> list[list[object]]:
    """Write rows to a workbook, save it, and read the cells back as openpyxl sees them."""
    workbook, sheet = new_workbook("表")
    for row in rows:
        write_row(sheet, row)
    book = load_workbook(io.BytesIO(workbook_bytes(workbook)))
    return [list(row) for row in book["表"].iter_rows()]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_starting_like_a_formula_is_a_string_cell_with_the_quote_prefix(start):
    (cell,) = round_trip([f"{start}1+1"])[0]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == xlsx_shows(f"{start}1+1")


def test_the_hyperlink_from_issue_15_is_text_not_a_formula():
    (cell,) = round_trip([ISSUE_15])[0]
    assert (cell.data_type, cell.value) == ("s", ISSUE_15)


def test_numbers_stay_numbers_and_ordinary_text_has_no_prefix():
    cells = round_trip([-3, 2.5, -0.25, Decimal("-7.5"), 0, True, "扎西", "", None, "末"])[0]
    assert [c.data_type for c in cells[:6]] == ["n", "n", "n", "n", "n", "b"]
    assert [c.value for c in cells[:6]] == [-3, 2.5, -0.25, -7.5, 0, True]
    assert cells[6].data_type == "s" and not cells[6].quotePrefix
    assert cells[7].value is None and cells[8].value is None  # empty text leaves the cell empty


def test_every_c0_control_character_is_dropped_and_the_rest_kept():
    text = HOSTILE["every C0"]
    (cell,) = round_trip([text])[0]
    assert cell.value == xlsx_shows(text)
    assert "\t9" in cell.value and "\n10" in cell.value and "\n13" in cell.value


def test_a_literal_ooxml_escape_reads_in_excel_as_typed():
    (cell,) = round_trip([OOXML])[0]
    assert excel_reads(cell.value) == OOXML


def test_text_over_excels_cell_limit_is_cut_without_splitting_an_emoji():
    text = "巡" + EMOJI * 5000  # far over 32,767 UTF-16 code units
    (cell,) = round_trip([text])[0]
    units = len(cell.value.encode("utf-16-le")) // 2
    assert units <= MAX_CELL_CHARS and units > MAX_CELL_CHARS - 10
    assert cell.value.endswith("…") and text.startswith(cell.value[:-1])
    assert all(not 0xD800 <= ord(c) <= 0xDFFF for c in cell.value)


def test_aware_datetimes_are_written_as_their_wall_clock_time():
    from datetime import datetime, timedelta, timezone

    moment = datetime(2026, 12, 1, 8, 30, tzinfo=timezone(timedelta(hours=8)))
    (cell,) = round_trip([moment])[0]
    assert cell.value == datetime(2026, 12, 1, 8, 30) and cell.is_date


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(any_text())
def test_any_string_is_written_and_read_back_as_text(text):
    (cell,) = round_trip([text])[0]
    # lone surrogates become U+FFFD; everything XML can hold is there, in order
    expected = xlsx_shows("".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text))
    if not expected:
        assert cell.value is None
    else:
        assert cell.data_type == "s" and excel_reads(cell.value) == expected


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_text_starting_like_a_formula_gets_a_leading_apostrophe(start):
    (row,) = read_csv(csv_text([[f"{start}1+1", "扎西"]]))
    assert row == ["'" + f"{start}1+1", "扎西"]


def test_csv_numbers_are_written_as_numbers_even_when_negative():
    (row,) = read_csv(csv_text([[-3, 2.5, Decimal("-0.5"), 0]]))
    assert row == ["-3", "2.5", "-0.5", "0"]
    assert csv_field(None) == "" and csv_field("-") == "'-"


def test_csv_drops_control_characters_a_spreadsheet_cannot_show():
    (row,) = read_csv(csv_text([["a\x00b\x1bc\x07d"]]))
    assert row == ["abcd"]


@settings(max_examples=200)
@given(any_text())
def test_any_string_makes_one_csv_field_that_encodes_as_utf8(text):
    out = csv_text([[text, 1]])
    out.encode("utf-8")
    (row,) = read_csv(out)
    assert row[1] == "1" and len(row) == 2
    assert not row[0].startswith(FORMULA_STARTS)
