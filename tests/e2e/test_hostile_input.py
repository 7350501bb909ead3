"""Regressions for what the fuzzer and hand probes found (issue 17), on SQLite and PostgreSQL.

Who may write what; no 500 from any input; what the API accepts, a worker stores; the OpenAPI
document tells the truth about statuses, bodies and methods.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from ops.models import Assignment, CheckIn
from tests.e2e.conftest import bearer, wait_for

pytestmark = pytest.mark.redis
NOW = datetime.now(UTC)


def checkin(staff: str = "SW-001", **extra: object) -> dict[str, object]:
    item = {"id": str(uuid.uuid4()), "staff_id": staff, "kind": "in",
            "recorded_at": NOW.isoformat(), "lon": 91.75, "lat": 32.26, "accuracy_m": 8}  # fmt: skip
    return item | extra


def hazard(staff: str = "SW-001", **extra: object) -> dict[str, object]:
    item = {"id": str(uuid.uuid4()), "staff_id": staff, "category": "no_helmet",
            "recorded_at": NOW.isoformat(), "lon": 91.7528, "lat": 32.2624, "description": "未戴头盔"}  # fmt: skip
    return item | extra


def track(staff: str = "SW-001", points: list[list[object]] | None = None) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "staff_id": staff,
            "points": points or [[91.75, 32.26, NOW.isoformat(), 5]]}  # fmt: skip


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.mark.parametrize("role", ["dispatcher", "supervisor"])
@pytest.mark.parametrize(
    ("path", "item"),
    [("/api/v1/checkins", checkin), ("/api/v1/tracks", track), ("/api/v1/hazards", hazard)],
)
def test_office_tokens_cannot_write_field_records_for_anyone(
    api, township, tokens, role, path, item
):
    answer = api.post(path, json={"items": [item("SW-001")]}, headers=bearer(tokens[role]))
    assert answer.status_code == 403
    assert "staff" in answer.json()["detail"] and answer.json()["request_id"]


def test_a_forged_checkin_never_turns_a_missed_duty_attended(api, township, tokens, worker, db):
    from ops.runtime.settings import load_settings
    from ops.services.attendance import sweep_no_shows

    with Session(db.engine) as session:
        duty = session.exec(select(Assignment).where(Assignment.staff_id == "SW-003")).first()
        assert duty is not None
    forged = checkin("SW-003", assignment_id=duty.id)
    for role in ("supervisor", "dispatcher", "SW-001"):
        assert (
            api.post(
                "/api/v1/checkins", json={"items": [forged]}, headers=bearer(tokens[role])
            ).status_code
            == 403
        )
    with Session(db.engine) as session:
        sweep_no_shows(session=session, now=NOW + timedelta(days=3), settings=load_settings())
    assert db.count("checkin") == 0
    with Session(db.engine) as session:
        statuses = set(
            session.exec(select(Assignment.status).where(Assignment.staff_id == "SW-003"))
        )
    assert "attended" not in statuses


def test_office_tokens_cannot_add_photos_and_staff_only_to_their_own_reports(
    api, township, tokens, worker, db
):
    report = hazard("SW-001")
    assert (
        api.post(
            "/api/v1/hazards", json={"items": [report]}, headers=bearer(tokens["SW-001"])
        ).status_code
        == 202
    )
    wait_for(lambda: db.count("hazard") == 1)
    path = f"/api/v1/hazards/{report['id']}/photos"
    for who in ("supervisor", "dispatcher", "SW-002"):
        answer = api.post(
            path, files={"file": ("p.png", PNG, "image/png")}, headers=bearer(tokens[who])
        )
        assert answer.status_code == 403, who
    assert db.count("hazard_photo") == 0


def test_a_photo_sent_before_its_report_stays_with_its_uploader(api, township, tokens, worker, db):
    claimed = str(uuid.uuid4())
    sneaky = api.post(
        f"/api/v1/hazards/{claimed}/photos",
        files={"file": ("p.png", PNG, "image/png")},
        headers=bearer(tokens["SW-002"]),
    )
    assert (
        sneaky.status_code == 201
    )  # phones send photos before reports; it is kept, bound to SW-002
    report = hazard("SW-001", id=claimed)
    assert (
        api.post(
            "/api/v1/hazards", json={"items": [report]}, headers=bearer(tokens["SW-001"])
        ).status_code
        == 202
    )
    wait_for(lambda: db.count("hazard") == 1)
    for who in ("SW-001", "dispatcher"):
        listed = api.get("/api/v1/hazards", headers=bearer(tokens[who])).json()["items"]
        assert listed[0]["id"] == claimed and listed[0]["photos"] == [], who
    sha = sneaky.json()["sha256"]
    assert (
        api.get(
            f"/api/v1/hazards/{claimed}/photos/{sha}", headers=bearer(tokens["dispatcher"])
        ).status_code
        == 404
    )


def test_photos_are_served_as_images_never_as_pages(api, township, tokens, worker, db):
    report = hazard("SW-001")
    api.post("/api/v1/hazards", json={"items": [report]}, headers=bearer(tokens["SW-001"]))
    wait_for(lambda: db.count("hazard") == 1)
    sent = api.post(
        f"/api/v1/hazards/{report['id']}/photos",
        files={"file": ("x.html", PNG, "text/html")},
        headers=bearer(tokens["SW-001"]),
    ).json()
    photo = api.get(
        f"/api/v1/hazards/{report['id']}/photos/{sent['sha256']}",
        headers=bearer(tokens["supervisor"]),
    )
    assert photo.status_code == 200 and photo.content == PNG
    assert photo.headers["content-type"] == "image/png"
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in photo.headers["content-security-policy"]
    assert (
        photo.headers["content-disposition"].startswith("inline; filename=")
        and ".png" in photo.headers["content-disposition"]
    )
    other = api.get(
        f"/api/v1/hazards/{report['id']}/photos/{sent['sha256']}", headers=bearer(tokens["SW-002"])
    )
    assert other.status_code == 404


def test_staff_never_see_the_ids_of_other_peoples_reports(api, township, tokens, worker, db):
    first = hazard("SW-002")
    second = hazard("SW-001", recorded_at=(NOW + timedelta(minutes=3)).isoformat())
    api.post("/api/v1/hazards", json={"items": [first]}, headers=bearer(tokens["SW-002"]))
    wait_for(lambda: db.count("hazard") == 1)
    api.post("/api/v1/hazards", json={"items": [second]}, headers=bearer(tokens["SW-001"]))
    wait_for(lambda: db.count("hazard") == 2)
    office = {
        h["id"]: h
        for h in api.get("/api/v1/hazards", headers=bearer(tokens["dispatcher"])).json()["items"]
    }
    assert office[second["id"]]["possible_duplicate_of"] == first["id"]
    mine = api.get("/api/v1/hazards", headers=bearer(tokens["SW-001"])).json()["items"]
    assert [h["id"] for h in mine] == [second["id"]]
    assert mine[0]["possible_duplicate_of"] is None
    assert first["id"] not in str(mine)


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/checkins?date=0001-01-01",
        "/api/v1/checkins?date=9999-12-31",
        "/api/v1/checkins?date=0",
        "/api/v1/checkins?date=2026-13-45",
        "/api/v1/checkins?date=2026-12-01&staff_id=a%00b",
        "/api/v1/checkins?date=2026-12-01%00",
        "/api/v1/hazards?from=2026-11-20T00:00:00",
        "/api/v1/hazards?to=0.5",
        "/api/v1/hazards?from=9999-12-31T23:59:59-14:00",
        "/api/v1/hazards?status=lost",
        "/api/v1/rejections?limit=99999999999999999999",
    ],
)
def test_hostile_query_parameters_are_422_naming_the_field(api, township, tokens, query):
    answer = api.get(query, headers=bearer(tokens["dispatcher"]))
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["detail"] and body["errors"] and body["errors"][0]["field"].startswith("query.")


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/hazards/{'x' * 300}/photos",
        "/api/v1/hazards/a%00b/photos",
        "/api/v1/hazards/not-a-uuid/photos",
    ],
)
def test_a_bad_hazard_id_on_a_photo_is_422_and_nothing_is_written(api, township, tokens, db, path):
    answer = api.post(
        path, files={"file": ("p.png", PNG, "image/png")}, headers=bearer(tokens["SW-001"])
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "path.hazard_id"
    assert not (db.data_dir / "photos").exists() and db.count("hazard_photo") == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to": "dispatched", "due": "9999-12-31T23:59:59-14:00"}, "body.due"),
        ({"to": "dispatched", "due": "2026-12-01T08:00:00"}, "body.due"),
        ({"to": "dispatched", "note": "a\x00b"}, "body.note"),
        ({"to": "dispatched", "assignee": "x" * 101}, "body.assignee"),
        ({"to": "dispatched", "note": "\ud800"}, "body.note"),
    ],
)
def test_hostile_transitions_are_422_naming_the_field(api, township, tokens, body, field):
    answer = api.post(
        f"/api/v1/hazards/{uuid.uuid4()}/transitions",
        content=json.dumps(body),  # ASCII escapes carry a lone surrogate the way a client sends it
        headers=bearer(tokens["dispatcher"]) | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert field in {e["field"] for e in answer.json()["errors"]}


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (checkin(recorded_at="0001-01-01T00:00:00+00:00"), "recorded_at"),
        (checkin(recorded_at="1970-01-01T00:00:00+00:00"), "recorded_at"),
        (checkin(recorded_at=1700000000), "recorded_at"),
        (checkin(recorded_at="9999-12-31T23:59:59-14:00"), "recorded_at"),
        (checkin(lon=True), "lon"),
        (checkin(lon="91.7"), "lon"),
        (checkin(accuracy_m=True), "accuracy_m"),
        (checkin(assignment_id=2**63), "assignment_id"),
        (checkin(assignment_id=2**31), "assignment_id"),
        (checkin(staff_id="SW-001", id="not-a-uuid"), "id"),
        (hazard(description="NUL \x00 in the middle"), "description"),
        (hazard(description="lone \ud800 surrogate"), "description"),
        (hazard(people_reached=True), "people_reached"),
        (hazard(description="x" * 2001), "description"),
    ],
)
def test_what_a_worker_could_not_store_is_refused_at_the_door(api, township, tokens, item, field):
    path = "/api/v1/hazards" if "category" in item else "/api/v1/checkins"
    answer = api.post(
        path,
        content=json.dumps({"items": [item]}),
        headers=bearer(tokens["SW-001"]) | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 202 and answer.json()["accepted"] == []
    assert [e["field"] for e in answer.json()["rejected"][0]["errors"]] == [field]


@pytest.mark.parametrize(
    "point",
    [
        [91.75, 32.26, "0001-01-01T00:00:00+00:00", 5],
        [91.75, 32.26, "9999-12-31T23:59:59-14:00", 5],
        [91.75, 32.26, NOW.isoformat(), True],
        [True, 32.26, NOW.isoformat(), 5],
        [91.75, 32.26, 1700000000, 5],
    ],
)
def test_hostile_track_points_are_refused_per_item(api, township, tokens, point):
    answer = api.post(
        "/api/v1/tracks", json={"items": [track(points=[point])]}, headers=bearer(tokens["SW-001"])
    )
    assert answer.status_code == 202 and answer.json()["accepted"] == []
    assert "point 0" in answer.json()["rejected"][0]["errors"][0]["message"]


def test_everything_accepted_is_stored_by_the_worker(api, township, tokens, worker, db):
    edge = [
        hazard(description="RTL \u202e mark, emoji 👩‍👩‍👧, bell \x07, tab \t, ESC \x1b"),
        hazard(description='=HYPERLINK("http://evil.example","点击")'),
        hazard(description="长" * 2000, recorded_at="2000-01-01T00:00:00+00:00"),
    ]
    answer = api.post("/api/v1/hazards", json={"items": edge}, headers=bearer(tokens["SW-001"]))
    assert len(answer.json()["accepted"]) == 3
    wait_for(lambda: db.count("hazard") == 3)
    assert db.count("rejection") == 0
    stored = {
        h["id"]: h["description"]
        for h in api.get("/api/v1/hazards", headers=bearer(tokens["SW-001"])).json()["items"]
    }
    assert stored == {h["id"]: h["description"] for h in edge}


def test_worker_rejections_speak_our_words_never_sql(db, township):
    """A refusal only the database can know (here: a NUL straight into the worker) shows no SQL."""
    from ops.intake.store import store_checkins
    from ops.runtime.settings import load_settings

    item = checkin()
    item["id"] = "x" * 40  # longer than the column: PostgreSQL refuses, SQLite stores
    with Session(db.engine) as session:
        store_checkins(session=session, items=[item], settings=load_settings())
    with Session(db.engine) as session:
        from ops.models import Rejection

        reasons = [r.reason for r in session.exec(select(Rejection))]
    for reason in reasons:
        assert "INSERT" not in reason and "psycopg" not in reason and "%(" not in reason


def test_openapi_declares_bearer_security_errors_and_multipart(api):
    doc = api.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    post = doc["paths"]["/api/v1/checkins"]["post"]
    assert {"401", "403", "413", "422", "503"} <= set(post["responses"])
    assert post["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorBody"
    )
    assert post["security"] == [{"HTTPBearer": []}]
    photo = doc["paths"]["/api/v1/hazards/{hazard_id}/photos"]["post"]
    assert "multipart/form-data" in photo["requestBody"]["content"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def test_allow_lists_every_method_of_the_path(api, township, tokens):
    for method in ("OPTIONS", "DELETE", "PUT"):
        answer = api.request(method, "/api/v1/checkins", headers=bearer(tokens["SW-001"]))
        assert answer.status_code == 405
        assert {m.strip() for m in answer.headers["allow"].split(",")} >= {"GET", "POST"}


def test_a_body_over_the_limit_is_413_even_without_content_length(api, township, tokens):
    def chunks():
        yield b'{"items": ['
        for _ in range(60):
            yield b" " * (100 * 1024)

    answer = api.post(
        "/api/v1/checkins",
        content=chunks(),
        headers=bearer(tokens["SW-001"]) | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 413 and "5 MB" in answer.json()["detail"]


def test_a_dispatchers_makeup_checkin_is_marked_and_counts_as_attended(api, township, tokens, db):
    from ops.runtime.settings import load_settings
    from ops.services.attendance import sweep_no_shows

    with Session(db.engine) as session:
        duty = session.exec(select(Assignment).where(Assignment.staff_id == "SW-003")).first()
        shift = duty.roster_shift_id
        from ops.models import RosterShift

        starts = session.get(RosterShift, shift).starts_at
    body = {"staff_id": "SW-003", "assignment_id": duty.id, "recorded_at": starts.isoformat(),
            "reason": "手机没电，电话确认到岗"}  # fmt: skip
    for who in ("supervisor", "SW-001"):
        assert (
            api.post("/api/v1/checkins/makeup", json=body, headers=bearer(tokens[who])).status_code
            == 403
        )
    assert (
        api.post(
            "/api/v1/checkins/makeup",
            json=body | {"reason": ""},
            headers=bearer(tokens["dispatcher"]),
        ).status_code
        == 422
    )
    made = api.post("/api/v1/checkins/makeup", json=body, headers=bearer(tokens["dispatcher"]))
    assert made.status_code == 201, made.text
    assert (
        made.json()["source"] == "makeup"
        and made.json()["made_up_by"] == "调度员"
        and made.json()["status"] == "on_time"
    )
    day = starts.astimezone(load_settings().tz).date().isoformat()
    listed = api.get(
        f"/api/v1/checkins?date={day}&staff_id=SW-003", headers=bearer(tokens["supervisor"])
    ).json()
    assert (
        listed["items"][0]["source"] == "makeup"
        and listed["items"][0]["makeup_reason"] == body["reason"]
    )
    assert listed["items"][0]["lon"] is None
    with Session(db.engine) as session:
        sweep_no_shows(session=session, now=starts + timedelta(hours=6), settings=load_settings())
        assert session.get(Assignment, duty.id).status == "attended"
        assert session.get(CheckIn, made.json()["id"]).made_up_by == "调度员"
    wrong = body | {"staff_id": "SW-004"}
    answer = api.post("/api/v1/checkins/makeup", json=wrong, headers=bearer(tokens["dispatcher"]))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "assignment_id"
