"""The fixed intake endpoints' refusal paths: 401, 403, 409, 413, 422 and per-item reasons."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.redis


def checkin(staff="SW-001", **extra):
    item = {
        "id": str(uuid.uuid4()),
        "staff_id": staff,
        "kind": "in",
        "recorded_at": datetime.now(UTC).isoformat(),
        "lon": 91.75,
        "lat": 32.26,
        "accuracy_m": 8,
    }
    return item | extra


def hazard(staff="SW-001", **extra):
    item = {
        "id": str(uuid.uuid4()),
        "staff_id": staff,
        "category": "no_helmet",
        "recorded_at": datetime.now(UTC).isoformat(),
        "lon": 91.7528,
        "lat": 32.2624,
        "description": "摩托车未戴头盔",
        "people_reached": 2,
    }
    return item | extra


@pytest.mark.parametrize("path", ["/api/v1/checkins", "/api/v1/tracks", "/api/v1/hazards"])
def test_missing_or_bad_token_is_401(api, township, path):
    assert api.post(path, json={"items": [checkin()]}).status_code == 401
    answer = api.post(path, json={"items": [checkin()]}, headers=bearer("not-a-token"))
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
    assert api.get("/api/v1/checkins?date=2026-12-01").status_code == 401


def test_revoked_token_is_401(api, township, tokens, fieldops):
    assert fieldops("token", "revoke", "--staff", "SW-002").exit_code == 0
    answer = api.post(
        "/api/v1/checkins", json={"items": [checkin("SW-002")]}, headers=bearer(tokens["SW-002"])
    )
    assert answer.status_code == 401


def test_staff_sending_for_someone_else_is_refused_whole(api, township, tokens):
    body = {"items": [checkin("SW-001"), checkin("SW-002")]}
    assert (
        api.post("/api/v1/checkins", json=body, headers=bearer(tokens["SW-001"])).status_code == 403
    )
    assert (
        api.post(
            "/api/v1/hazards", json={"items": [hazard("SW-002")]}, headers=bearer(tokens["SW-001"])
        ).status_code
        == 403
    )


def test_staff_read_only_their_own_and_dispatchers_read_all(api, township, tokens):
    day = datetime.now(UTC).date().isoformat()
    assert (
        api.get(
            f"/api/v1/checkins?date={day}&staff_id=SW-002", headers=bearer(tokens["SW-001"])
        ).status_code
        == 403
    )
    assert (
        api.get(f"/api/v1/checkins?date={day}", headers=bearer(tokens["SW-001"])).status_code == 200
    )
    assert (
        api.get(
            f"/api/v1/checkins?date={day}&staff_id=SW-002", headers=bearer(tokens["supervisor"])
        ).status_code
        == 200
    )
    assert api.get("/api/v1/rejections", headers=bearer(tokens["SW-001"])).status_code == 403
    assert api.get("/api/v1/rejections", headers=bearer(tokens["dispatcher"])).status_code == 200


def test_bad_items_are_refused_one_by_one_with_reasons(api, township, tokens):
    future = (datetime.now(UTC) + timedelta(hours=30)).isoformat()
    items = [
        checkin("SW-001"),
        checkin("SW-001", lat=95.0),
        checkin("SW-001", recorded_at=future),
        checkin("SW-001", recorded_at="2026-12-01T08:00:00"),
        checkin("SW-001", lon=True),
        checkin("SW-001", kind="maybe"),
        {"staff_id": "SW-001"},
        "not an object",
    ]
    answer = api.post("/api/v1/checkins", json={"items": items}, headers=bearer(tokens["SW-001"]))
    assert answer.status_code == 202
    body = answer.json()
    assert body["accepted"] == [items[0]["id"]]
    fields = {r["index"]: {e["field"] for e in r["errors"]} for r in body["rejected"]}
    assert fields[1] == {"lat"}
    assert fields[2] == {"recorded_at"} and fields[3] == {"recorded_at"}
    assert fields[4] == {"lon"} and fields[5] == {"kind"}
    assert {"id", "kind", "recorded_at", "lon", "lat"} <= fields[6]
    assert 7 in fields
    assert body["rejected"][0]["id"] == items[1]["id"]
    assert all(e["message"] for r in body["rejected"] for e in r["errors"])


def test_negative_people_count_and_unknown_category_are_refused(api, township, tokens):
    items = [hazard(people_reached=-3), hazard(category="aliens"), hazard(lon=None, lat=None)]
    body = api.post(
        "/api/v1/hazards", json={"items": items}, headers=bearer(tokens["SW-001"])
    ).json()
    assert body["accepted"] == [
        items[2]["id"]
    ]  # a report without location is taken, marked as such
    assert [r["errors"][0]["field"] for r in body["rejected"]] == ["people_reached", "category"]


def test_track_points_are_checked(api, township, tokens):
    good = {
        "id": str(uuid.uuid4()),
        "staff_id": "SW-001",
        "points": [[91.75, 32.26, datetime.now(UTC).isoformat(), 5], [91.751, 32.261, None, None]],
    }
    bad = {"id": str(uuid.uuid4()), "staff_id": "SW-001", "points": [[91.75, 132.26, None, None]]}
    empty = {"id": str(uuid.uuid4()), "staff_id": "SW-001", "points": []}
    body = api.post(
        "/api/v1/tracks", json={"items": [good, bad, empty]}, headers=bearer(tokens["SW-001"])
    ).json()
    assert body["accepted"] == [good["id"]]
    assert [r["index"] for r in body["rejected"]] == [1, 2]
    assert "point 0" in body["rejected"][0]["errors"][0]["message"]


def test_malformed_json_and_batch_size_are_422(api, township, tokens):
    headers = bearer(tokens["SW-001"]) | {"Content-Type": "application/json"}
    broken = api.post("/api/v1/checkins", content=b'{"items": [', headers=headers)
    assert broken.status_code == 422 and "json" in broken.text.lower()
    assert api.post("/api/v1/checkins", json={"items": []}, headers=headers).status_code == 422
    many = {"items": [checkin() for _ in range(501)]}
    assert api.post("/api/v1/checkins", json=many, headers=headers).status_code == 422
    assert api.post("/api/v1/checkins", json={"things": []}, headers=headers).status_code == 422


def test_body_over_five_megabytes_is_413(api, township, tokens):
    huge = b'{"items": [' + b" " * (5 * 1024 * 1024 + 10) + b"]}"
    answer = api.post(
        "/api/v1/checkins",
        content=huge,
        headers=bearer(tokens["SW-001"]) | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 413


def test_health_and_readiness(api, township):
    assert api.get("/healthz").json() == {"status": "ok"}
    ready = api.get("/readyz")
    assert (
        ready.status_code == 200
        and ready.json()["database"] == "ok"
        and ready.json()["broker"] == "ok"
    )
    assert "/api/v1/checkins" in api.get("/openapi.json").json()["paths"]


def test_photo_must_be_jpeg_or_png_by_content_and_at_most_10_megabytes(api, township, tokens):
    headers = bearer(tokens["SW-001"])
    path = f"/api/v1/hazards/{uuid.uuid4()}/photos"
    fake = api.post(
        path,
        files={"file": ("x.jpg", b"GIF89a not a jpeg", "image/jpeg")},
        headers=headers,
    )
    assert fake.status_code == 422 and "JPEG" in fake.text
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    first = api.post(path, files={"file": ("x.png", png, "image/png")}, headers=headers)
    again = api.post(path, files={"file": ("y.png", png, "image/png")}, headers=headers)
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["sha256"] == again.json()["sha256"]
    big = b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024 + 1)
    assert (
        api.post(
            path,
            files={"file": ("b.jpg", big, "image/jpeg")},
            headers=headers,
        ).status_code
        == 413
    )
