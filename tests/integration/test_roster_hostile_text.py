"""`fieldops roster show` in every format when staff and posts carry hostile names (#15, #17).

The people on duty and every post are renamed with formulas, every C0 control character, right-to-
left overrides, emoji, markup and iCalendar syntax; each format must come out whole, with the names
as text: never a formula, never a control character a terminal or calendar would obey.
PostgreSQL text cannot hold NUL, so there the stored names lack it.
"""

from __future__ import annotations

import csv
import json
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from tests.conftest import DEMO_DATA
from tests.hostile_text import (
    FORMULA_STARTS,
    HOSTILE,
    csv_shows,
    excel_reads,
    line_shows,
    printable,
    without_bidi_closers,
    xlsx_shows,
    xml_chars,
)

DAY = "2026-12-01"
SHOW = ("roster", "show", "-t", "色务乡", "-d", DAY)


@pytest.fixture
def hostile_roster(db, fieldops):
    """A day's roster whose people on duty and posts are all named with hostile text."""
    from ops.models import Assignment, Post, StaffMember, Village

    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        assert fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡").exit_code == 0
    assert (
        fieldops("roster", "generate", "-t", "色务乡", "--start", DAY, "--days", "1").exit_code == 0
    )
    texts = list(HOSTILE.values())
    if db.backend != "sqlite":
        texts = [t.replace("\x00", "") for t in texts]
    with Session(db.engine) as session:
        ids = sorted(
            set(session.exec(select(Assignment.staff_id)).all())
        )  # the only roster: that day
        on_duty = [session.get(StaffMember, staff_id) for staff_id in ids]
        posts = session.exec(select(Post).order_by(col(Post.id))).all()
        villages = session.exec(select(Village).order_by(col(Village.id))).all()
        assert len(on_duty) >= len(texts)
        for i, row in enumerate([*on_duty, *posts, *villages]):
            row.name = texts[i % len(texts)]
        session.commit()
    return texts


def test_csv_and_xlsx_keep_every_name_as_text_and_the_counts_as_numbers(
    hostile_roster, fieldops, tmp_path
):
    names = hostile_roster
    assert fieldops(*SHOW, "-f", "csv", "--out", tmp_path / "r.csv").exit_code == 0
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    people = [r for r in rows if r[5]]
    assert {r[6] for r in people} == {csv_shows(n) for n in names}  # formulas behind an apostrophe
    assert {r[4] for r in rows} <= {csv_shows(n) for n in names}  # post names too
    assert {r[8] for r in people} == {"0"}  # the shortfall column stays a plain number

    assert fieldops(*SHOW, "-f", "xlsx", "--out", tmp_path / "r.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    cells = [row for row in sheet.iter_rows(min_row=3) if row[5].value]
    assert len(cells) == len(people)
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    stored = {xlsx_shows(n): n for n in names}
    for row in cells:
        name, original = row[6], stored[excel_reads(row[6].value)]
        assert name.data_type == "s" and row[8].data_type == "n" and row[8].value == 0
        assert name.quotePrefix == xml_chars(original).startswith(FORMULA_STARTS)
    assert {excel_reads(row[6].value) for row in cells} == set(stored)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_name_starting_like_a_formula_is_text_in_csv_and_xlsx(
    hostile_roster, fieldops, tmp_path, start
):
    name = next(n for n in hostile_roster if xml_chars(n).startswith(start))
    fieldops(*SHOW, "-f", "csv", "--out", tmp_path / "r.csv")
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as handle:
        shown = {r[6] for r in csv.reader(handle)}
    assert "'" + xml_chars(name) in shown and xml_chars(name) not in shown
    fieldops(*SHOW, "-f", "xlsx", "--out", tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    (cell, *_) = [row[6] for row in sheet.iter_rows(min_row=3) if row[6].value == xlsx_shows(name)]
    assert cell.data_type == "s" and cell.quotePrefix


def test_json_keeps_the_names_as_stored(hostile_roster, fieldops):
    shown = json.loads(fieldops(*SHOW, "-f", "json").stdout)
    assert {p["name"] for s in shown["shifts"] for p in s["staff"]} == set(hostile_roster)
    assert {s["post"]["name"] for s in shown["shifts"]} <= set(hostile_roster)


def test_wechat_and_table_print_names_on_one_line_with_nothing_a_terminal_obeys(
    hostile_roster, fieldops
):
    wechat = fieldops(*SHOW, "-f", "wechat")
    assert wechat.exit_code == 0 and printable(wechat.stdout)
    lines = wechat.stdout.splitlines()
    assert lines[0].startswith("【色务乡 12月1日") and lines[-1].startswith("请按时到岗")
    for name in hostile_roster:
        assert line_shows(name)[:30] in wechat.stdout, name
    table = fieldops(*SHOW, "-f", "table")
    assert table.exit_code == 0 and printable(table.stdout)
    assert (
        "[/]" in table.stdout and "[bold" in table.stdout
    )  # markup shown, not obeyed (nor a crash)


def unfolded(ics: str) -> list[str]:
    """Content lines of an iCalendar text, folded lines joined (RFC 5545 3.1)."""
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    return ics.replace("\r\n ", "").split("\r\n")[:-1]


def value_of(line: str) -> str:
    """The unescaped TEXT value of a content line."""
    raw = line.split(":", 1)[1]
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def test_ics_keeps_every_event_whole_and_every_name_inside_its_property(
    hostile_roster, fieldops, tmp_path
):
    assert fieldops(*SHOW, "-f", "ics", "--out", tmp_path / "r.ics").exit_code == 0
    lines = unfolded((tmp_path / "r.ics").read_bytes().decode("utf-8"))
    assert all(re.match(r"[A-Z-]+[:;]", line) for line in lines), "a name broke out of its line"
    assert printable("\n".join(lines))
    people = json.loads(fieldops(*SHOW, "-f", "json").stdout)["shifts"]
    assert sum(line == "BEGIN:VEVENT" for line in lines) == sum(len(s["staff"]) for s in people)
    assert not any(line.startswith("DTSTART:1970") for line in lines)
    places = {
        without_bidi_closers(value_of(line)) for line in lines if line.startswith("LOCATION:")
    }
    assert places <= {without_bidi_closers(line_shows(n)) for n in hostile_roster}
    details = "\n".join(value_of(line) for line in lines if line.startswith("DESCRIPTION:"))
    for name in hostile_roster:
        assert without_bidi_closers(line_shows(name)) in details, name


def test_township_and_coverage_tables_show_hostile_names_without_obeying_them(
    hostile_roster, fieldops
):
    for args in (
        ("township", "show", "色务乡"),
        ("coverage", "-t", "色务乡", "--from", DAY, "--to", DAY),
    ):
        result = fieldops(*args)
        assert result.exit_code == 0, result.output
        assert printable(result.stdout) and "[/]" in result.stdout, args
