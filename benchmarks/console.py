"""The office console, part 1, at county scale: the roster board's page and JSON, a hand edit.

Builds a county first (not timed): the demo township copied 13 times (1,040 staff); this week's
roster solved for each (`generate_roster`), then copied week by week 52 weeks back (a year of
rosters: 13 x 53 versions), with one check-in per duty of the year (in bulk). Then, against a
real `fieldops serve` and `fieldops worker` on Redis, prints JSON lines:

  db_round_trip   one bare `SELECT 1` through the app's engine from this process: p50 and p95 ms
                  (the floor of any database work in this run)
  healthz         GET /healthz, the floor of the HTTP round trip
  board_page / board_json   100 requests each, one at a time, as a township dispatcher (the first
                  township, this week): p50 and p95 ms and the ratio of p95 to the round trip
  hand_edit       40 saves, one at a time, taking a person off a shift and putting them back, each
                  naming the version it saw: checked by every hard rule and saved as a new version

Targets (issue 10, 2 cores): page and JSON p95 < 300 ms; a hand edit checked and saved < 500 ms.
Run: `.venv/bin/python benchmarks/console.py [--quick] [--backend postgres|sqlite]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.console_live import REDIS_URL, p, serve, timings  # noqa: E402
from benchmarks.report import DEMO, NAMES, _pg_schema, township_files  # noqa: E402
from ops.demo.run import stop_process  # noqa: E402


def build_county(settings: Any, townships: int, weeks: int, workdir: Path) -> dict[str, Any]:
    """The county (not timed): rosters for `weeks` weeks up to this one, a check-in per duty."""
    from sqlmodel import Session, select

    from ops.identity.accounts import add_account
    from ops.identity.auth import issue_token
    from ops.importing.geo import import_geo
    from ops.importing.shifts import import_shifts
    from ops.importing.staff import import_staff
    from ops.models import Township
    from ops.runtime.db import make_engine
    from ops.runtime.migrate import upgrade
    from ops.services.rosters import generate_roster

    engine = make_engine(settings)
    upgrade(engine)
    today = datetime.now(settings.tz).date()
    monday = today - timedelta(days=today.weekday())
    with Session(engine, expire_on_commit=False) as session:
        for i in range(townships):
            geo, staff = township_files(workdir, i)
            for run, path in (
                (import_geo, geo),
                (import_staff, staff),
                (import_shifts, DEMO / "shifts.csv"),
            ):
                run(session=session, path=path, township_name=NAMES[i], settings=settings)
            roster, _ = generate_roster(session=session, township_name=NAMES[i], start=monday, days=7,
                                        settings=settings, time_limit=None)  # fmt: skip
            _copy_back(session, roster.id or 0, weeks, settings)
        first = session.exec(select(Township).where(Township.name == NAMES[0])).one()
        add_account(session=session, name="bench", role="dispatcher", township=NAMES[0],
                    password="password-bench")  # fmt: skip
        token = issue_token(
            session=session, role="dispatcher", name="bench-token", township_id=first.id
        )
    year, number, _ = monday.isocalendar()
    return {"township_id": first.id, "week": f"{year}-W{number:02d}", "token": token, "engine": engine,
            "monday": monday}  # fmt: skip


def _copy_back(session: Any, roster_id: int, weeks: int, settings: Any) -> None:
    """Copies of a week's roster for each of `weeks - 1` weeks before it, with a check-in per duty."""
    from sqlalchemy import insert
    from sqlmodel import func, select

    from ops.models import Assignment, CheckIn, Post, Roster, RosterShift

    source = session.get(Roster, roster_id)
    shifts = session.exec(select(RosterShift).where(RosterShift.roster_id == roster_id)).all()
    people = session.exec(select(Assignment).where(Assignment.roster_id == roster_id)).all()
    posts = {
        p.id: p for p in session.exec(select(Post).where(Post.township_id == source.township_id))
    }
    version = session.exec(
        select(func.max(Roster.version)).where(Roster.township_id == source.township_id)
    ).one()
    checkins: list[dict[str, Any]] = []
    for back in range(1, weeks):
        delta = timedelta(days=7 * back)
        start: date = source.start_date - delta
        copy = Roster(township_id=source.township_id, version=version + back, start_date=start, days=7,
                      kind="generate", status=source.status, shortfall=source.shortfall,
                      max_load=source.max_load, penalties={}, solve_seconds=0.0, note="benchmark copy")  # fmt: skip
        session.add(copy)
        session.flush()
        new_ids: dict[int, RosterShift] = {}
        for shift in shifts:
            row = RosterShift(roster_id=copy.id or 0, key=f"{shift.key}-b{back}", post_id=shift.post_id,
                              template_id=shift.template_id, starts_at=shift.starts_at - delta,
                              ends_at=shift.ends_at - delta, min_staff=shift.min_staff, max_staff=shift.max_staff,
                              roles_any=shift.roles_any, composition=shift.composition, kind=shift.kind,
                              missing=shift.missing, reason=shift.reason)  # fmt: skip
            session.add(row)
            new_ids[shift.id or 0] = row
        session.flush()
        by_id = {s.id: s for s in shifts}
        session.execute(insert(Assignment), [
            {"roster_id": copy.id, "roster_shift_id": new_ids[a.roster_shift_id].id, "staff_id": a.staff_id}
            for a in people
        ])  # fmt: skip
        for a in people:
            shift = by_id[a.roster_shift_id]
            post = posts[shift.post_id]
            checkins.append({"id": str(uuid.uuid4()), "staff_id": a.staff_id, "kind": "in",
                             "recorded_at": shift.starts_at - delta - timedelta(minutes=3), "lon": post.lon,
                             "lat": post.lat, "accuracy_m": 8.0, "post_id": post.id, "status": "on_time",
                             "received_at": datetime.now(UTC), "source": "phone", "crs": "wgs84"})  # fmt: skip
    session.execute(insert(CheckIn), checkins)
    session.commit()


def db_round_trip(engine: Any, count: int) -> list[float]:
    """Milliseconds of `count` bare `SELECT 1` on a pooled connection of the app's engine."""
    from sqlalchemy import text

    spent = []
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        for _ in range(count):
            started = time.perf_counter()
            connection.execute(text("SELECT 1")).scalar()
            spent.append((time.perf_counter() - started) * 1000)
    return spent


def hand_edits(base: str, ids: dict[str, Any], count: int) -> list[float]:
    """Milliseconds of `count` saves: a person off a shift, then back on, each on the latest version."""
    import httpx

    auth = {"Authorization": f"Bearer {ids['token']}"}
    path = f"/api/v1/rosters/{ids['township_id']}/{ids['week']}"
    with httpx.Client(base_url=base, headers=auth, timeout=60) as client:
        board = client.get(path).json()
        shift = next(c for row in board["rows"] for day in row["days"] for c in day if c["staff"])
        person, version = shift["staff"][0]["id"], shift["version"]
        spent = []
        for n in range(count):
            body = {"version": version, "shift": shift["key"], "staff_id": person,
                    "action": "remove" if n % 2 == 0 else "add"}  # fmt: skip
            started = time.perf_counter()
            answer = client.post(path + "/edits", json=body)
            spent.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 201, answer.text[:300]
            version = answer.json()["version"]
    return spent


def line(
    name: str, backend: str, spent: list[float], floor: float, target: float | None, **extra: Any
) -> None:
    figures = {"name": name, "backend": backend, "requests": len(spent), "p50_ms": round(p(spent, 0.5), 1),
               "p95_ms": round(p(spent, 0.95), 1), **extra}  # fmt: skip
    if floor:
        figures["db_round_trip_p95_ms"] = round(floor, 3)
        figures["ratio_to_db_round_trip"] = round(p(spent, 0.95) / floor, 1)
    if target:
        figures |= {"target_p95_ms": target, "met": p(spent, 0.95) < target}
    print(json.dumps(figures, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 townships, 8 weeks")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="postgres")
    args = parser.parse_args()
    townships, weeks = (3, 8) if args.quick else (13, 53)
    from ops.runtime.settings import load_settings
    from tests.e2e.scope import sign_in

    with tempfile.TemporaryDirectory(prefix="fieldops-board-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'bench.db'}" if args.backend == "sqlite" else _pg_schema()
        queue = f"fieldops-bench-{uuid.uuid4().hex[:8]}"
        settings = load_settings(
            data_dir=workdir, database_url=url, webhook_url=None, redis_url=REDIS_URL, queue=queue
        )
        started = time.perf_counter()
        ids = build_county(settings, townships, weeks, workdir)
        print(json.dumps({"name": "setup", "backend": args.backend, "townships": townships, "weeks": weeks,
                          "staff": townships * 80, "seconds": round(time.perf_counter() - started, 1)}), flush=True)  # fmt: skip
        api, worker, port = serve(settings, workdir, queue)
        base = f"http://127.0.0.1:{port}"
        try:
            import httpx

            bare = db_round_trip(ids["engine"], 200)
            floor = p(bare, 0.95)
            line("db_round_trip", args.backend, bare, 0, None)
            line("healthz", args.backend, timings(base, "/healthz", {}, 100), floor, None)
            with httpx.Client(base_url=base) as client:
                cookie, _ = sign_in(client, "bench", "password-bench")
            page = {"Cookie": f"fieldops_session={cookie}"}
            token = {"Authorization": f"Bearer {ids['token']}"}
            week, tid = ids["week"], ids["township_id"]
            line("board_page", args.backend, timings(base, f"/console/roster?week={week}", page, 100), floor, 300,
                 path=f"/console/roster?week={week}")  # fmt: skip
            line("board_json", args.backend, timings(base, f"/api/v1/rosters/{tid}/{week}", token, 100), floor, 300,
                 path=f"/api/v1/rosters/{tid}/{week}")  # fmt: skip
            line("hand_edit", args.backend, hand_edits(base, ids, 40), floor, 500,
                 path=f"POST /api/v1/rosters/{tid}/{week}/edits")  # fmt: skip
        finally:
            stop_process(api)
            stop_process(worker)
            ids["engine"].dispose()


if __name__ == "__main__":
    main()
