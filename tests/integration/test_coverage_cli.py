"""`fieldops coverage`: villages, cells and crossings covered in a period, from stored tracks and check-ins."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from ops.runtime.settings import load_settings
from tests.conftest import DEMO_DATA

SETTINGS = load_settings()
TZ = SETTINGS.tz


@pytest.fixture
def week(db, fieldops):
    """The demo township with a roster for last week (local Monday to Sunday)."""
    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        assert fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡").exit_code == 0
    today = datetime.now(TZ).date()
    monday = today - timedelta(days=today.weekday() + 7)
    assert (
        fieldops(
            "roster", "generate", "-t", "色务乡", "--start", monday.isoformat(), "--days", "7"
        ).exit_code
        == 0
    )
    return monday


def village_geometry(db, code):
    from ops.models import Village

    with Session(db.engine) as session:
        return session.exec(select(Village).where(Village.code == code)).one()


def walk_through(db, staff, village_code, day, minutes=30):
    """Store a patrol track crossing the village from west to east, through the worker's code path."""
    from shapely.geometry import shape

    from ops.intake.store import store_tracks
    from ops.services.coverage import refresh_patrol

    village = village_geometry(db, village_code)
    area = shape(village.geometry)
    west, _south, east, _north = area.bounds
    lat = area.representative_point().y
    start = datetime.combine(day, time(10), tzinfo=TZ).astimezone(UTC)
    count = minutes * 2  # a fix every 30 s
    points = [
        [
            west + (east - west) * i / (count - 1),
            lat,
            (start + timedelta(seconds=30 * i)).isoformat(),
            8.0,
        ]
        for i in range(count)
    ]
    with Session(db.engine) as session:
        store_tracks(
            session=session, items=[{"id": str(uuid.uuid4()), "staff_id": staff, "points": points}]
        )
        refresh_patrol(session=session, staff_id=staff, day=day, settings=SETTINGS)
    return points


def coverage_json(fieldops, first, last):
    result = fieldops(
        "coverage",
        "-t",
        "色务乡",
        "--from",
        first.isoformat(),
        "--to",
        last.isoformat(),
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_patrol_covers_the_cells_of_the_village_it_crosses(db, fieldops, week):
    from geo.crs import path_length_m

    points = walk_through(db, "SW-020", "SW03", week + timedelta(days=1))
    data = coverage_json(fieldops, week, week + timedelta(days=6))
    assert set(data) >= {"period", "villages", "posts"}
    assert data["period"] == {
        "from": week.isoformat(),
        "to": (week + timedelta(days=6)).isoformat(),
    }
    villages = {v["id"]: v for v in data["villages"]}
    assert set(villages) == {f"SW0{i}" for i in range(1, 9)}
    crossed = villages["SW03"]
    assert crossed["cells_covered"] > 0 and crossed["patrols"] == 1
    assert 0 < crossed["coverage_ratio"] <= 1
    walked_km = path_length_m([p[0] for p in points], [p[1] for p in points]) / 1000
    assert 0.5 * walked_km < crossed["km"] <= walked_km * 1.01
    assert crossed["minutes"] <= 30.0
    assert crossed["stale_cells"] == crossed["cells_total"] - crossed["cells_covered"]
    assert all(
        v["cells_covered"] == 0 and v["last_visit"] is None
        for k, v in villages.items()
        if k != "SW03"
    )
    assert set(crossed) >= {
        "id",
        "name",
        "cells_total",
        "cells_covered",
        "coverage_ratio",
        "km",
        "minutes",
        "patrols",
        "last_visit",
        "stale_cells",
    }


def test_crossings_count_planned_filled_on_time_late_and_missed(db, fieldops, week):
    from ops.intake.store import store_checkins
    from ops.models import Assignment, Post, RosterShift

    day = week + timedelta(days=2)
    begin = datetime.combine(day, time(0), tzinfo=TZ).astimezone(UTC)
    with Session(db.engine, expire_on_commit=False) as session:
        rows = session.exec(
            select(Assignment, RosterShift, Post)
            .where(
                Assignment.roster_shift_id == RosterShift.id,
                RosterShift.post_id == Post.id,
                Post.code == "X1",
            )
            .where(
                RosterShift.starts_at >= begin, RosterShift.starts_at < begin + timedelta(days=1)
            )
            .order_by(RosterShift.starts_at)
        ).all()
        (am, am_shift, post), (pm, pm_shift, _) = rows[0], rows[1]

        def checkin(staff, at, kind="in"):
            return {
                "id": str(uuid.uuid4()),
                "staff_id": staff,
                "kind": kind,
                "recorded_at": at.isoformat(),
                "lon": post.lon,
                "lat": post.lat,
                "accuracy_m": 5,
            }

        store_checkins(
            session=session,
            items=[checkin(am.staff_id, am_shift.starts_at + timedelta(minutes=2)),
                   checkin(am.staff_id, am_shift.starts_at + timedelta(minutes=92), "out"),
                   checkin(pm.staff_id, pm_shift.starts_at + timedelta(minutes=25))],
            settings=SETTINGS,
        )  # fmt: skip
    x1 = next(
        p
        for p in coverage_json(fieldops, week, week + timedelta(days=6))["posts"]
        if p["id"] == "X1"
    )
    assert x1["shifts_planned"] == 14  # both windows every day
    assert x1["shifts_filled"] == 2 and x1["on_time"] == 1 and x1["late"] == 1
    assert x1["missed"] == 12  # the other people never checked in
    assert x1["minutes_present"] == pytest.approx(
        90 + (pm_shift.ends_at - pm_shift.starts_at).total_seconds() / 60 - 25
    )
    assert {
        "id",
        "name",
        "shifts_planned",
        "shifts_filled",
        "on_time",
        "late",
        "missed",
        "minutes_present",
        "people_reached",
        "violations",
    } <= set(x1)


def test_violations_and_people_reached_come_from_reports_made_at_the_crossing(db, fieldops, week):
    from ops.intake.hazards import store_hazards

    x1 = next(p for p in coverage_json(fieldops, week, week)["posts"] if p["id"] == "X1")
    at = datetime.combine(week, time(9), tzinfo=TZ)
    items = [{"id": str(uuid.uuid4()), "staff_id": "SW-001", "category": c, "recorded_at": at.isoformat(),
              "lon": x1["lon"], "lat": x1["lat"], "description": "", "people_reached": n}
             for c, n in (("no_helmet", 3), ("no_helmet", 2), ("speeding", 1))]  # fmt: skip
    with Session(db.engine) as session:
        store_hazards(session=session, items=items, settings=SETTINGS)
    x1 = next(p for p in coverage_json(fieldops, week, week)["posts"] if p["id"] == "X1")
    assert x1["people_reached"] == 6 and x1["violations"] == {"no_helmet": 2, "speeding": 1}


def test_geojson_is_rfc7946_with_villages_cells_and_posts(db, fieldops, week, tmp_path):
    walk_through(db, "SW-020", "SW05", week)
    out = tmp_path / "c.geojson"
    result = fieldops(
        "coverage",
        "-t",
        "色务乡",
        "--from",
        week.isoformat(),
        "--to",
        week.isoformat(),
        "-f",
        "geojson",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("village") == 8 and kinds.count("cell") > 0 and kinds.count("post") == 14
    for feature in collection["features"]:
        if feature["geometry"]["type"] == "Polygon":
            ring = feature["geometry"]["coordinates"][0]
            assert ring[0] == ring[-1]
            assert sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) > 0
    from geo.io import parse_township_geojson
    from ops.importing.geo import import_geo  # noqa: F401  (the output re-imports as GeoJSON)

    parsed = parse_township_geojson(out.read_text(encoding="utf-8"))
    assert len(parsed.villages) >= 8


def test_table_format_and_bad_dates(db, fieldops, week):
    table = fieldops(
        "coverage",
        "-t",
        "色务乡",
        "--from",
        week.isoformat(),
        "--to",
        (week + timedelta(days=6)).isoformat(),
    )
    assert table.exit_code == 0 and "色务村" in table.stdout and "安置点东路口" in table.stdout
    backwards = fieldops("coverage", "-t", "色务乡", "--from", "2026-12-07", "--to", "2026-12-01")
    assert backwards.exit_code == 1 and "ends before" in backwards.stderr
    bad = fieldops("coverage", "-t", "色务乡", "--from", "yesterday", "--to", "2026-12-01")
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.stderr
