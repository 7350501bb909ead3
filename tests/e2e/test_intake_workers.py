"""Intake through real worker processes: classified, stored exactly once, nothing lost on crashes."""

from __future__ import annotations

import random
import signal
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from ops.models import Assignment, CheckIn, Post, RosterShift, StaffMember
from ops.runtime.settings import load_settings
from tests.e2e.conftest import Worker, bearer, post_by_owner, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.redis]
TZ = load_settings().tz


def morning_duty(db, code="X1"):
    """(staff id, start, end, post) of today's morning shift at crossing `code`."""
    today = datetime.now(TZ).date()
    begin = datetime.combine(today, time(0), tzinfo=TZ).astimezone(UTC)
    with Session(db.engine) as session:
        rows = session.exec(
            select(Assignment, RosterShift, Post)
            .where(
                Assignment.roster_shift_id == RosterShift.id,
                RosterShift.post_id == Post.id,
                Post.code == code,
            )
            .where(
                RosterShift.starts_at >= begin, RosterShift.starts_at < begin + timedelta(hours=12)
            )
        ).all()
    assignment, shift, post = rows[0]
    return assignment.staff_id, shift.starts_at, shift.ends_at, post


def item(staff, at, lon, lat, kind="in"):
    return {
        "id": str(uuid.uuid4()),
        "staff_id": staff,
        "kind": kind,
        "recorded_at": at.isoformat(),
        "lon": lon,
        "lat": lat,
        "accuracy_m": 5,
    }


def stored(db):
    return db.count("checkin")


def test_checkins_are_classified_against_the_roster(
    api, township, tokens, staff_tokens, worker, db
):
    staff, start, _end, post = morning_duty(db)
    far = post.lon + 0.05  # about 5 km east
    night = datetime.combine(datetime.now(TZ).date(), time(3), tzinfo=TZ)
    items = {
        "on_time": item(staff, start + timedelta(minutes=3), post.lon, post.lat),
        "late": item(staff, start + timedelta(minutes=40), post.lon + 0.0002, post.lat),
        "off_site": item(staff, start + timedelta(minutes=1), far, post.lat),
        "early": item(staff, start + timedelta(minutes=50), post.lon, post.lat, kind="out"),
        "unassigned": item(staff, night, post.lon, post.lat),
    }
    answer = api.post(
        "/api/v1/checkins",
        json={"items": list(items.values())},
        headers=bearer(staff_tokens[staff]),
    )
    assert answer.status_code == 202 and len(answer.json()["accepted"]) == 5
    day = start.astimezone(TZ).date().isoformat()

    def listed():
        body = api.get(
            f"/api/v1/checkins?date={day}&staff_id={staff}", headers=bearer(tokens["dispatcher"])
        ).json()
        return body if body["total"] == 5 else None

    body = wait_for(listed)
    status = {row["id"]: row["status"] for row in body["items"]}
    assert {name: status[i["id"]] for name, i in items.items()} == {name: name for name in items}
    on_time = next(r for r in body["items"] if r["id"] == items["on_time"]["id"])
    assert on_time["post_id"] == post.id and on_time["assignment_id"] is not None
    assert on_time["recorded_at"].endswith("+08:00")


def test_ten_thousand_checkins_each_sent_twice_are_stored_exactly_once(
    api, township, staff_tokens, worker, db
):
    rng = random.Random(7)
    now = datetime.now(UTC)
    items = [
        item(
            f"SW-{rng.randint(1, 80):03d}",
            now - timedelta(minutes=rng.randint(0, 600)),
            91.75,
            32.26,
        )
        for _ in range(10_000)
    ]
    copies = items + [dict(i) for i in items]
    rng.shuffle(copies)
    accepted = post_by_owner(api, "/api/v1/checkins", copies, staff_tokens)
    assert accepted == {i["id"] for i in items}
    wait_for(lambda: stored(db) >= 10_000, timeout=180)
    assert stored(db) == 10_000


def test_worker_killed_mid_run_loses_and_doubles_nothing(
    api, township, staff_tokens, worker, worker_env, tmp_path, db
):
    now = datetime.now(UTC)
    items = [
        item(f"SW-{n % 80 + 1:03d}", now - timedelta(seconds=n), 91.75, 32.26) for n in range(4000)
    ]
    post_by_owner(api, "/api/v1/checkins", items, staff_tokens, size=25)
    wait_for(lambda: stored(db) > 0, timeout=60, interval=0.02)
    worker.kill(signal.SIGKILL)
    assert stored(db) < 4000  # killed in the middle of the run
    restarted = Worker(worker_env, tmp_path / "worker2.log", name="w2").start()
    try:
        wait_for(lambda: stored(db) >= 4000, timeout=120)
        assert stored(db) == 4000
        with Session(db.engine) as session:
            ids = set(session.exec(select(CheckIn.id)).all())
        assert ids == {i["id"] for i in items}
    finally:
        restarted.stop()


def test_poison_item_goes_to_rejections_and_the_rest_of_its_batch_is_stored(
    api, township, tokens, worker_env, tmp_path, db, fieldops
):
    from ops.identity.auth import issue_token
    from ops.models import ApiToken

    with Session(db.engine) as session:
        township_id = session.get(StaffMember, "SW-001").township_id
        session.add(
            StaffMember(id="TEMP-1", township_id=township_id, name="临时", roles=["patrol"])
        )
        session.commit()
        tokens["TEMP-1"] = issue_token(session=session, role="staff", staff_id="TEMP-1")
    now = datetime.now(UTC)
    batch = [
        item("SW-001", now, 91.75, 32.26),
        item("TEMP-1", now, 91.75, 32.26),
        item("SW-002", now, 91.75, 32.26),
    ]
    accepted = post_by_owner(api, "/api/v1/checkins", batch, tokens)
    assert len(accepted) == 3  # accepted while TEMP-1 still existed, before any worker ran
    with Session(db.engine) as session:  # TEMP-1 leaves the staff list before a worker runs
        for row in session.exec(select(ApiToken).where(ApiToken.staff_id == "TEMP-1")):
            session.delete(row)
        session.flush()
        session.delete(session.get(StaffMember, "TEMP-1"))
        session.commit()
    running = Worker(worker_env, tmp_path / "worker.log").start()
    try:
        wait_for(lambda: stored(db) == 2 and db.count("rejection") == 1)
        rejections = api.get("/api/v1/rejections", headers=bearer(tokens["dispatcher"])).json()[
            "items"
        ]
        assert rejections[0]["item_id"] == batch[1]["id"] and "TEMP-1" in rejections[0]["reason"]
        api.post(
            "/api/v1/checkins", json={"items": batch[:1]}, headers=bearer(tokens["SW-001"])
        )  # resend
        assert db.count("rejection") == 1 and stored(db) == 2
    finally:
        running.stop()


def test_hazard_report_lifecycle_duplicates_and_photos(api, township, tokens, worker, db):
    now = datetime.now(UTC)
    first = {
        "id": str(uuid.uuid4()),
        "staff_id": "SW-001",
        "category": "no_helmet",
        "recorded_at": now.isoformat(),
        "lon": 91.75278,
        "lat": 32.26236,
        "description": "摩托车未戴头盔",
        "people_reached": 3,
    }
    second = first | {
        "id": str(uuid.uuid4()),
        "lon": 91.75290,
        "recorded_at": (now + timedelta(minutes=5)).isoformat(),
    }
    staff = bearer(tokens["SW-001"])
    assert api.post("/api/v1/hazards", json={"items": [first]}, headers=staff).status_code == 202
    wait_for(lambda: db.count("hazard") == 1)
    assert (
        api.post("/api/v1/hazards", json={"items": [second, first]}, headers=staff).status_code
        == 202
    )
    wait_for(lambda: db.count("hazard") == 2)
    listed = {
        h["id"]: h
        for h in api.get("/api/v1/hazards", headers=bearer(tokens["dispatcher"])).json()["items"]
    }
    assert listed[second["id"]]["possible_duplicate_of"] == first["id"]
    assert listed[first["id"]]["post_id"] is not None  # reported at crossing X1
    assert listed[first["id"]]["category_label"]["zh"] == "未戴头盔"
    photo = b"\xff\xd8\xff\xe0" + b"jpeg body" * 100
    assert (
        api.post(
            f"/api/v1/hazards/{first['id']}/photos",
            files={"file": ("a.jpg", photo, "image/jpeg")},
            headers=staff,
        ).status_code
        == 201
    )
    path = f"/api/v1/hazards/{first['id']}/transitions"
    dispatcher = bearer(tokens["dispatcher"])
    assert api.post(path, json={"to": "dispatched"}, headers=staff).status_code == 403
    assert api.post(path, json={"to": "verifying"}, headers=dispatcher).status_code == 409
    due = (now + timedelta(days=2)).isoformat()
    moved = api.post(
        path, json={"to": "dispatched", "assignee": "次仁", "due": due}, headers=dispatcher
    )
    assert moved.status_code == 200 and moved.json()["status"] == "dispatched"
    for step in ("in_progress", "verifying", "in_progress", "verifying", "closed", "dispatched"):
        assert api.post(path, json={"to": step}, headers=dispatcher).status_code == 200, step
    close_second = f"/api/v1/hazards/{second['id']}/transitions"
    assert (
        api.post(close_second, json={"to": "closed"}, headers=dispatcher).status_code == 422
    )  # needs a note
    assert (
        api.post(
            close_second, json={"to": "closed", "note": "重复上报"}, headers=dispatcher
        ).status_code
        == 200
    )
    assert (
        api.post(
            f"/api/v1/hazards/{uuid.uuid4()}/transitions", json={"to": "closed"}, headers=dispatcher
        ).status_code
        == 404
    )
    mine = api.get("/api/v1/hazards?status=dispatched", headers=staff).json()["items"]
    assert [h["id"] for h in mine] == [first["id"]]
    assert len(mine[0]["transitions"]) == 7 and mine[0]["transitions"][0]["by"] == "调度员"
    assert mine[0]["photos"][0]["content_type"] == "image/jpeg"
    assert api.get("/api/v1/hazards", headers=bearer(tokens["SW-002"])).json()["total"] == 0


def test_tracks_are_stored_once_and_their_patrol_coverage_recomputed(
    api, township, tokens, worker, db
):
    now = datetime.now(UTC)
    chunk = {
        "id": str(uuid.uuid4()),
        "staff_id": "SW-001",
        "points": [
            [91.75 + i * 1e-4, 32.26, (now + timedelta(seconds=10 * i)).isoformat(), 6]
            for i in range(50)
        ],
    }
    for _ in range(3):
        assert (
            api.post(
                "/api/v1/tracks", json={"items": [chunk]}, headers=bearer(tokens["SW-001"])
            ).status_code
            == 202
        )
    wait_for(lambda: db.count("track_chunk") == 1)
    assert db.count("track_chunk") == 1
    wait_for(lambda: db.count("cell_effort") > 0)  # the worker queued the patrol's coverage refresh


def test_no_show_sweep_marks_missed_and_late_arrivals_attended(township, db, fieldops):
    from ops.services.attendance import sweep_no_shows

    with Session(db.engine) as session:
        counts = sweep_no_shows(
            session=session,
            now=datetime.now(UTC) + timedelta(days=1, hours=23),
            settings=load_settings(),
        )
        missed = session.exec(select(Assignment).where(Assignment.status == "missed")).all()
    assert counts["missed"] == len(missed) > 0
    result = fieldops("sweep", "no-shows")
    assert result.exit_code == 0 and "missed" in result.stdout
