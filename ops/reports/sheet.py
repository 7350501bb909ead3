"""Spreadsheet cells for every xlsx and CSV we write: people's text stays text, numbers stay numbers.

Text a person typed or a phone sent can start like a formula (`=HYPERLINK(...)`, `+`, `-`, `@`,
a tab or a carriage return). openpyxl turns a string starting with `=` into a live formula, and
Excel and WPS evaluate all six at the start of a CSV field. So:

- xlsx: text is always a string cell; text starting like a formula also gets Excel's quote
  prefix (what typing `'=...` does), so editing the cell keeps it text. Characters XML cannot
  hold are dropped, line breaks become LF, a literal `_xHHHH_` is escaped so Excel shows it as
  typed, and text is cut at Excel's 32,767-character cell limit (ending in "…").
- CSV: text starting like a formula gets a leading apostrophe (the usual defence); control
  characters are dropped and the same cell limit applies.
- int, float, Decimal and bool values are written as numbers (negative ones too); dates and times
  as Excel dates (an aware datetime as its own wall-clock time: convert to local time first).

Usage: `workbook, sheet = new_workbook("名单")`, `write_row(sheet, [...])` (returns the cells, to
style a header), `put(sheet.cell(row, column), value)` for one cell, `workbook_bytes(workbook)`;
`csv_text(rows)` for a whole CSV or `csv_field(value)` for one field.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ops.reports.scrub import xml_text

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel's limit per cell, counted in UTF-16 code units
ELLIPSIS = "…"
_OOXML_ESCAPE = re.compile(
    "_(?=x[0-9A-Fa-f]{4}_)"
)  # ECMA-376 ST_Xstring: `_xHHHH_` means a character
_NUMBER = (int, float, Decimal)  # bool is an int
_DATE = (date, time)  # datetime is a date


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula (it starts with = + - @ tab or CR)."""
    return text.startswith(FORMULA_STARTS)


def cap(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """The text cut to `limit` UTF-16 code units (ending in "…"), never splitting a character."""
    if len(text) <= limit // 2 or _utf16_len(text) <= limit:
        return text
    kept, used = [], len(ELLIPSIS)
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def _utf16_len(text: str) -> int:
    return len(text) + sum(ord(c) > 0xFFFF for c in text)


def safe_text(value: object) -> str:
    """The text a cell shows for any value a person or phone supplied (no formula defence)."""
    return cap(xml_text(value).replace("\r\n", "\n").replace("\r", "\n"))


def cell_value(value: Any) -> tuple[Any, bool]:
    """What to store in an xlsx cell, and whether it is text that needs the quote prefix."""
    if value is None or isinstance(value, _NUMBER):
        return value, False
    if isinstance(value, datetime | time) and value.tzinfo is not None:
        return value.replace(tzinfo=None), False  # openpyxl refuses aware times
    if isinstance(value, _DATE):
        return value, False
    return _text_cell(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=16_384)  # long reports repeat names, places and labels on every row
def _text_cell(value: str) -> tuple[str, bool]:
    text = xml_text(value)
    shown = safe_text(text)
    stored = _OOXML_ESCAPE.sub("_x005F_", shown)
    while len(stored) > MAX_CELL_CHARS:  # each escape adds 6 characters openpyxl also counts
        shown = cap(shown, _utf16_len(shown) - (len(stored) - MAX_CELL_CHARS))
        stored = _OOXML_ESCAPE.sub("_x005F_", shown)
    return stored, looks_like_formula(text)


def put(cell: Cell, value: Any) -> Cell:
    """Set one xlsx cell: text as a string cell (never a formula), numbers and dates as such."""
    stored, formula_like = cell_value(value)
    cell.value = stored
    if isinstance(stored, str):
        cell.data_type = "s"  # openpyxl made it "f" if it starts with "="
        cell.quotePrefix = formula_like
    return cell


def new_workbook(first_sheet: str) -> tuple[Workbook, Worksheet]:
    """A new workbook and its first sheet, named `first_sheet`."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = first_sheet
    return workbook, sheet


def write_row(sheet: Worksheet, values: Iterable[Any]) -> list[Cell]:
    """Append a row below the last one, every value through `put`; return its cells to style."""
    from openpyxl.cell.cell import Cell

    cells = [put(Cell(sheet), value) for value in values]
    sheet.append(cells)
    return cells


def stream_row(sheet: Any, values: Iterable[Any], style: dict[str, Any] | None = None) -> None:
    """`write_row` for a write-only sheet (`Workbook(write_only=True)`: long tables, written once).

    Text that starts like a formula goes in a string cell with the quote prefix; `style` (e.g.
    {"font": Font(bold=True)}) styles every cell of the row.
    """
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        stored, formula_like = cell_value(value)
        if not formula_like and style is None:
            row.append(stored)  # a plain value: openpyxl makes the cell (text stays text)
            continue
        cell = WriteOnlyCell(sheet, value=stored)
        if isinstance(stored, str):
            cell.data_type = "s"
            cell.quotePrefix = formula_like
        for name, setting in (style or {}).items():
            setattr(cell, name, setting)
        row.append(cell)
    sheet.append(row)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_field(value: Any) -> str:
    """One CSV field: numbers as written, text cleaned, with a leading ' if it starts like a formula."""
    if value is None:
        return ""
    if isinstance(value, (*_NUMBER, *_DATE)):
        return str(value)
    text = cap(xml_text(value))
    return "'" + text if looks_like_formula(text) else text


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """CSV text with CRLF line ends, every field through `csv_field` (add a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([csv_field(value) for value in row] for row in rows)
    return out.getvalue()
