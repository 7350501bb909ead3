"""`fieldops report weekly`: every figure recomputed from the rows, the workbook read back, the
GeoJSON checked, the WeChat text bounded, the county roll-up, and webhook delivery."""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from ops.runtime.settings import load_settings
from tests.conftest import DEMO_DATA

SETTINGS = load_settings()
TZ = SETTINGS.tz


def load(fieldops, name="色务乡", prefix="SW", tmp_path=None):
    for kind, file in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        path = DEMO_DATA / file
        if kind == "staff" and prefix != "SW":
            path = tmp_path / f"{prefix}.csv"
            path.write_text(
                (DEMO_DATA / file).read_text(encoding="utf-8-sig").replace("SW-", f"{prefix}-"),
                encoding="utf-8",
            )
        assert fieldops("import", kind, path, "-t", name).exit_code == 0


@pytest.fixture
def week(db, fieldops):
    """Last ISO week, with a roster, check-ins, a patrol track, hazards and a dispatcher's work."""
    from ops.identity.auth import Principal
    from ops.intake.hazards import store_hazards, transition
    from ops.intake.store import store_checkins, store_tracks
    from ops.models import Assignment, Post, RosterShift
    from ops.services.coverage import refresh_patrol

    load(fieldops)
    today = datetime.now(TZ).date()
    monday = today - timedelta(days=today.weekday() + 7)
    assert (
        fieldops(
            "roster",
            "generate",
            "-t",
            "色务乡",
            "--start",
            (monday - timedelta(days=7)).isoformat(),
            "--days",
            "14",
        ).exit_code
        == 0
    )
    begin = datetime.combine(monday, time(0), tzinfo=TZ).astimezone(UTC)
    with Session(db.engine, expire_on_commit=False) as session:
        rows = session.exec(
            select(Assignment, RosterShift, Post).where(Assignment.roster_shift_id == RosterShift.id, RosterShift.post_id == Post.id)
            .where(RosterShift.starts_at >= begin - timedelta(days=7), RosterShift.starts_at < begin + timedelta(days=7))
            .order_by(RosterShift.starts_at, Assignment.staff_id)
        ).all()  # fmt: skip
        items = []
        for n, (assignment, shift, post) in enumerate(rows):
            if n % 5 == 4:
                continue  # a no-show
            late = 30 if n % 7 == 0 else 2
            items.append({"id": str(uuid.uuid4()), "staff_id": assignment.staff_id, "kind": "in",
                          "recorded_at": (shift.starts_at + timedelta(minutes=late)).isoformat(), "lon": post.lon, "lat": post.lat})  # fmt: skip
        store_checkins(session=session, items=items, settings=SETTINGS)
        patrol = next((a, s, p) for a, s, p in rows if p.kind == "village" and s.starts_at >= begin)
        start = patrol[1].starts_at
        points = [
            [
                patrol[2].lon + i * 0.0004,
                patrol[2].lat,
                (start + timedelta(seconds=30 * i)).isoformat(),
                6.0,
            ]
            for i in range(60)
        ]
        store_tracks(
            session=session,
            items=[{"id": str(uuid.uuid4()), "staff_id": patrol[0].staff_id, "points": points}],
        )
        refresh_patrol(
            session=session,
            staff_id=patrol[0].staff_id,
            day=start.astimezone(TZ).date(),
            settings=SETTINGS,
        )
        crossing = next(p for _, _, p in rows if p.kind == "intersection")
        reports = [{"id": str(uuid.uuid4()), "staff_id": "SW-001", "category": c, "recorded_at": (begin + timedelta(days=d, hours=3)).isoformat(),
                    "lon": crossing.lon, "lat": crossing.lat, "description": "测试", "people_reached": r}
                   for c, d, r in (("no_helmet", 0, 3), ("no_helmet", 1, 2), ("speeding", 2, 1), ("safety", 3, 0), ("dispute", -2, 1))]  # fmt: skip
        store_hazards(session=session, items=reports, settings=SETTINGS)
        dispatcher = Principal(role="dispatcher", name="调度员")
        transition(session=session, hazard_id=reports[0]["id"], to="dispatched", actor=dispatcher, assignee="次仁",
                   due=begin + timedelta(days=2), note="")  # fmt: skip
        transition(
            session=session,
            hazard_id=reports[1]["id"],
            to="closed",
            actor=dispatcher,
            assignee=None,
            due=None,
            note="重复",
        )
        session.exec(
            text("UPDATE hazard_transition SET at = :at"), params={"at": begin + timedelta(days=4)}
        )
        session.commit()
    return monday


def run_report(fieldops, week, out, *extra):
    label = f"{week.isocalendar()[0]}-W{week.isocalendar()[1]:02d}"
    result = fieldops("report", "weekly", "--week", label, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    return json.loads((out / "summary.json").read_text(encoding="utf-8")), result


def independent_figures(db, monday):
    """The headline figures straight from the rows, by plain SQL and loops."""
    begin = datetime.combine(monday, time(0), tzinfo=TZ).astimezone(UTC)
    end = begin + timedelta(days=7)
    with db.engine.connect() as c:
        newest = c.execute(text("SELECT max(version) FROM roster")).scalar_one()
        shifts = c.execute(text(
            "SELECT s.id, s.starts_at, s.ends_at, p.kind FROM roster_shift s JOIN roster r ON r.id = s.roster_id "
            "JOIN post p ON p.id = s.post_id WHERE r.version = :v"), {"v": newest}).all()  # fmt: skip
        people = c.execute(text(
            "SELECT a.roster_shift_id, a.staff_id FROM assignment a JOIN roster r ON r.id = a.roster_id WHERE r.version = :v"),
            {"v": newest}).all()  # fmt: skip
        ins = c.execute(
            text("SELECT staff_id, recorded_at, status FROM checkin WHERE kind = 'in'")
        ).all()
        hazards = c.execute(
            text("SELECT id, category, people_reached, recorded_at, due FROM hazard")
        ).all()
        steps = c.execute(text("SELECT hazard_id, to_status, at FROM hazard_transition")).all()

    def utc(value):
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    week_shifts = {
        sid: (utc(s), utc(e), kind) for sid, s, e, kind in shifts if begin <= utc(s) < end
    }
    came = Counter()
    figures = Counter()
    for shift_id, staff in people:
        if shift_id not in week_shifts:
            continue
        start, stop, kind = week_shifts[shift_id]
        status = next((st for who, at, st in sorted(ins, key=lambda r: utc(r[1]))
                       if who == staff and st in ("on_time", "late") and start - timedelta(hours=2) <= utc(at) < stop), None)  # fmt: skip
        figures[status or "missed"] += 1
        came[shift_id] += status is not None
    for shift_id, (_, _, kind) in week_shifts.items():
        figures[f"{kind}_planned"] += 1
        figures[f"{kind}_filled"] += came[shift_id] > 0
    for hid, category, reached, at, due in hazards:
        if begin <= utc(at) < end:
            figures["reported"] += 1
            figures["people_reached"] += reached
            figures[f"v:{category}"] += 1
        history = sorted((utc(a), to) for h, to, a in steps if h == hid)
        state = (
            ([to for a, to in history if a < end] or ["reported"])[-1] if utc(at) < end else None
        )
        if state is not None and state != "closed":
            figures["open"] += 1
            figures["overdue"] += bool(due and utc(due) < end)
        figures["closed"] += any(to == "closed" and begin <= a < end for a, to in history)
    return figures


def test_every_headline_figure_is_recomputed_from_the_rows(db, fieldops, week, tmp_path):
    summary, result = run_report(fieldops, week, tmp_path / "out", "--township", "色务乡")
    assert set(summary) >= {
        "township",
        "week",
        "kpis",
        "villages",
        "posts",
        "staff",
        "hazards",
        "trend",
    }
    k, f = summary["kpis"], independent_figures(db, week)
    assert (k["patrols_planned"], k["patrols_done"]) == (f["village_planned"], f["village_filled"])
    assert (k["persuasion_planned"], k["persuasion_filled"]) == (
        f["intersection_planned"],
        f["intersection_filled"],
    )
    assert (k["on_time"], k["late"], k["no_shows"]) == (f["on_time"], f["late"], f["missed"])
    assert k["on_time_rate"] == pytest.approx(
        f["on_time"] / (f["on_time"] + f["late"] + f["missed"]), abs=1e-4
    )
    assert k["people_reached"] == f["people_reached"] == 6
    assert (
        k["violations"]["no_helmet"] == f["v:no_helmet"] == 2 and k["violations"]["speeding"] == 1
    )
    assert k["violations_total"] == 3  # safety is a hazard, not a traffic violation
    assert (k["hazards_reported"], k["hazards_closed"], k["hazards_open"], k["hazards_overdue"]) == (
        f["reported"], f["closed"], f["open"], f["overdue"]) == (4, 1, 4, 1)  # fmt: skip
    staff_shifts = sum(s["shifts"] for s in summary["staff"])
    assert staff_shifts == f["on_time"] + f["late"] + f["missed"]
    assert len(summary["trend"]) == 4 and summary["trend"][-1]["week"] == summary["week"]
    previous = summary["trend"][-2]
    assert k["change"]["no_shows"] is not None and previous["no_shows"] >= 0
    assert "准时率" in result.stdout  # the headline table


def test_village_coverage_matches_cells_counted_with_h3_directly(db, fieldops, week, tmp_path):
    import h3
    from shapely.geometry import shape

    from ops.models import Village

    summary, _ = run_report(fieldops, week, tmp_path / "out", "--township", "色务乡")
    begin_day, end_day = week, week + timedelta(days=6)
    with Session(db.engine) as session:
        villages = {v.code: v for v in session.exec(select(Village))}
        effort = session.exec(text("SELECT cell, day, millimetres FROM cell_effort")).all()
    visited = {}
    for cell, stored_day, mm in effort:
        day = (
            stored_day
            if not isinstance(stored_day, str)
            else datetime.fromisoformat(stored_day).date()
        )
        if begin_day <= day <= end_day:
            visited[cell] = visited.get(cell, 0) + mm
    covered_any = False
    for row in summary["villages"]:
        area = shape(villages[row["id"]].geometry)
        parts = list(getattr(area, "geoms", [area]))
        cells = set()
        for part in parts:
            shell = [(lat, lon) for lon, lat in part.exterior.coords]
            cells |= set(h3.polygon_to_cells(h3.LatLngPoly(shell), 9))
        if not cells:
            continue
        covered = cells & set(visited)
        assert row["cells_total"] == len(cells)
        assert row["cells_covered"] == len(covered)
        assert row["km"] == pytest.approx(sum(visited[c] for c in covered) / 1e6, abs=1e-3)
        covered_any |= bool(covered)
    assert covered_any


def test_workbook_geojson_and_wechat_text(db, fieldops, week, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "out"
    summary, _ = run_report(fieldops, week, out, "--township", "色务乡")
    book = load_workbook(out / "summary.xlsx")
    assert book.sheetnames == ["概览", "村", "路口", "人员", "隐患台账"]
    assert book["村"].max_row == 1 + len(summary["villages"])
    assert book["路口"].max_row == 1 + len(summary["posts"])
    assert book["人员"].max_row == 1 + len(summary["staff"])
    assert book["隐患台账"].max_row == 1 + len(summary["hazards"])
    ledger = [row for row in book["隐患台账"].iter_rows(min_row=2, values_only=True)]
    assert any(row[6] == "是" for row in ledger)  # the overdue one
    collection = json.loads((out / "coverage.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert {f["properties"]["kind"] for f in collection["features"]} >= {"village", "post"}
    wechat = (out / "wechat.txt").read_text(encoding="utf-8")
    assert len(wechat) <= 1000 and wechat.startswith("【色务乡") and "村巡逻" in wechat
    assert (
        (out / "summary.html")
        .read_text(encoding="utf-8")
        .lstrip()
        .lower()
        .startswith("<!doctype html")
    )


def test_english_report(db, fieldops, week, tmp_path):
    run_report(fieldops, week, tmp_path / "en", "--township", "色务乡", "--lang", "en")
    assert "Village patrols" in (tmp_path / "en" / "wechat.txt").read_text(encoding="utf-8")


def test_county_rolls_every_township_into_one(db, fieldops, week, tmp_path):
    load(fieldops, "帕那镇", "PN", tmp_path)
    today = datetime.now(TZ).date()
    assert (
        fieldops(
            "roster",
            "generate",
            "-t",
            "帕那镇",
            "--start",
            (today - timedelta(days=today.weekday() + 7)).isoformat(),
            "--days",
            "7",
        ).exit_code
        == 0
    )
    one, _ = run_report(fieldops, week, tmp_path / "one", "--township", "色务乡")
    other, _ = run_report(fieldops, week, tmp_path / "other", "--township", "帕那镇")
    county, _ = run_report(fieldops, week, tmp_path / "county", "--county")
    assert set(county["townships"]) == {"色务乡", "帕那镇"} and "2个乡镇" in county["township"]
    for key in (
        "patrols_planned",
        "persuasion_planned",
        "no_shows",
        "hazards_reported",
        "stale_cells",
    ):
        assert county["kpis"][key] == one["kpis"][key] + other["kpis"][key]
    assert len(county["villages"]) == 16 and {v["township"] for v in county["villages"]} == {
        "色务乡",
        "帕那镇",
    }


class Robot(BaseHTTPRequestHandler):
    """A group robot on loopback: records what it gets, answers as told."""

    received: ClassVar[list] = []
    answers: ClassVar[list] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Robot.received.append(json.loads(body))
        status = Robot.answers.pop(0) if Robot.answers else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b'{"errcode": 0}' if status == 200 else b"oops")

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    Robot.received, Robot.answers = [], []
    server = HTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/send"
    server.shutdown()


def test_webhook_posts_the_wechat_text_after_a_failed_attempt(
    db, fieldops, week, tmp_path, robot, monkeypatch
):
    monkeypatch.setenv("FIELDOPS_WEBHOOK_URL", robot)
    Robot.answers = [500]
    run_report(fieldops, week, tmp_path / "out", "--township", "色务乡")
    assert len(Robot.received) == 2  # retried after the failure
    assert Robot.received[-1] == {
        "msgtype": "text",
        "text": {"content": (tmp_path / "out" / "wechat.txt").read_text(encoding="utf-8")},
    }


def test_webhook_that_keeps_failing_never_breaks_the_report(
    db, fieldops, week, tmp_path, robot, monkeypatch
):
    monkeypatch.setenv("FIELDOPS_WEBHOOK_URL", robot)
    Robot.answers = [500, 500, 500]
    summary, result = run_report(fieldops, week, tmp_path / "out", "--township", "色务乡")
    assert len(Robot.received) == 3
    assert "webhook" in result.stderr
    assert (tmp_path / "out" / "summary.xlsx").exists() and summary["week"]


def test_bad_week_and_missing_township(fieldops, db, tmp_path):
    bad = fieldops("report", "weekly", "--township", "色务乡", "--week", "48", "--out", tmp_path)
    assert bad.exit_code == 1 and "2026-W48" in bad.stderr
    both = fieldops("report", "weekly", "--week", "2026-W48", "--out", tmp_path)
    assert both.exit_code == 1 and "--county" in both.stderr


def test_a_makeup_checkin_counts_as_present_and_shows_as_makeup_in_the_figures(
    db, fieldops, week, tmp_path
):
    """A dispatcher's 补签 for a no-show turns it into a presence, counted apart as 补签."""
    from ops.identity.auth import Principal
    from ops.intake.makeup import record_makeup
    from ops.models import Assignment, RosterShift

    before, _ = run_report(fieldops, week, tmp_path / "before", "--township", "色务乡")
    begin = datetime.combine(week, time(0), tzinfo=TZ).astimezone(UTC)
    with Session(db.engine) as session:
        present = {
            c
            for (c,) in session.execute(
                text("SELECT assignment_id FROM checkin WHERE assignment_id IS NOT NULL")
            )
        }
        missed = next(
            (a, s) for a, s in session.exec(
                select(Assignment, RosterShift).where(Assignment.roster_shift_id == RosterShift.id)
                .where(RosterShift.starts_at >= begin, RosterShift.starts_at < begin + timedelta(days=7))
                .order_by(RosterShift.starts_at)
            ) if a.id not in present
        )  # fmt: skip
        record_makeup(session=session, principal=Principal(role="dispatcher", name="调度员"), staff_id=missed[0].staff_id,
                      assignment_id=missed[0].id, recorded_at=missed[1].starts_at, reason="手机没电",
                      item_id=None, settings=SETTINGS)  # fmt: skip
    after, _ = run_report(fieldops, week, tmp_path / "after", "--township", "色务乡")
    assert after["kpis"]["made_up"] == before["kpis"]["made_up"] + 1 == 1
    assert after["kpis"]["no_shows"] == before["kpis"]["no_shows"] - 1
    wechat = (tmp_path / "after" / "wechat.txt").read_text(encoding="utf-8")
    assert "补签1人次" in wechat
