"""Rosters from the database: generate, store versions, show in every format, repair, explain."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from tests.conftest import DEMO_DATA


@pytest.fixture
def demo(db, fieldops):
    for kind, name in (
        ("geo", "sewu.geojson"),
        ("staff", "staff.csv"),
        ("shifts", "shifts.csv"),
        ("leave", "leave.csv"),
    ):
        result = fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡")
        assert result.exit_code == 0, result.output
    return db


def generate(fieldops, start="2026-11-30", days="7"):
    result = fieldops("roster", "generate", "-t", "色务乡", "--start", start, "--days", days)
    assert result.exit_code == 0, result.output
    return result


def rebuilt(db, day):
    """The stored roster as a scheduler problem and assignments, checked independently."""
    from datetime import date

    from ops.runtime.db import session_scope
    from ops.runtime.settings import load_settings
    from ops.services.roster_changes import roster_problem

    with session_scope(db.engine) as session:
        _, roster, _, problem, pairs = roster_problem(
            session, "色务乡", date.fromisoformat(day), load_settings()
        )
    return roster, problem, pairs


def test_generated_demo_week_is_complete_and_breaks_no_rule(demo, fieldops):
    from scheduler.model import Assignment
    from scheduler.rules import check

    result = generate(fieldops)
    assert "缺员 0" in result.stdout and "optimal" in result.stdout
    roster, problem, pairs = rebuilt(demo, "2026-12-01")
    assert roster.version == 1 and roster.shortfall == 0
    assert check(problem, [Assignment(k, s) for k, s in pairs]) == []
    assert len(pairs) == sum(h.min_staff for h in problem.shifts)


def test_people_on_leave_get_no_shift_during_their_leave(demo, fieldops):
    generate(fieldops)
    _, problem, pairs = rebuilt(demo, "2026-12-01")
    sick = problem.staff_by_id["SW-004"]  # 病假 2026-11-30 .. 2026-12-02 in the demo leave sheet
    assert sick.unavailable
    for key, staff in pairs:
        if staff == "SW-004":
            shift = problem.shift_by_id[key]
            assert not any(period.overlaps(shift.start, shift.end) for period in sick.unavailable)


def test_every_generation_is_a_new_version_and_show_uses_the_newest(demo, fieldops):
    generate(fieldops)
    generate(fieldops)
    shown = json.loads(
        fieldops("roster", "show", "-t", "色务乡", "-d", "2026-12-01", "-f", "json").stdout
    )
    assert shown["version"] == 2
    assert shown["date"] == "2026-12-01"
    assert all(
        s["start"].startswith("2026-12-01T") and s["start"].endswith("+08:00")
        for s in shown["shifts"]
    )
    patrols = [s for s in shown["shifts"] if s["post"]["kind"] == "village"]
    assert len(patrols) == 8 and all(len(s["staff"]) == 2 for s in patrols)


def test_show_formats_csv_wechat_ics_and_xlsx(demo, fieldops, tmp_path):
    from openpyxl import load_workbook

    generate(fieldops)
    args = ("roster", "show", "-t", "色务乡", "-d", "2026-12-01")
    rows = [r for r in csv.reader(io.StringIO(fieldops(*args, "-f", "csv").stdout)) if r]
    assert rows[0][:5] == ["日期", "开始", "结束", "岗位编号", "岗位"]
    people = [r for r in rows[1:] if r[5]]
    wechat = fieldops(*args, "-f", "wechat").stdout
    assert wechat.startswith("【色务乡 12月1日（周二）")
    assert "安置点东路口" in wechat and "色务村巡逻" in wechat
    assert all(r[6] in wechat for r in people)
    ics = fieldops(*args, "-f", "ics").stdout
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == len(people)
    assert all(len(line.encode()) <= 75 for line in ics.splitlines())
    one = fieldops(*args, "-f", "ics", "--staff", people[0][5], "--days", "7").stdout
    assert one.count("BEGIN:VEVENT") >= 1 and people[0][5] in one
    out = tmp_path / "roster.xlsx"
    assert fieldops(*args, "-f", "xlsx", "--out", out).exit_code == 0
    sheet = load_workbook(out).worksheets[0]
    assert sheet.max_row == len(rows) + 1  # title row + header + data
    english = fieldops(*args, "-f", "wechat", "--lang", "en").stdout
    assert "duty roster" in english


def test_repair_takes_the_absent_person_off_and_changes_little(demo, fieldops):
    generate(fieldops)
    _, _, before = rebuilt(demo, "2026-12-01")
    absent = next(s for k, s in before if k.startswith("X1-20261201-17"))
    result = fieldops(
        "roster",
        "repair",
        "-t",
        "色务乡",
        "-d",
        "2026-12-01",
        "--absent",
        absent,
        "--from",
        "12:00",
    )
    assert result.exit_code == 0, result.output
    assert "值班调整" in result.stdout and "安置点东路口" in result.stdout
    roster, problem, after = rebuilt(demo, "2026-12-01")
    assert roster.version == 2 and roster.kind == "repair" and roster.shortfall == 0
    noon = datetime(2026, 12, 1, 4, tzinfo=UTC)
    assert not [k for k, s in after if s == absent and problem.shift_by_id[k].end > noon]
    changed = set(before) ^ set(after)
    assert (
        0
        < len(changed)
        <= 2 * len([1 for k, s in before if s == absent and problem.shift_by_id[k].end > noon])
    )
    assert demo.count("leave") == 7  # the absence is recorded as leave


def test_repair_of_unknown_person_or_missing_roster_is_a_clear_error(demo, fieldops):
    missing = fieldops("roster", "repair", "-t", "色务乡", "-d", "2026-12-01", "--absent", "SW-001")
    assert missing.exit_code == 1 and "roster generate" in missing.stderr
    generate(fieldops)
    unknown = fieldops("roster", "repair", "-t", "色务乡", "-d", "2026-12-01", "--absent", "NOBODY")
    assert unknown.exit_code == 1 and "NOBODY" in unknown.stderr


def test_explain_lists_people_and_who_could_have_taken_each_slot(demo, fieldops):
    generate(fieldops)
    text = fieldops("roster", "explain", "-t", "色务乡", "-d", "2026-12-01").stdout
    assert "人员（平均" in text and "还可安排" in text
    data = json.loads(
        fieldops("roster", "explain", "-t", "色务乡", "-d", "2026-12-01", "-f", "json").stdout
    )
    assert len(data["people"]) == 80
    assert {"shift", "assigned", "could_take", "blocked"} <= set(data["shifts"][0])


def test_shortage_is_explained_not_silent(db, fieldops, tmp_path):
    fieldops("import", "geo", DEMO_DATA / "sewu.geojson", "-t", "色务乡")
    staff = tmp_path / "staff.csv"
    staff.write_text("编号,姓名,角色,所属村\nA1,扎西,交通劝导员,SW01\n", encoding="utf-8")
    fieldops("import", "staff", staff, "-t", "色务乡")
    fieldops("import", "shifts", DEMO_DATA / "shifts.csv", "-t", "色务乡")
    result = generate(fieldops, days="2")
    assert "缺员" in result.stdout
    shown = json.loads(
        fieldops("roster", "show", "-t", "色务乡", "-d", "2026-11-30", "-f", "json").stdout
    )
    short = [s for s in shown["shifts"] if s["missing"]]
    assert short and all(s["reason"]["zh"] and s["reason"]["en"] for s in short)


ISSUE_PROBLEM = {
    "timezone": "Asia/Shanghai",
    "rules": {"min_rest_hours": 10, "max_shifts_per_day": 1},
    "staff": [
        {
            "id": "s01",
            "name": "扎西",
            "roles": ["traffic", "party_member"],
            "max_shifts_per_week": 5,
            "unavailable": [
                "2026-12-01",
                {"from": "2026-12-03T18:00:00+08:00", "to": "2026-12-04T09:00:00+08:00"},
            ],
            "home": [91.70, 32.27],
        },
    ],
    "posts": [
        {"id": "x1", "name": "安置点东路口", "kind": "intersection", "location": [91.68, 32.26]},
        {"id": "v1", "name": "一村", "kind": "village", "location": [91.60, 32.30]},
    ],
    "shifts": [
        {
            "id": "x1-20261130-am",
            "post": "x1",
            "start": "2026-11-30T08:00:00+08:00",
            "end": "2026-11-30T12:00:00+08:00",
            "min_staff": 1,
            "max_staff": 2,
            "roles_any": ["traffic"],
            "composition": [{"role": "party_member", "min": 1}],
        },
        {
            "id": "x1-20261130-pm",
            "post": "x1",
            "start": "2026-11-30T14:00:00+08:00",
            "end": "2026-11-30T18:00:00+08:00",
            "min_staff": 1,
            "roles_any": ["traffic"],
        },
    ],
}


def test_roster_solve_file_interface_writes_the_fixed_fields(fieldops, tmp_path):
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps(ISSUE_PROBLEM, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.json"
    result = fieldops("roster", "solve", "--problem", problem, "--out", out, "--time-limit", "5")
    assert result.exit_code == 0, result.output
    roster = json.loads(out.read_text(encoding="utf-8"))
    assert {
        "status",
        "assignments",
        "unfilled",
        "shortfall",
        "max_load",
        "penalties",
        "solve_seconds",
    } <= set(roster)
    assert roster["status"] == "optimal"
    # one person, two shifts the rest rule keeps apart: either way one place stays empty
    assert len(roster["assignments"]) == 1 and roster["assignments"][0]["staff"] == "s01"
    assert roster["shortfall"] == 1 and roster["max_load"] == 1
    (unfilled,) = roster["unfilled"]
    assert unfilled["shift"] != roster["assignments"][0]["shift"] and unfilled["missing"] == 1
    assert unfilled["reason"]["zh"] and unfilled["reason"]["en"]
    assert roster["penalties"]["travel_km"] > 0  # computed from home and post locations


def test_roster_solve_rejects_malformed_input_naming_the_record(fieldops, tmp_path):
    bad = json.loads(json.dumps(ISSUE_PROBLEM))
    bad["shifts"][1]["post"] = "nowhere"
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps(bad), encoding="utf-8")
    result = fieldops("roster", "solve", "--problem", problem, "--out", tmp_path / "r.json")
    assert result.exit_code != 0
    assert "x1-20261130-pm" in result.stderr and "nowhere" in result.stderr
    assert not (tmp_path / "r.json").exists()
