"""Sign-in cards: one-time codes stored as hashes, traded once for a token; the phone's duty reads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

REDIS_URL = os.environ.get("FIELDOPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
CROSSING = (91.7050, 32.2050)  # lon, lat of the test crossing


def add_crossing_duty(
    engine: Any,
    *,
    starts_at: datetime,
    hours: float = 3,
    staff: tuple[tuple[str, str], ...] = (("T-001", "扎西"), ("T-002", "卓玛"), ("T-003", "次仁")),
    on_duty: tuple[str, ...] = ("T-001", "T-002"),
    radius_m: float = 50,
) -> dict[str, Any]:
    """A township with one crossing, its staff, and a roster in force: a shift at `starts_at` (UTC)
    for `on_duty`, and the same shift the next day; return the ids the tests need."""
    from sqlmodel import Session

    from ops.models import Assignment, Post, Roster, RosterShift, StaffMember, Township
    from ops.runtime.settings import load_settings

    local_day = starts_at.astimezone(load_settings().tz).date()
    with Session(engine) as session:
        township = Township(name="测试乡")
        session.add(township)
        session.flush()
        post = Post(
            township_id=township.id or 0, code="X9", name="测试路口", kind="intersection",
            lon=CROSSING[0], lat=CROSSING[1], radius_m=radius_m,
        )  # fmt: skip
        session.add(post)
        for staff_id, name in staff:
            session.add(
                StaffMember(
                    id=staff_id,
                    township_id=township.id or 0,
                    name=name,
                    roles=["traffic_persuader"],
                )
            )
        roster = Roster(
            township_id=township.id or 0, version=1, start_date=local_day - timedelta(days=1), days=4,
            status="optimal", shortfall=0, max_load=1, penalties={}, solve_seconds=0.0,
        )  # fmt: skip
        session.add(roster)
        session.flush()
        assignments: dict[str, list[int]] = {s: [] for s in on_duty}
        for offset in (0, 1):
            begin = starts_at + timedelta(days=offset)
            shift = RosterShift(
                roster_id=roster.id or 0, key=f"X9-{offset}", post_id=post.id or 0, starts_at=begin,
                ends_at=begin + timedelta(hours=hours), min_staff=1, max_staff=2, roles_any=[], composition=[],
            )  # fmt: skip
            session.add(shift)
            session.flush()
            for staff_id in on_duty:
                row = Assignment(
                    roster_id=roster.id or 0, roster_shift_id=shift.id or 0, staff_id=staff_id
                )
                session.add(row)
                session.flush()
                assignments[staff_id].append(row.id or 0)
        session.commit()
        return {"township": township.name, "post_id": post.id, "assignments": assignments}


def soon_today(now: datetime | None = None) -> datetime:
    """A shift start for "a check-in now is on time" that stays on today's local date.

    30 minutes from now, unless that is already tomorrow (local time after 23:30): then 2 minutes
    ago, still inside the grace period, so the shift is today's and a check-in now is on time.
    """
    from ops.runtime.settings import load_settings

    now = now or datetime.now(UTC)
    tz = load_settings().tz
    later = now + timedelta(minutes=30)
    if later.astimezone(tz).date() == now.astimezone(tz).date():
        return later
    return now - timedelta(minutes=2)


@pytest.fixture
def duty(db: Any) -> dict[str, Any]:
    """A crossing shift starting soon today (see `soon_today`), for T-001 and T-002."""
    return add_crossing_duty(db.engine, starts_at=soon_today())


@pytest.fixture
def client(db: Any) -> Iterator[Any]:
    """The real app in-process (real database and Redis)."""
    from fastapi.testclient import TestClient

    from ops.api.app import create_app
    from ops.runtime.settings import load_settings

    settings = load_settings(database_url=db.url, redis_url=REDIS_URL, data_dir=db.data_dir)
    app = create_app(settings)
    with TestClient(app) as http:
        yield http
    app.state.engine.dispose()


def _cards(db: Any, *staff_ids: str, now: datetime | None = None, days: float = 7) -> list[Any]:
    from sqlmodel import Session

    from ops.services.signin import issue_cards

    with Session(db.engine) as session:
        return issue_cards(
            session=session, staff_ids=list(staff_ids), base_url="https://ops.example/",
            now=now or datetime.now(UTC), valid_for=timedelta(days=days),
        )  # fmt: skip


def _code(card: Any) -> str:
    return str(card.link.split("#signin=")[1])


def _redeem(db: Any, code: str, now: datetime | None = None) -> tuple[str, Any]:
    from sqlmodel import Session

    from ops.services.signin import redeem_code

    with Session(db.engine, expire_on_commit=False) as session:
        return redeem_code(session=session, code=code, now=now or datetime.now(UTC))


def test_card_link_carries_the_code_after_a_hash_and_only_its_hash_is_stored(db, duty):
    from sqlmodel import Session, select

    from ops.models import SigninCode
    from ops.services.signin import hash_code

    (card,) = _cards(db, "T-001")
    assert card.link.startswith("https://ops.example/app/#signin=")
    assert (card.name, card.township) == ("扎西", "测试乡")
    with Session(db.engine) as session:
        rows = session.exec(select(SigninCode)).all()
    assert [r.code_hash for r in rows] == [hash_code(_code(card))]
    assert _code(card) not in repr(db.snapshot())


def test_a_code_signs_in_once_and_its_token_acts_for_that_person(db, duty):
    from sqlmodel import Session

    from ops.identity.auth import authenticate
    from ops.services.signin import SigninCodeSpentError

    (card,) = _cards(db, "T-002")
    token, person = _redeem(db, _code(card))
    assert person.id == "T-002"
    with Session(db.engine) as session:
        principal = authenticate(session=session, token=token)
    assert principal is not None and (principal.role, principal.staff_id) == ("staff", "T-002")
    with pytest.raises(SigninCodeSpentError, match="已经用过"):
        _redeem(db, _code(card))


def test_an_expired_code_is_refused(db, duty):
    from ops.services.signin import SigninCodeSpentError

    issued = datetime.now(UTC) - timedelta(days=8)
    (card,) = _cards(db, "T-001", now=issued, days=7)
    with pytest.raises(SigninCodeSpentError, match="过期"):
        _redeem(db, _code(card))


def test_a_newer_card_voids_the_older_unused_one(db, duty):
    from ops.services.signin import SigninCodeSpentError

    (old,) = _cards(db, "T-001")
    (new,) = _cards(db, "T-001")
    with pytest.raises(SigninCodeSpentError, match="作废"):
        _redeem(db, _code(old))
    assert _redeem(db, _code(new))[1].id == "T-001"


def test_an_unknown_code_is_not_found(db, duty):
    from ops.errors import NotFoundError

    with pytest.raises(NotFoundError):
        _redeem(db, "not-a-real-code-at-all")


def test_signin_endpoint_answers_410_with_a_bilingual_reason_for_a_spent_code(db, duty, client):
    (card,) = _cards(db, "T-001")
    first = client.post("/api/v1/signin", json={"code": _code(card)})
    assert first.status_code == 200
    assert first.json()["staff"] == {
        "id": "T-001",
        "name": "扎西",
        "township": "测试乡",
        "roles": ["traffic_persuader"],
    }
    again = client.post("/api/v1/signin", json={"code": _code(card)})
    assert again.status_code == 410
    assert "已经用过" in again.json()["detail"] and "already used" in again.json()["detail"]
    assert client.post("/api/v1/signin", json={"code": "x" * 22}).status_code == 404
    assert client.post("/api/v1/signin", json={}).status_code == 422


def test_me_and_my_duties_for_the_signed_in_person(db, duty, client):
    from ops.runtime.settings import load_settings

    (card,) = _cards(db, "T-001")
    token = client.post("/api/v1/signin", json={"code": _code(card)}).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=auth).json()
    assert me["staff"]["id"] == "T-001" and me["role"] == "staff"
    assert me["accuracy_limit_m"] == load_settings().checkin_accuracy_slack_m

    body = client.get("/api/v1/me/duties?days=3", headers=auth).json()
    assert len(body["duties"]) == 2  # today's shift (30 min from now) and tomorrow's
    first = body["duties"][0]
    assert first["assignment_id"] == duty["assignments"]["T-001"][0]
    assert first["post"] == {"id": duty["post_id"], "code": "X9", "name": "测试路口", "kind": "intersection",
                             "lon": 91.705, "lat": 32.205, "radius_m": 50.0}  # fmt: skip
    assert first["teammates"] == ["卓玛"]
    assert first["start"].endswith("+08:00") and first["end"].endswith("+08:00")
    assert body["checkins_today"] == []
    assert len(client.get("/api/v1/me/duties?days=1", headers=auth).json()["duties"]) in (1, 2)


def test_my_duties_are_for_staff_tokens_only_and_need_a_live_token(db, duty, client):
    from sqlmodel import Session

    from ops.identity.auth import issue_token, revoke_tokens

    with Session(db.engine) as session:
        dispatcher = issue_token(session=session, role="dispatcher", name="调度员")
        staff = issue_token(session=session, role="staff", staff_id="T-003")
    assert client.get("/api/v1/me/duties").status_code == 401
    assert (
        client.get(
            "/api/v1/me/duties", headers={"Authorization": f"Bearer {dispatcher}"}
        ).status_code
        == 403
    )
    mine = client.get("/api/v1/me/duties", headers={"Authorization": f"Bearer {staff}"})
    assert mine.status_code == 200 and mine.json()["duties"] == []  # T-003 is not on this roster
    with Session(db.engine) as session:
        revoke_tokens(session=session, staff_id="T-003", settings=client.app.state.settings)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {staff}"}).status_code == 401


def test_the_app_is_served_under_app_with_a_versioned_service_worker(db, client):
    from ops.fieldapp import STATIC_DIR, static_version

    page = client.get("/app/")
    assert page.status_code == 200 and "外勤签到" in page.text
    worker = client.get("/app/sw.js")
    assert static_version() in worker.text and "__VERSION__" not in worker.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/app/"
    assert sum(p.stat().st_size for p in STATIC_DIR.iterdir()) < 100_000  # slow 3G budget
