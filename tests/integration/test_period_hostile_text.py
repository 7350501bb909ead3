"""`fieldops report period` from a database full of hostile text: every file written, text as text.

The township, its villages and people, a theme day the office added, and every free-text field of
the records hold formulas, every C0 control character, right-to-left overrides, emoji, markup and
a literal OOXML escape (issue #17). PostgreSQL text cannot hold NUL, so there the samples lack it.
"""

from __future__ import annotations

import json
from datetime import date

from docx import Document
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from ops.models import EventTheme, StaffMember, Township, Village
from tests.hostile_text import FORMULA_STARTS, HOSTILE, ISSUE_15, OOXML, xlsx_shows, xml_chars
from tests.integration.test_period_report import add_records, add_staff, add_township


def storable(backend: str, texts: list[str]) -> list[str]:
    """The samples as this backend can store them (PostgreSQL text refuses NUL)."""
    return texts if backend == "sqlite" else [t.replace("\x00", "") for t in texts]


def docx_shows(text: str) -> str:
    """What python-docx reads back of `text` written to a run: XML characters, CR as a line break."""
    return xml_chars(text).replace("\r\n", "\n").replace("\r", "\n")


def test_period_figures_from_hostile_text_write_every_file_with_the_text_as_text(
    db, fieldops, tmp_path
):
    samples = storable(db.backend, list(HOSTILE.values()))
    township = add_township(db.engine)
    add_staff(db.engine, township, [(f"S{i:03d}", "人") for i in range(len(samples))])
    with Session(db.engine) as session:
        for row in session.exec(select(StaffMember).order_by(col(StaffMember.id))):
            row.name = samples[int(row.id[1:])]
        for i, village in enumerate(session.exec(select(Village))):
            village.name = samples[i]
        session.add(EventTheme(township_id=township, name=samples[-1][:64]))
        place = session.get(Township, township)
        assert place is not None
        place.name = samples[0]
        session.commit()
    events = [
        {"kind": "publicity", "theme": samples[-1][:64], "people_reached": i}
        for i in range(len(samples))
    ]
    add_records(db.engine, township, date(2025, 5, 4), visits=len(samples), disputes=[("mediated", 10)],
                events=events, petitions=["satisfied"], hazards=[("safety", 0), ("no_helmet", 3)])  # fmt: skip
    with db.engine.begin() as connection:  # every free-text field of the records, hostile
        from sqlalchemy import text

        for table, column in (("visit", "findings"), ("visit", "household"), ("dispute_case", "summary"),
                              ("dispute_case", "mediator"), ("petition", "subject"), ("hazard", "description"),
                              ("law_event", "title"), ("law_event", "place")):  # fmt: skip
            ids = [r[0] for r in connection.execute(text(f"SELECT id FROM {table} ORDER BY id"))]
            for i, row_id in enumerate(ids):
                limit = 100 if column in ("household", "mediator") else 500
                connection.execute(text(f"UPDATE {table} SET {column} = :v WHERE id = :i"),
                                   {"v": samples[i % len(samples)][:limit], "i": row_id})  # fmt: skip

    result = fieldops("report", "period", "--county", "--year", "2025", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "figures.docx",
        "figures.json",
        "figures.xlsx",
    ]

    data = json.loads((tmp_path / "figures.json").read_text())
    assert data["townships"] == [samples[0]]
    assert data["figures"]["visits"]["visits"] == len(samples)
    themes = data["areas"][1]["breakdown"]
    assert list(themes) == [samples[-1][:64]]
    assert (themes[samples[-1][:64]]["events"], themes[samples[-1][:64]]["people_reached"]) == (
        len(samples),
        sum(range(len(samples))),
    )

    # XlsxWriter stores text in the shared-string table with Excel's own `_xHHHH_` escapes, which
    # openpyxl undoes on reading: its values are what Excel shows.
    book = load_workbook(tmp_path / "figures.xlsx")
    assert [
        c.coordinate for s in book for row in s.iter_rows() for c in row if c.data_type == "f"
    ] == []
    visits = list(book["入户走访"].iter_rows(min_row=2))
    assert {r[7].value for r in visits} == {xlsx_shows(t) for t in samples}
    assert {r[2].value for r in visits} <= {xlsx_shows(t) for t in samples}  # the visitors
    typed = {xlsx_shows(t): t for t in samples}
    for row in visits:  # text stays text; what starts like a formula is marked as text
        original = typed[row[7].value]
        assert row[7].data_type == "s" and row[7].quotePrefix == xml_chars(original).startswith(
            FORMULA_STARTS
        )
    assert ISSUE_15 in {r[7].value for r in visits} and OOXML in {r[7].value for r in visits}
    publicity = list(book["普法宣传"].iter_rows(min_row=2, values_only=True))
    assert {r[4] for r in publicity} == {xlsx_shows(t) for t in samples}  # titles
    assert {r[0] for r in publicity} == {xlsx_shows(samples[0])}  # the township

    doc = Document(str(tmp_path / "figures.docx"))
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert docx_shows(samples[-1][:64]) in cells  # the office's own theme day, as text
    assert any("入户走访排查各类纠纷等" in p.text for p in doc.paragraphs)
