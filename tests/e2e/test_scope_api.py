"""The authorization matrix of the field and intake API (see tests/e2e/scope.py for the actors)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.scope import World, build_world, call, row, walk

pytestmark = pytest.mark.redis
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ALL = {"none": 401, "staff": 200, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
OFFICE_ONLY = ALL | {"staff": 403}
STAFF_ONLY_WRITE = {
    "none": 401,
    "staff": 202,
    "disp_T": 403,
    "disp_O": 403,
    "super_T": 403,
    "county": 403,
}
PUBLIC = dict.fromkeys(ALL, 200)


def _checkin(**extra: Any) -> dict[str, Any]:
    return {"items": [{"id": str(uuid.uuid4()), "staff_id": "SW-001", "kind": "in", "lon": 91.75,
                       "lat": 32.26, "recorded_at": "2026-12-01T08:00:00+08:00"} | extra]}  # fmt: skip


ROWS = [
    row("GET", "/healthz", PUBLIC),
    row("GET", "/readyz", PUBLIC),
    row("GET", "/api/v1/me", ALL),
    row("GET", "/api/v1/me/duties", ALL | {"disp_T": 403, "disp_O": 403, "super_T": 403, "county": 403}),
    row("POST", "/api/v1/signin", dict.fromkeys(ALL, 404), json={"code": "no-such-code-000"}),
    row("GET", "/api/v1/checkins", ALL, path="/api/v1/checkins?date={today}"),
    row("GET", "/api/v1/hazards", ALL),
    row("GET", "/api/v1/rejections", OFFICE_ONLY),
    row("POST", "/api/v1/checkins", STAFF_ONLY_WRITE, json=_checkin()),
    row("POST", "/api/v1/tracks", STAFF_ONLY_WRITE,
        json={"items": [{"id": str(uuid.uuid4()), "staff_id": "SW-001", "points": [[91.75, 32.26, None, None]]}]}),
    row("POST", "/api/v1/hazards", STAFF_ONLY_WRITE,
        json={"items": [{"id": str(uuid.uuid4()), "staff_id": "SW-001", "category": "safety",
                         "recorded_at": "2026-12-01T08:00:00+08:00"}]}),
    row("POST", "/api/v1/hazards/{hazard_id}/photos", STAFF_ONLY_WRITE | {"staff": 201},
        path="/api/v1/hazards/{hazard_T}/photos", files={"file": ("p.png", PNG, "image/png")}),
    row("GET", "/api/v1/hazards/{hazard_id}/photos/{sha256}", ALL | {"disp_O": 404},
        path="/api/v1/hazards/{hazard_T}/photos/{photo_T}"),
    # disp_T moves the report along; the county then passes the scope check and meets the
    # lifecycle (409: already dispatched), while 邻乡's dispatcher is refused by scope (403).
    row("POST", "/api/v1/hazards/{hazard_id}/transitions",
        {"none": 401, "staff": 403, "disp_T": 200, "disp_O": 403, "super_T": 403, "county": 409},
        path="/api/v1/hazards/{hazard_T}/transitions", json={"to": "dispatched"}),
    row("POST", "/api/v1/checkins/makeup",
        {"none": 401, "staff": 403, "disp_T": 201, "disp_O": 403, "super_T": 403, "county": 201},
        json={"id": "{makeup_id}", "staff_id": "SW-003", "assignment_id": "{assignment_T}",
              "recorded_at": "2026-12-01T08:00:00+08:00", "reason": "电话确认"}),
]  # fmt: skip


@pytest.fixture
def world(db: Any, township: Any, api: Any) -> World:
    """The two townships and their actors."""
    from sqlmodel import Session

    from ops.identity.auth import Principal
    from ops.intake.photos import save_photo

    built = build_world(db, api)
    with Session(db.engine) as session:
        photo = save_photo(session=session, hazard_id=built.ids["hazard_T"], data=PNG,
                           by=Principal(role="staff", name="扎西", staff_id="SW-001"), settings=api.app.state.settings)  # fmt: skip
    built.ids |= {"photo_T": photo.sha256, "makeup_id": str(uuid.uuid4())}
    return built


@pytest.mark.parametrize("entry", ROWS, ids=[r.label for r in ROWS])
def test_each_route_answers_each_actor_as_the_matrix_says(
    api: Any, world: World, entry: Any
) -> None:
    walk(api, world, entry)


def test_lists_hold_only_what_is_in_scope(api: Any, world: World) -> None:
    """Lists answer 200 to everyone who may read, with only the records of their scope."""
    ids = {name: {h["id"] for h in call(api, world.actors[name], "GET", "/api/v1/hazards").json()["items"]}
           for name in ("staff", "disp_T", "disp_O", "super_T", "county")}  # fmt: skip
    t, o = world.ids["hazard_T"], world.ids["hazard_O"]
    assert ids["staff"] == {t} and ids["disp_O"] == {o}
    assert ids["disp_T"] == ids["super_T"] == {t} and ids["county"] == {t, o}
