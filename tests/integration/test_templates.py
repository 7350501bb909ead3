"""`fieldops template ...`: the import templates hold their words as text and their figures as numbers."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ops.cli import app


@pytest.mark.parametrize("kind", ["staff", "leave", "shifts"])
def test_template_cells_are_text_or_numbers_never_formulas(kind, tmp_path):
    out = tmp_path / f"{kind}.xlsx"
    result = CliRunner().invoke(app, ["template", kind, "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells} <= {"s", "n"}
    assert all(isinstance(c.value, int) for c in cells if c.data_type == "n")
    example = [c for c in book.worksheets[0][2] if c.value is not None]
    assert example[0].value.startswith("示例") and example[0].data_type == "s"
    if kind != "leave":  # staff: 每周最多班次 5; shifts: 最少 1, 最多 2 people
        assert any(c.data_type == "n" for c in example)
    notes = [c.value for c in book["说明"]["D"] if c.value]
    assert any(">=1" in note for note in notes) or kind != "shifts"
