"""`fieldops report period`: the year's figures counted from the records, as Word, Excel and JSON.

Every figure is recomputed here from the rows with queries of the test's own, the Word document is
opened with python-docx (headings, sentences, tables) and rendered to PDF when a converter is
installed, the workbook is read back, and one more record changes one figure.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text
from sqlmodel import Session

from ops.runtime.settings import load_settings
from tests.factories import add_township

TZ = load_settings().tz
YEAR = 2025
AREA_TITLES = ("法治专题学习", "普法宣传", "调解员培训指导", "入户走访", "隐患排查", "矛盾纠纷调解",
               "信访事项", "治安巡逻", "交通劝导")  # fmt: skip


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ).astimezone(UTC)


def _id() -> str:
    return str(uuid.uuid4())


def add_staff(engine: Any, township_id: int, people: list[tuple[str, str]]) -> None:
    """Staff rows (id, name) of a township."""
    from ops.models import StaffMember

    with Session(engine) as session:
        for staff_id, name in people:
            session.add(
                StaffMember(id=staff_id, township_id=township_id, name=name, roles=["patrol"])
            )
        session.commit()


def add_week_of_duty(engine: Any, township_id: int, monday: date, present: dict[str, int]) -> None:
    """A roster for the week of `monday`: each day a morning patrol of each village (one person)
    and a crossing shift with as many persuaders as the day's number; `present` says how many of
    the week's patrols get an on-time (or, every third, late) check-in."""
    from ops.models import Assignment, CheckIn, Post, Roster, RosterShift

    with Session(engine) as session:
        posts = session.exec(text("SELECT id, kind FROM post WHERE township_id = :t ORDER BY id"),
                             params={"t": township_id}).all()  # fmt: skip
        people = [r[0] for r in session.exec(
            text("SELECT id FROM staff_member WHERE township_id = :t ORDER BY id"), params={"t": township_id})]  # fmt: skip
        version = session.exec(text("SELECT count(*) FROM roster WHERE township_id = :t"),
                               params={"t": township_id}).one()[0] + 1  # fmt: skip
        roster = Roster(township_id=township_id, version=version, start_date=monday, days=7,
                        status="optimal", shortfall=0, max_load=7, penalties={}, solve_seconds=0.1)  # fmt: skip
        session.add(roster)
        session.flush()
        checkins_left = present["patrols"]
        for offset in range(7):
            day = monday + timedelta(days=offset)
            for post_id, kind in posts:
                post = session.get(Post, post_id)
                assert post is not None
                crew = (
                    people[: present["persuaders"][offset]]
                    if kind == "intersection"
                    else [people[offset % len(people)]]
                )
                start = _utc(day, 9 if kind == "village" else 8)
                shift = RosterShift(roster_id=roster.id or 0, key=f"{post.code}-{day:%Y%m%d}", post_id=post_id,
                                    starts_at=start, ends_at=start + timedelta(hours=3), min_staff=1,
                                    max_staff=len(crew), roles_any=[], composition=[], kind=kind)  # fmt: skip
                session.add(shift)
                session.flush()
                for person in crew:
                    session.add(
                        Assignment(
                            roster_id=roster.id or 0, roster_shift_id=shift.id or 0, staff_id=person
                        )
                    )
                if kind == "village" and checkins_left > 0:
                    checkins_left -= 1
                    late = checkins_left % 3 == 0
                    session.add(CheckIn(id=_id(), staff_id=crew[0], kind="in", lon=91.71, lat=32.21,
                                        recorded_at=start + timedelta(minutes=20 if late else -5),
                                        status="late" if late else "on_time", post_id=post_id))  # fmt: skip
        session.commit()


def vetted(model: Any, items: list[dict[str, Any]], **stamp: Any) -> list[dict[str, Any]]:
    """Items as the API queues them for the worker: checked by the door's schema, then stamped."""
    from ops.intake.schemas import to_task_payload

    return [to_task_payload(model.model_validate(item)) | stamp for item in items]


def add_records(engine: Any, township_id: int, day: date, *, visits: int, disputes: list[tuple[str, int]],
                events: list[dict[str, Any]], petitions: list[str | None], hazards: list[tuple[str, int]]) -> None:  # fmt: skip
    """Records on (or from) local `day`, through the same store functions the workers use."""
    from ops.intake.hazards import store_hazards
    from ops.intake.schemas import HazardItem
    from ops.records.schemas import DisputeItem, EventItem, PetitionItem, VisitItem
    from ops.records.store import store_disputes, store_events, store_petitions, store_visits

    with Session(engine) as session:
        people = [r[0] for r in session.exec(
            text("SELECT id FROM staff_member WHERE township_id = :t ORDER BY id"), params={"t": township_id})]  # fmt: skip
        village = session.exec(text("SELECT id FROM village WHERE township_id = :t ORDER BY id"),
                               params={"t": township_id}).first()[0]  # fmt: skip
        store_visits(session=session, items=vetted(VisitItem, [
            {"id": _id(), "staff_id": people[i % len(people)], "visited_at": _utc(day, 10, i % 60).isoformat(),
             "village_id": village, "household": f"{i}号户", "purpose": "dispute_check", "findings": "",
             "disputes_found": i % 2} for i in range(visits)]))  # fmt: skip
        store_disputes(session=session, items=vetted(DisputeItem, [
            {"id": _id(), "township_id": township_id, "category": "grassland", "amount_yuan": amount,
             "status": status, "found_on": day.isoformat(),
             "closed_on": (day + timedelta(days=3)).isoformat() if status in ("mediated", "failed", "referred") else None,
             } for status, amount in disputes], recorded_by="调度员"))  # fmt: skip
        store_events(session=session, items=vetted(EventItem, [
            {"id": _id(), "township_id": township_id, "held_on": day.isoformat()} | e for e in events],
            recorded_by="调度员"))  # fmt: skip
        store_petitions(session=session, items=vetted(PetitionItem, [
            {"id": _id(), "township_id": township_id, "received_on": day.isoformat(), "subject": "草场补奖",
             "handled_on": day.isoformat() if mood else None, "resolved_on": day.isoformat() if mood else None,
             "satisfaction": mood or None} for mood in petitions], recorded_by="调度员"))  # fmt: skip
        store_hazards(session=session, settings=load_settings(), items=vetted(HazardItem, [
            {"id": _id(), "staff_id": people[i % len(people)], "category": category,
             "recorded_at": _utc(day, 11, i).isoformat(), "lon": 91.71, "lat": 32.21,
             "description": "路口劝导", "people_reached": reached} for i, (category, reached) in enumerate(hazards)]))  # fmt: skip


def seed(db: Any, name: str = "色务乡") -> int:
    """A township with three people, a week of duty in 2025, a year of records, and a little of 2024."""
    township = add_township(db.engine, name=name)
    prefix = "S" if name == "色务乡" else "T"
    add_staff(
        db.engine,
        township,
        [(f"{prefix}001", "扎西"), (f"{prefix}002", "卓玛"), (f"{prefix}003", "次仁")],
    )
    add_week_of_duty(
        db.engine, township, date(2025, 3, 3), {"patrols": 10, "persuaders": [1, 2, 3, 3, 2, 1, 2]}
    )
    publicity = {"kind": "publicity", "theme": "4.15 全民国家安全教育日", "online": False, "people_reached": 120,
                 "items_given": 80, "banners": 3, "questions_answered": 4}  # fmt: skip
    add_records(db.engine, township, date(2025, 4, 15), visits=7,
                disputes=[("mediated", 1200), ("mediated", 300), ("referred", 900), ("mediating", 0)],
                events=[publicity, publicity | {"online": True, "theme": "", "items_given": 0, "banners": 0},
                        {"kind": "training"}, {"kind": "study"}, {"kind": "study"}],
                petitions=["satisfied", "unsatisfied", None],
                hazards=[("safety", 0), ("dispute", 0), ("no_helmet", 12), ("speeding", 5), ("other", 9)])  # fmt: skip
    add_records(
        db.engine,
        township,
        date(2025, 12, 31),
        visits=2,
        disputes=[],
        events=[],
        petitions=[],
        hazards=[("petition", 0)],
    )  # the last local day counts
    add_records(
        db.engine,
        township,
        date(2026, 1, 1),
        visits=3,
        disputes=[("mediated", 50)],
        events=[{"kind": "study"}],
        petitions=[],
        hazards=[],
    )  # the next year does not
    add_records(db.engine, township, date(2024, 6, 1), visits=6,
                disputes=[("mediated", 100), ("mediated", 200), ("mediated", 300), ("failed", 0)],
                events=[{"kind": "study"}, {"kind": "study"}], petitions=["satisfied"], hazards=[])  # fmt: skip
    return township


def recount(db: Any, first: date, last: date) -> dict[str, dict[str, Any]]:
    """The figures, recomputed with plain SQL over the stored rows (local days [first, last])."""
    begin, end = _utc(first, 0), _utc(last + timedelta(days=1), 0)
    days = {"a": first, "b": last}
    times = {"a": begin, "b": end}
    with db.engine.connect() as c:

        def one(sql: str, params: dict[str, Any]) -> Any:
            return c.execute(text(sql), params).scalar_one()

        def ev(where: str, what: str = "count(*)") -> int:
            return int(
                one(
                    f"SELECT coalesce({what}, 0) FROM law_event WHERE held_on BETWEEN :a AND :b AND ({where})",
                    days,
                )
            )

        def dis(where: str, what: str = "count(*)") -> int:
            return int(
                one(
                    f"SELECT coalesce({what}, 0) FROM dispute_case WHERE found_on BETWEEN :a AND :b AND ({where})",
                    days,
                )
            )

        def haz(where: str, what: str = "count(*)") -> int:
            return int(
                one(
                    f"SELECT coalesce({what}, 0) FROM hazard WHERE recorded_at >= :a AND recorded_at < :b AND ({where})",
                    times,
                )
            )

        def pet(where: str) -> int:
            return int(
                one(
                    f"SELECT count(*) FROM petition WHERE received_on BETWEEN :a AND :b AND ({where})",
                    days,
                )
            )

        patrols = c.execute(
            text(
                "SELECT s.id, s.starts_at, s.ends_at FROM roster_shift s JOIN post p ON p.id = s.post_id "
                "WHERE p.kind = 'village' AND s.starts_at >= :a AND s.starts_at < :b"
            ),
            times,
        ).all()
        done = 0
        for shift_id, *window in patrols:
            starts, ends = (
                w if isinstance(w, datetime) else datetime.fromisoformat(w) for w in window
            )
            done += bool(
                c.execute(
                    text(
                        "SELECT count(*) FROM checkin k JOIN assignment a ON a.staff_id = k.staff_id "
                        "WHERE a.roster_shift_id = :s AND k.kind = 'in' AND k.status IN ('on_time', 'late') "
                        "AND k.recorded_at >= :from_ AND k.recorded_at < :to"
                    ),
                    {"s": shift_id, "from_": starts - timedelta(hours=2), "to": ends},
                ).scalar_one()
            )
        crews = [
            n
            for (n,) in c.execute(
                text(
                    "SELECT count(DISTINCT a.staff_id) FROM assignment a JOIN roster_shift s ON s.id = a.roster_shift_id "
                    "JOIN post p ON p.id = s.post_id WHERE p.kind = 'intersection' AND s.starts_at >= :a AND s.starts_at < :b "
                    "GROUP BY s.key"
                ),
                times,
            ).all()
        ]
        rated = pet("satisfaction IS NOT NULL AND resolved_on IS NOT NULL")
        content = pet(
            "satisfaction IN ('satisfied', 'basically_satisfied') AND resolved_on IS NOT NULL"
        )
        traffic = "category IN ('no_helmet', 'no_seatbelt', 'speeding', 'lane_occupation', 'mixed_passenger_cargo', 'other_traffic')"
        return {
            "study": {"sessions": ev("kind = 'study'")},
            "publicity": {"events": ev("kind = 'publicity'"), "online": ev("kind = 'publicity' AND online"),
                          "offline": ev("kind = 'publicity' AND NOT online"),
                          "people_reached": ev("kind = 'publicity'", "sum(people_reached)"),
                          "items_given": ev("kind = 'publicity'", "sum(items_given)"),
                          "banners": ev("kind = 'publicity'", "sum(banners)"),
                          "questions_answered": ev("kind = 'publicity'", "sum(questions_answered)")},
            "training": {"sessions": ev("kind = 'training'")},
            "visits": {"visits": int(one("SELECT count(*) FROM visit WHERE visited_at >= :a AND visited_at < :b", times)),
                       "disputes_found": int(one("SELECT coalesce(sum(disputes_found), 0) FROM visit WHERE visited_at >= :a AND visited_at < :b", times)),
                       "mediated": dis("status = 'mediated'")},
            "sweeps": {"reports": haz("category IN ('safety', 'petition', 'dispute')"), "safety": haz("category = 'safety'"),
                       "petition": haz("category = 'petition'"), "dispute": haz("category = 'dispute'"),
                       "closed": haz("category IN ('safety', 'petition', 'dispute') AND status = 'closed'")},
            "disputes": {"cases": dis("1 = 1"), "amount_yuan": dis("1 = 1", "sum(amount_yuan)"),
                         "mediated": dis("status = 'mediated'"), "failed": dis("status = 'failed'"),
                         "referred": dis("status = 'referred'"), "open": dis("status IN ('found', 'mediating')")},
            "petitions": {"received": pet("1 = 1"), "handled": pet("handled_on IS NOT NULL OR resolved_on IS NOT NULL"),
                          "resolved": pet("resolved_on IS NOT NULL"), "rated": rated,
                          "satisfaction_rate": round(content / rated, 4) if rated else None},
            "patrols": {"planned": len(patrols), "done": done},
            "traffic": {"persuader_days": len(crews), "persuaders_min": min(crews, default=None),
                        "persuaders_max": max(crews, default=None), "violations": haz(traffic),
                        "people_reached": haz(traffic, "sum(people_reached)")},
        }  # fmt: skip


def docx_text(path: Path) -> tuple[list[str], list[str], list[list[list[str]]]]:
    """Headings, other paragraphs, and tables (rows of cell texts) of a Word document."""
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    paragraphs = [
        p.text for p in doc.paragraphs if not p.style.name.startswith(("Heading", "Title"))
    ]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    return headings, paragraphs, tables


def test_every_figure_of_the_year_is_counted_from_the_rows_into_word_excel_and_json(
    db, fieldops, tmp_path
):
    seed(db)
    out = tmp_path / "figures"
    result = fieldops("report", "period", "--township", "色务乡", "--year", str(YEAR), "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["figures.docx", "figures.json", "figures.xlsx"]
    data = json.loads((out / "figures.json").read_text())
    expected = recount(db, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert data["figures"] == expected
    assert expected["visits"]["visits"] == 9 and expected["patrols"] == {"planned": 14, "done": 10}
    assert (expected["traffic"]["persuaders_min"], expected["traffic"]["persuaders_max"]) == (1, 3)
    assert data["period"] == {
        "from": "2025-01-01",
        "to": "2025-12-31",
        "label": "2025年",
        "label_en": "2025",
    }
    # a year earlier has visits, disputes, study sessions and a petition: those areas compare
    earlier = recount(db, date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31))
    areas = {a["key"]: a for a in data["areas"]}
    assert areas["visits"]["previous"] == earlier["visits"]
    assert areas["visits"]["change"]["visits"] == round((9 - 6) / 6, 4)
    assert areas["patrols"]["previous"] is None and areas["patrols"]["change"] == {}
    assert (
        areas["visits"]["sentence"]
        == "入户走访排查各类纠纷等9次，发现纠纷4起，成功调解2次，同比下降33%。"
    )
    assert areas["disputes"]["sentence"].startswith(
        "排查调解矛盾纠纷4起、涉及资金2400元，与上年同期持平，"
    )
    assert (
        areas["petitions"]["sentence"]
        == "受理群众信访事项3件，同比上升200%，化解2件，群众满意度50%。"
    )
    assert (
        areas["traffic"]["sentence"]
        == "每天指派1-3名交通劝导员，发现交通违法行为2起，宣传道路交通安全常识17人次。"
    )
    assert "同比" not in areas["patrols"]["sentence"]  # nothing a year earlier to compare with

    headings, paragraphs, tables = docx_text(out / "figures.docx")
    assert headings[0] == "色务乡2025年主要工作数据"
    assert [h.split("）", 1)[1] for h in headings if h.startswith("（")] == list(AREA_TITLES)
    for area in data["areas"]:
        assert area["sentence"] in paragraphs
    visits_table = next(t for t in tables if t[1][0] == "入户走访（次）")
    assert visits_table[0] == ["指标", "本期", "上年同期", "同比"]
    assert visits_table[1] == ["入户走访（次）", "9", "6", "同比上升50%"]
    theme_table = next(t for t in tables if t[0][0] == "主题日")
    assert ["4.15 全民国家安全教育日", "1", "120", "80", "3", "4"] in theme_table

    book = load_workbook(out / "figures.xlsx")
    assert book.sheetnames == ["概览", "法治学习", "普法宣传", "培训指导", "入户走访", "隐患排查", "矛盾纠纷",
                               "信访事项", "治安巡逻", "交通违法", "每日劝导员"]  # fmt: skip
    counted = {
        name: list(book[name].iter_rows(min_row=2, values_only=True)) for name in book.sheetnames
    }
    assert len(counted["入户走访"]) == 9 and len(counted["法治学习"]) == 2
    assert len(counted["矛盾纠纷"]) == 4 and sum(r[4] for r in counted["矛盾纠纷"]) == 2400
    assert len(counted["治安巡逻"]) == 14 and sum(r[6] == "是" for r in counted["治安巡逻"]) == 10
    assert sorted(r[2] for r in counted["每日劝导员"]) == [1, 1, 2, 2, 2, 3, 3]
    assert sum(r[6] for r in counted["交通违法"]) == 17
    overview = {(r[0], r[1]): r[2:5] for r in counted["概览"]}
    assert overview[("入户走访", "入户走访（次）")] == ("9", "6", "同比上升50%")


def test_one_more_record_changes_its_figure(db, fieldops, tmp_path):
    township = seed(db)
    first = fieldops(
        "report",
        "period",
        "-t",
        "色务乡",
        "--from",
        "2025-04-01",
        "--to",
        "2025-04-30",
        "-o",
        tmp_path / "a",
    )
    assert first.exit_code == 0, first.output
    add_records(db.engine, township, date(2025, 4, 20), visits=0, disputes=[("mediated", 500)], events=[],
                petitions=[], hazards=[])  # fmt: skip
    second = fieldops(
        "report",
        "period",
        "-t",
        "色务乡",
        "--from",
        "2025-04-01",
        "--to",
        "2025-04-30",
        "-o",
        tmp_path / "b",
    )
    assert second.exit_code == 0, second.output
    before, after = (
        json.loads((tmp_path / d / "figures.json").read_text())["figures"] for d in "ab"
    )
    assert after["disputes"]["cases"] == before["disputes"]["cases"] + 1
    assert after["disputes"]["amount_yuan"] == before["disputes"]["amount_yuan"] + 500
    assert after["visits"]["mediated"] == before["visits"]["mediated"] + 1
    changed = {(k, f) for k in after for f in after[k] if after[k][f] != before[k][f]}
    assert changed == {("disputes", "cases"), ("disputes", "amount_yuan"), ("disputes", "mediated"),
                       ("visits", "mediated")}  # fmt: skip
    assert any(
        p.startswith("排查调解矛盾纠纷5起、涉及资金2900元")
        for p in docx_text(tmp_path / "b" / "figures.docx")[1]
    )


def test_county_figures_add_up_every_township(db, fieldops, tmp_path):
    seed(db)
    seed(db, name="玛曲乡")
    result = fieldops(
        "report", "period", "--county", "--year", str(YEAR), "--out", tmp_path, "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "figures.json").read_text())
    assert data["townships"] == ["玛曲乡", "色务乡"] and "(2 townships)" in data["township"]
    assert data["figures"]["visits"]["visits"] == 18 and data["figures"]["patrols"]["done"] == 20
    assert "18 household visits" in result.stdout
    book = load_workbook(tmp_path / "figures.xlsx")
    assert {r[0] for r in book["visits"].iter_rows(min_row=2, values_only=True)} == {
        "玛曲乡",
        "色务乡",
    }
    headings = docx_text(tmp_path / "figures.docx")[0]
    assert "4. Household visits" in headings


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--year", "2025", "--from", "2025-01-01", "--to", "2025-02-01"], "--year"),
        ([], "--year"),
        (["--from", "2025-01-01"], "--year"),
        (["--from", "2025-13-01", "--to", "2025-12-31"], "--from"),
        (["--from", "2025-03-01", "--to", "2025-02-01"], "--to"),
        (["--year", "1999"], "--year"),
        (["--from", "0001-01-01", "--to", "2025-02-01"], "--from"),
    ],
)
def test_a_period_that_makes_no_sense_is_refused_by_name_and_nothing_is_written(
    db, fieldops, tmp_path, args, flag
):
    add_township(db.engine)
    result = fieldops("report", "period", "-t", "色务乡", *args, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert f"- {flag}" in result.stderr and "nothing written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_township_is_named(db, fieldops, tmp_path):
    add_township(db.engine)
    result = fieldops(
        "report", "period", "-t", "无此乡", "--year", "2025", "--out", tmp_path / "out"
    )
    assert result.exit_code != 0 and "无此乡" in result.output and "色务乡" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="no document converter (LibreOffice) on this machine"
)
def test_the_word_document_renders_to_pdf(db, fieldops, tmp_path):
    seed(db)
    assert (
        fieldops("report", "period", "-t", "色务乡", "--year", str(YEAR), "-o", tmp_path).exit_code
        == 0
    )
    profile = tmp_path / "lo-profile"  # a private LibreOffice profile: tests never share one
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(tmp_path / "figures.docx")],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    pdf = (tmp_path / "pdf" / "figures.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    if shutil.which("pdftotext"):
        shown = subprocess.run(["pdftotext", str(tmp_path / "pdf" / "figures.pdf"), "-"], capture_output=True,
                               check=True, text=True).stdout.replace(" ", "").replace("\n", "")  # fmt: skip
        assert "入户走访排查各类纠纷等9次" in shown and "治安巡逻" in shown


def test_an_office_extends_its_theme_days_from_the_command_line(db, fieldops):
    add_township(db.engine)
    assert "4.15 全民国家安全教育日" in fieldops("theme", "list", "-t", "色务乡").stdout
    for _ in range(2):
        added = fieldops("theme", "add", "藏历新年", "-t", "色务乡")
        assert added.exit_code == 0, added.output
    listed = fieldops("theme", "list", "-t", "色务乡").stdout.splitlines()
    assert listed[-1] == "藏历新年" and listed.count("藏历新年") == 1
    refused = fieldops("theme", "add", "x" * 65, "-t", "色务乡")
    assert refused.exit_code == 1 and "NAME" in refused.stderr
    assert fieldops("theme", "add", "y", "-t", "无此乡").exit_code == 1


def test_a_township_with_no_records_reads_as_such(db, fieldops, tmp_path):
    add_township(db.engine)
    result = fieldops("report", "period", "-t", "色务乡", "--year", "2025", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    areas = {a["key"]: a for a in json.loads((tmp_path / "figures.json").read_text())["areas"]}
    assert areas["petitions"]["sentence"] == "受理群众信访事项0件，化解0件，群众满意度暂无评价。"
    assert (
        areas["traffic"]["sentence"]
        == "暂无路口劝导排班，发现交通违法行为0起，宣传道路交通安全常识0人次。"
    )
    assert all(a["previous"] is None and "同比" not in a["sentence"] for a in areas.values())
