"""`fieldops report weekly` from a database full of hostile text: every file written, text as text.

Names, places and hazard descriptions hold formulas (issue #15), every C0 control character,
right-to-left overrides, emoji ZWJ sequences, markup and a literal OOXML escape (issue #17).
PostgreSQL text cannot hold NUL at all, so on PostgreSQL the stored samples lack it; the
render test below feeds NUL, a lone surrogate and 32,000-character texts to the writers directly.
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from ops.runtime.settings import load_settings
from tests.conftest import DEMO_DATA
from tests.hostile_text import (
    FORMULA_STARTS,
    HOSTILE,
    ISSUE_15,
    SCRIPT,
    excel_reads,
    long_text,
    printable,
    xlsx_shows,
    xml_chars,
)

SETTINGS = load_settings()
TZ = SETTINGS.tz
NOT_IN_HTML = "".join(
    chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
)
BIDI_CLOSERS = {"\u202c", "\u2069"}


class Page(HTMLParser):
    """The tags, attribute values and text a browser would build from summary.html."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.titles: list[str] = []
        self.text = ""
        self.feed(
            html.replace("\r\n", "\n").replace("\r", "\n")
        )  # as a browser's input stream does
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.titles += [value or "" for name, value in attrs if name == "title"]

    def handle_data(self, data):
        self.text += data


def html_shows(text: str) -> str:
    """What the page should show of `text`: control characters gone, line breaks as LF (as browsers read them)."""
    return (
        "".join(c for c in text if c not in NOT_IN_HTML).replace("\r\n", "\n").replace("\r", "\n")
    )


def shown_whole(expected: str, found: list[str]) -> bool:
    """Whether one of `found` is `expected`, followed by nothing but bidi closers."""
    return any(f.startswith(expected) and set(f[len(expected) :]) <= BIDI_CLOSERS for f in found)


def storable(db, texts: list[str]) -> list[str]:
    """The samples as this backend can store them (PostgreSQL text refuses NUL)."""
    return texts if db.backend == "sqlite" else [t.replace("\x00", "") for t in texts]


def seed_hostile_week(db, fieldops) -> tuple[date, list[str], list[str]]:
    """The demo township renamed with hostile text, and last week's hazards described with it."""
    from ops.identity.auth import Principal
    from ops.intake.hazards import store_hazards, transition
    from ops.models import Post, StaffMember, Village

    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        assert fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡").exit_code == 0
    today = datetime.now(TZ).date()
    monday = today - timedelta(days=today.weekday() + 7)
    names = storable(db, list(HOSTILE.values()))
    descriptions = [*names, "长" * 1990 + names[0]]  # the stored limit is 2,000 characters
    with Session(db.engine, expire_on_commit=False) as session:
        staff = session.exec(select(StaffMember).order_by(col(StaffMember.id))).all()
        villages = session.exec(select(Village).order_by(col(Village.id))).all()
        posts = session.exec(
            select(Post).order_by(col(Post.kind), col(Post.id))
        ).all()  # crossings first
        for i, row in enumerate([*staff, *villages, *posts]):
            row.name = names[i % len(names)]
        session.commit()
        at = datetime.combine(monday + timedelta(days=2), time(9), tzinfo=TZ).astimezone(UTC)
        hazards = [{"id": str(uuid.uuid4()), "staff_id": staff[i].id, "category": ("no_helmet", "dispute")[i % 2],
                    "recorded_at": (at + timedelta(minutes=i)).isoformat(), "lon": posts[0].lon, "lat": posts[0].lat,
                    "description": text, "people_reached": i} for i, text in enumerate(descriptions)]  # fmt: skip
        store_hazards(session=session, items=hazards, settings=SETTINGS)
        transition(session=session, hazard_id=hazards[0]["id"], to="dispatched",
                   actor=Principal(role="dispatcher", name="调度员"), assignee=names[1], due=at, note="")  # fmt: skip
    return monday, names, descriptions


def test_weekly_report_from_hostile_text_writes_every_file_with_the_text_as_text(
    db, fieldops, tmp_path
):
    monday, names, descriptions = seed_hostile_week(db, fieldops)
    out = tmp_path / "out"
    week = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
    result = fieldops("report", "weekly", "--township", "色务乡", "--week", week, "--out", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "summary.html", "summary.xlsx", "summary.json", "coverage.geojson", "wechat.txt"}  # fmt: skip

    book = load_workbook(out / "summary.xlsx")
    assert [
        c.coordinate for s in book for row in s.iter_rows() for c in row if c.data_type == "f"
    ] == []
    ledger = {excel_reads(row[9].value): row for row in book["隐患台账"].iter_rows(min_row=2)}
    assert set(ledger) == {xlsx_shows(d) for d in descriptions}
    for text in descriptions:
        row = ledger[xlsx_shows(text)]
        assert row[9].data_type == "s" and row[9].quotePrefix == xml_chars(text).startswith(
            FORMULA_STARTS
        )
        assert row[8].data_type == "n"  # people reached stays a number
        assert row[2].data_type == "s" and excel_reads(row[2].value) in {
            xlsx_shows(n) for n in names
        }
    assert ledger[ISSUE_15][9].value == ISSUE_15
    staff_names = {excel_reads(row[2].value) for row in book["人员"].iter_rows(min_row=2)}
    assert staff_names == {xlsx_shows(n) for n in names}
    village_names = [row[2] for row in book["村"].iter_rows(min_row=2)]
    assert all(c.data_type == "s" and excel_reads(c.value) in staff_names for c in village_names)

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert sorted(h["description"] for h in summary["hazards"]) == sorted(descriptions)  # as stored
    assert {s["name"] for s in summary["staff"]} == set(names)
    collection = json.loads((out / "coverage.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["name"] for f in collection["features"]} <= set(names)

    page = Page((out / "summary.html").read_text(encoding="utf-8"))
    assert page.tags.isdisjoint({"script", "img", "iframe", "object", "link"})
    for text in descriptions:
        assert shown_whole(html_shows(text), page.titles), text[:40]
    for name in names:
        assert html_shows(name) in page.text, name
    assert SCRIPT in page.text  # shown as the words it is

    wechat = (out / "wechat.txt").read_text(encoding="utf-8")
    assert printable(wechat) and len(wechat) <= 1000 and "村巡逻" in wechat


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_weekly_file_is_rendered_from_32000_character_texts_nul_and_lone_surrogates(
    db, fieldops, lang
):
    from ops.models import Township
    from ops.reports.weekly import build_weekly_with_maps
    from ops.reports.weekly_files import FILES, merged_geojson, render_files

    monday, _, _ = seed_hostile_week(db, fieldops)
    with Session(db.engine) as session:
        township = session.exec(select(Township)).one()
        summary, maps = build_weekly_with_maps(session=session, townships=[township], monday=monday,
                                               settings=SETTINGS)  # fmt: skip
    huge = long_text(32_000) + "\x00\ud800"
    summary["township"] = "色务乡\x00\x1b\u202e" + ISSUE_15
    summary["hazards"][0] |= {"description": huge, "place": huge, "reporter": huge, "owner": huge}
    summary["villages"][0]["name"] = summary["staff"][0]["name"] = huge
    summary["kpis"]["lowest_village"] = summary["villages"][0]
    files = render_files(summary, merged_geojson(maps), lang)
    assert set(files) == set(FILES) and all(files.values())

    book = load_workbook(io.BytesIO(files["summary.xlsx"]))
    cell = next(
        r[9] for r in book["隐患台账"].iter_rows(min_row=2) if len(r[9].value or "") > 30_000
    )
    assert cell.data_type == "s" and len(cell.value.encode("utf-16-le")) // 2 <= 32_767
    assert xlsx_shows(huge.replace("\ud800", "\ufffd")).startswith(excel_reads(cell.value)[:-1])
    page = Page(files["summary.html"].decode("utf-8"))
    assert shown_whole(html_shows(huge.replace("\ud800", "\ufffd")), page.titles)
    assert json.loads(files["summary.json"])["hazards"][0]["description"] == huge  # kept as it came
    wechat = files["wechat.txt"].decode("utf-8")
    assert printable(wechat) and len(wechat) <= 1000
