"""The weekly summary and the year's figures at county scale (13 townships, ~1,000 staff).

1. `fieldops report weekly --county`: 50,000 check-ins and 1,000,000 track points in one week,
   rolled into one summary (all five files). Target < 10 s.
2. `fieldops report period --county` over the 52 weeks up to that week: a year of rosters (the
   week's roster repeated, each week a version of its own), an on-time check-in for most
   assignments, and a year of every record kind (visits, disputes, petitions, events, hazard
   reports) in each township. Target < 10 s for all three files.

Builds the data first (not timed): the demo township copied 13 times side by side, a roster for
each, check-ins through the workers' storage code, patrol tracks stored and their cell effort
computed; the year's rows are inserted in bulk. Prints JSON lines.
Run: `.venv/bin/python benchmarks/report.py [--quick] [--backend sqlite|postgres]`.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "ops" / "demo" / "data"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NAMES = [
    "色务乡",
    "帕那镇",
    "扎曲乡",
    "强玛镇",
    "措玛乡",
    "滩堆乡",
    "帕度乡",
    "玛曲乡",
    "岗尼乡",
    "雁石坪镇",
    "多玛乡",
    "玛荣乡",
    "岗加乡",
]


def township_files(workdir: Path, index: int) -> tuple[Path, Path]:
    """The demo township's GeoJSON moved east by `index` x 0.4 degrees, and its staff renamed."""
    data = json.loads((DEMO / "sewu.geojson").read_text(encoding="utf-8"))
    moved = copy.deepcopy(data)

    def shift(coords):  # type: ignore[no-untyped-def]
        if coords and isinstance(coords[0], (int, float)):
            return [coords[0] + 0.4 * index, coords[1]]
        return [shift(c) for c in coords]

    for feature in moved["features"]:
        if feature.get("geometry"):
            feature["geometry"]["coordinates"] = shift(feature["geometry"]["coordinates"])
    geo = workdir / f"t{index}.geojson"
    geo.write_text(json.dumps(moved, ensure_ascii=False), encoding="utf-8")
    staff = workdir / f"t{index}.csv"
    staff.write_text(
        (DEMO / "staff.csv").read_text(encoding="utf-8-sig").replace("SW-", f"T{index:02d}-"),
        encoding="utf-8",
    )
    return geo, staff


def build(
    settings, townships: int, checkins: int, points: int, workdir: Path
) -> tuple[object, object]:  # type: ignore[no-untyped-def]
    from sqlmodel import Session, select

    from ops.importing.geo import import_geo
    from ops.importing.shifts import import_shifts
    from ops.importing.staff import import_staff
    from ops.intake.store import store_checkins, store_tracks
    from ops.models import Post, StaffMember, Township
    from ops.runtime.db import make_engine
    from ops.runtime.migrate import upgrade
    from ops.services.coverage import refresh_patrol
    from ops.services.rosters import generate_roster

    engine = make_engine(settings)
    upgrade(engine)
    today = datetime.now(settings.tz).date()
    monday = today - timedelta(days=today.weekday() + 7)
    rng = random.Random(3)
    with Session(engine, expire_on_commit=False) as session:
        for i in range(townships):
            geo, staff = township_files(workdir, i)
            import_geo(session=session, path=geo, township_name=NAMES[i], settings=settings)
            import_staff(session=session, path=staff, township_name=NAMES[i], settings=settings)
            import_shifts(
                session=session, path=DEMO / "shifts.csv", township_name=NAMES[i], settings=settings
            )
            generate_roster(
                session=session,
                township_name=NAMES[i],
                start=monday,
                days=7,
                settings=settings,
                time_limit=None,
            )
        people = session.exec(select(StaffMember.id, StaffMember.township_id)).all()
        posts = {
            t: [p for p in session.exec(select(Post).where(Post.township_id == t))]
            for t in {tid for _, tid in people}
        }
        begin = datetime.combine(monday, clock(0), tzinfo=settings.tz).astimezone(UTC)
        batch = []
        for n in range(checkins):
            staff_id, township_id = people[n % len(people)]
            post = posts[township_id][n % len(posts[township_id])]
            at = begin + timedelta(seconds=rng.randint(0, 7 * 86400 - 1))
            batch.append({"id": str(uuid.uuid4()), "staff_id": staff_id, "kind": "in" if n % 2 else "out",
                          "recorded_at": at.isoformat(), "lon": post.lon, "lat": post.lat, "accuracy_m": 8.0})  # fmt: skip
            if len(batch) == 500:
                store_checkins(session=session, items=batch, settings=settings)
                batch = []
        if batch:
            store_checkins(session=session, items=batch, settings=settings)
        patrols = _tracks(posts, people, begin, points, rng)
        for _staff, _day, chunk in patrols:
            store_tracks(session=session, items=[chunk])
        for staff_id, day in {(s, d) for s, d, _ in patrols}:
            refresh_patrol(session=session, staff_id=staff_id, day=day, settings=settings)
        names = [t.name for t in session.exec(select(Township))]
    return engine, (monday, names)


def _tracks(posts, people, begin, points, rng):  # type: ignore[no-untyped-def]
    """Patrols walking out from their village post: 2,000-point patrols until `points` are spent."""
    out = []
    per = 2000
    for n in range(points // per):
        staff_id, township_id = people[n % len(people)]
        post = [p for p in posts[township_id] if p.kind == "village"][n % 8]
        day = n % 7
        start = begin + timedelta(days=day, hours=9 + rng.random() * 3)
        lon, lat = post.lon, post.lat
        heading = rng.uniform(0, 2 * math.pi)
        rows = []
        for k in range(per):
            heading += rng.gauss(0, 0.2)
            lon += math.cos(heading) * 3.0 / (111_320 * math.cos(math.radians(lat)))
            lat += math.sin(heading) * 3.0 / 111_320
            rows.append(
                [round(lon, 6), round(lat, 6), (start + timedelta(seconds=3 * k)).isoformat(), 6.0]
            )
        local_day = (start + timedelta(hours=8)).date()
        out.append(
            (staff_id, local_day, {"id": str(uuid.uuid4()), "staff_id": staff_id, "points": rows})
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="3 townships, 5,000 check-ins, 100,000 points"
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--only", choices=["week", "year"], help="one of the two reports")
    args = parser.parse_args()
    townships, checkins, points = (3, 5_000, 100_000) if args.quick else (13, 50_000, 1_000_000)
    if args.only == "year":
        checkins, points = 0, 0

    from ops.runtime.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="fieldops-report-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'bench.db'}" if args.backend == "sqlite" else _pg_schema()
        settings = load_settings(data_dir=workdir, database_url=url, webhook_url=None)
        started = time.perf_counter()
        engine, (monday, names) = build(settings, townships, checkins, points, workdir)
        setup = time.perf_counter() - started
        if args.only != "year":
            _week(engine, settings, monday, names, workdir, args, checkins, points, setup)
        if args.only != "week":
            _year(engine, settings, monday, workdir, args)


def _week(engine, settings, monday, names, workdir, args, checkins, points, setup):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    from sqlmodel import Session

    from ops.reports.weekly import week_label
    from ops.reports.weekly_files import write_weekly

    with Session(engine, expire_on_commit=False) as session:
        started = time.perf_counter()
        report = write_weekly(
            session=session,
            township=None,
            monday=monday,
            out=workdir / "out",
            settings=settings,
        )
        seconds = time.perf_counter() - started
    k = report.summary["kpis"]
    print(json.dumps({
        "name": "county_week_summary", "backend": args.backend, "week": week_label(monday), "townships": len(names),
        "staff": len(report.summary["staff"]), "checkins": checkins, "track_points": points,
        "seconds": round(seconds, 2), "target_seconds": 10, "met": seconds < 10, "setup_seconds": round(setup, 1),
        "patrols_done": k["patrols_done"], "mean_village_coverage": k["mean_village_coverage"],
    }, ensure_ascii=False), flush=True)  # fmt: skip


def _year(engine, settings, monday, workdir, args):  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    started = time.perf_counter()
    _, counts = build_year(engine, settings, monday, workdir)
    setup = time.perf_counter() - started
    from ops.reports.period import Period
    from ops.reports.period_files import write_period

    span = Period(monday - timedelta(weeks=51), monday + timedelta(days=6))
    with Session(engine, expire_on_commit=False) as session:
        started = time.perf_counter()
        year = write_period(session=session, township=None, period=span, out=workdir / "year",
                            settings=settings)  # fmt: skip
        seconds = time.perf_counter() - started
    f = year.summary["figures"]
    print(json.dumps({
        "name": "county_year_figures", "backend": args.backend, "from": span.first.isoformat(),
        "to": span.last.isoformat(), "townships": len(year.summary["townships"]), **counts,
        "seconds": round(seconds, 2), "target_seconds": 10, "met": seconds < 10, "setup_seconds": round(setup, 1),
        "visits": f["visits"]["visits"], "patrols_done": f["patrols"]["done"],
        "patrols_planned": f["patrols"]["planned"], "violations": f["traffic"]["violations"],
    }, ensure_ascii=False), flush=True)  # fmt: skip


YEAR_RECORDS = {
    "visits": 300,
    "disputes": 60,
    "petitions": 12,
    "events": 120,
    "hazards": 2_000,
}  # per township


def build_year(engine, settings, monday, workdir: Path) -> tuple[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    """The 51 weeks before `monday`'s week: rosters, check-ins, records (bulk, not timed)."""
    from sqlalchemy import insert
    from sqlmodel import Session, select

    from ops.models import (
        Assignment,
        CheckIn,
        Roster,
        RosterShift,
        StaffMember,  # fmt: skip
        Township,
        Village,
    )

    rng = random.Random(12)
    counts = dict.fromkeys(("roster_shifts", "assignments", "checkins", *YEAR_RECORDS), 0)
    now = datetime.now(UTC)
    with Session(engine, expire_on_commit=False) as session:
        for township in session.exec(select(Township)).all():
            week = session.exec(select(Roster).where(Roster.township_id == township.id)).one()
            shifts = session.exec(select(RosterShift).where(RosterShift.roster_id == week.id)).all()
            crews: dict[int, list[str]] = {}
            for a in session.exec(select(Assignment).where(Assignment.roster_id == week.id)):
                crews.setdefault(a.roster_shift_id, []).append(a.staff_id)
            checkins = []
            for back in range(1, 52):
                roster = Roster(township_id=township.id, version=week.version + back,
                                start_date=week.start_date - timedelta(weeks=back), days=7, status="optimal",
                                shortfall=0, max_load=week.max_load, penalties={}, solve_seconds=0.0)  # fmt: skip
                session.add(roster)
                session.flush()
                for shift in shifts:
                    copy_ = RosterShift(**(shift.model_dump(exclude={"id", "roster_id"}) | {
                        "roster_id": roster.id, "starts_at": shift.starts_at - timedelta(weeks=back),
                        "ends_at": shift.ends_at - timedelta(weeks=back)}))  # fmt: skip
                    session.add(copy_)
                    session.flush()
                    counts["roster_shifts"] += 1
                    for person in crews.get(shift.id or 0, []):
                        session.add(
                            Assignment(
                                roster_id=roster.id, roster_shift_id=copy_.id, staff_id=person
                            )
                        )
                        counts["assignments"] += 1
                        if rng.random() < 0.9:
                            checkins.append({"id": str(uuid.uuid4()), "staff_id": person, "kind": "in",
                                             "recorded_at": copy_.starts_at - timedelta(minutes=5), "lon": 91.7,
                                             "lat": 32.2, "accuracy_m": 8.0, "post_id": copy_.post_id,
                                             "status": "on_time", "received_at": now, "source": "phone", "crs": "wgs84"})  # fmt: skip
            for i in range(0, len(checkins), 5000):
                session.execute(insert(CheckIn), checkins[i : i + 5000])
            counts["checkins"] += len(checkins)
            people = list(
                session.exec(select(StaffMember.id).where(StaffMember.township_id == township.id))
            )
            villages = list(
                session.exec(select(Village.id).where(Village.township_id == township.id))
            )
            _year_records(session, township.id, people, villages, monday, rng, counts, now)
            session.commit()
    return 0, counts


def _year_records(session, township_id, people, villages, monday, rng, counts, now):  # type: ignore[no-untyped-def]  # noqa: PLR0917
    from sqlalchemy import insert

    from ops.models import DisputeCase, Hazard, LawEvent, Petition, Visit

    first = monday - timedelta(weeks=51)

    def day():  # type: ignore[no-untyped-def]
        return first + timedelta(days=rng.randrange(357))

    def moment():  # type: ignore[no-untyped-def]
        return datetime.combine(day(), clock(rng.randint(1, 10)), tzinfo=UTC)

    stamp = {"received_at": now}
    office = stamp | {"updated_at": now, "recorded_by": "bench", "township_id": township_id}
    rows = {
        Visit: [stamp | {"id": str(uuid.uuid4()), "township_id": township_id, "staff_id": rng.choice(people),
                         "visited_at": moment(), "village_id": rng.choice(villages), "household": "户",
                         "purpose": "dispute_check", "findings": "正常", "disputes_found": rng.random() < 0.1}
                for _ in range(YEAR_RECORDS["visits"])],
        DisputeCase: [office | {"id": str(uuid.uuid4()), "category": "grassland", "amount_yuan": rng.randint(0, 900),
                                "status": "mediated", "found_on": (d := day()), "closed_on": d}
                      for _ in range(YEAR_RECORDS["disputes"])],
        Petition: [office | {"id": str(uuid.uuid4()), "received_on": (d := day()), "subject": "咨询",
                             "handled_on": d, "resolved_on": d, "satisfaction": "satisfied"}
                   for _ in range(YEAR_RECORDS["petitions"])],
        LawEvent: [office | {"id": str(uuid.uuid4()), "kind": rng.choice(("publicity", "publicity", "training", "study")),
                             "held_on": day(), "people_reached": rng.randint(5, 60), "items_given": rng.randint(0, 40)}
                   for _ in range(YEAR_RECORDS["events"])],
        Hazard: [stamp | {"id": str(uuid.uuid4()), "staff_id": rng.choice(people),
                          "category": rng.choice(("no_helmet", "speeding", "safety", "dispute", "petition")),
                          "recorded_at": moment(), "lon": 91.7, "lat": 32.2, "description": "巡查发现",
                          "people_reached": rng.randint(0, 5), "status": "closed", "updated_at": now}
                 for _ in range(YEAR_RECORDS["hazards"])],
    }  # fmt: skip
    for model, items in rows.items():
        session.execute(insert(model), items)
    for key, model in (("visits", Visit), ("disputes", DisputeCase), ("petitions", Petition),
                       ("events", LawEvent), ("hazards", Hazard)):  # fmt: skip
        counts[key] += len(rows[model])


def _pg_schema() -> str:
    from sqlalchemy import create_engine, text

    schema = f"fo_bench_{uuid.uuid4().hex[:8]}"
    with create_engine(PG_URL).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


if __name__ == "__main__":
    main()
