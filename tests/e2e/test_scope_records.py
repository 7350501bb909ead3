"""The authorization matrix of the records API (see tests/e2e/scope.py for the actors)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.e2e.scope import World, build_world, call, row, walk

pytestmark = pytest.mark.redis
ALL = {"none": 401, "staff": 200, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
OFFICE_READ = ALL | {"staff": 403}
OFFICE_ONE = OFFICE_READ | {"disp_O": 404}
OFFICE_WRITE = {
    "none": 401,
    "staff": 403,
    "disp_T": 202,
    "disp_O": 403,
    "super_T": 403,
    "county": 202,
}
# files and theme days: written by the township's dispatchers (county: any) -> 201
FILE_WRITE = OFFICE_WRITE | {"disp_T": 201, "county": 201}
# a file is read with its record: staff and the other township find nothing
FILE_READ = ALL | {"staff": 404, "disp_O": 404}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PAGE = {"none": 303, "staff": 303, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
# disp_T takes the step; the county then passes the scope check and meets the loop (409: done).
STEP = {"none": 401, "staff": 403, "disp_T": 200, "disp_O": 403, "super_T": 403, "county": 409}


def _batch(**item: Any) -> dict[str, Any]:
    return {"items": [{"id": str(uuid.uuid4()), "township_id": "{township_T}"} | item]}


ROWS = [
    row("POST", "/api/v1/visits", {"none": 401, "staff": 202, "disp_T": 403, "disp_O": 403, "super_T": 403, "county": 403},
        json={"items": [{"id": str(uuid.uuid4()), "staff_id": "SW-001", "household": "扎西家",
                         "purpose": "other", "visited_at": "2026-12-01T08:00:00+08:00"}]}),
    row("POST", "/api/v1/disputes", OFFICE_WRITE, json=_batch(category="debt", found_on="2024-01-02")),
    row("POST", "/api/v1/petitions", OFFICE_WRITE, json=_batch(received_on="2024-01-02", subject="x")),
    row("POST", "/api/v1/law-events", OFFICE_WRITE, json=_batch(kind="study", held_on="2024-01-02")),
    row("GET", "/api/v1/visits", ALL),
    row("GET", "/api/v1/disputes", OFFICE_READ),
    row("GET", "/api/v1/petitions", OFFICE_READ),
    row("GET", "/api/v1/law-events", OFFICE_READ),
    row("GET", "/api/v1/visits/{record_id}", ALL | {"disp_O": 404}, path="/api/v1/visits/{visit_T}"),
    row("GET", "/api/v1/disputes/{record_id}", OFFICE_ONE, path="/api/v1/disputes/{dispute_T}"),
    row("GET", "/api/v1/petitions/{record_id}", OFFICE_ONE, path="/api/v1/petitions/{petition_T}"),
    row("GET", "/api/v1/law-events/{record_id}", OFFICE_ONE, path="/api/v1/law-events/{event_T}"),
    row("POST", "/api/v1/disputes/{record_id}/steps", STEP, path="/api/v1/disputes/{dispute_T}/steps",
        json={"to": "mediating", "on": "2024-02-01"}),
    row("POST", "/api/v1/petitions/{record_id}/steps", STEP, path="/api/v1/petitions/{petition_T}/steps",
        json={"to": "handled", "on": "2024-02-01"}),
    row("POST", "/api/v1/disputes/{record_id}/attachments", FILE_WRITE,
        path="/api/v1/disputes/{dispute_T}/attachments", files={"file": ("p.png", PNG, "image/png")}),
    row("POST", "/api/v1/law-events/{record_id}/attachments", FILE_WRITE,
        path="/api/v1/law-events/{event_T}/attachments", files={"file": ("p.png", PNG, "image/png")}),
    row("GET", "/api/v1/disputes/{record_id}/attachments/{sha256}", FILE_READ,
        path="/api/v1/disputes/{dispute_T}/attachments/{png_sha256}"),
    row("GET", "/api/v1/law-events/{record_id}/attachments/{sha256}", FILE_READ,
        path="/api/v1/law-events/{event_T}/attachments/{png_sha256}"),
    row("GET", "/api/v1/themes", OFFICE_ONE, path="/api/v1/themes?township_id={township_T}"),
    row("POST", "/api/v1/themes", FILE_WRITE, json={"township_id": "{township_T}", "name": "藏历新年"}),
    row("GET", "/console/records", PAGE, path="/console/records?tab=disputes&from=2024-01-01&to=2024-12-31"),
]  # fmt: skip


@pytest.fixture
def world(db: Any, township: Any, api: Any, app_settings: Any) -> World:
    """The two townships, their actors, and one record of each kind in each township."""
    from sqlmodel import Session

    from ops.models import DisputeCase, LawEvent, Petition, Visit

    built = build_world(db, api)
    day = date(2024, 1, 2)
    with Session(db.engine) as session:
        for side, town, person in (
            ("T", built.ids["township_T"], "SW-001"),
            ("O", built.ids["township_O"], "O-001"),
        ):
            ids = {kind: str(uuid.uuid4()) for kind in ("visit", "dispute", "petition", "event")}
            session.add(
                Visit(
                    id=ids["visit"],
                    township_id=town,
                    staff_id=person,
                    purpose="other",
                    household="户",
                    visited_at=datetime.now(UTC),
                )
            )
            session.add(
                DisputeCase(
                    id=ids["dispute"],
                    township_id=town,
                    category="debt",
                    found_on=day,
                    recorded_by="x",
                )
            )
            session.add(
                Petition(
                    id=ids["petition"],
                    township_id=town,
                    received_on=day,
                    subject="x",
                    recorded_by="x",
                )
            )
            session.add(
                LawEvent(
                    id=ids["event"], township_id=town, kind="study", held_on=day, recorded_by="x"
                )
            )
            built.ids |= {f"{kind}_{side}": value for kind, value in ids.items()}
        session.commit()
        digest = _stored_photo(app_settings, session, built.ids["dispute_T"], built.ids["event_T"])
        built.ids["png_sha256"] = digest
    return built


def _stored_photo(settings: Any, session: Any, dispute: str, event: str) -> str:
    """The same photo on township T's dispute and event, stored as an upload stores it."""
    import hashlib

    from ops.models import RecordFile
    from ops.records.files import file_path

    digest = hashlib.sha256(PNG).hexdigest()
    path = file_path(settings, digest, "png")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)
    for kind, record in (("dispute", dispute), ("event", event)):
        session.add(RecordFile(record_kind=kind, record_id=record, sha256=digest, content_type="image/png",
                               size=len(PNG), uploaded_by="x"))  # fmt: skip
    session.commit()
    return digest


@pytest.mark.parametrize("entry", ROWS, ids=[r.label for r in ROWS])
def test_each_records_route_answers_each_actor_as_the_matrix_says(
    api: Any, world: World, entry: Any
) -> None:
    walk(api, world, entry)


@pytest.mark.parametrize("kind", ["visits", "disputes", "petitions", "law-events"])
def test_record_lists_hold_only_what_is_in_scope(api: Any, world: World, kind: str) -> None:
    single = kind.rstrip("s").replace("law-event", "event")
    t, o = world.ids[f"{single}_T"], world.ids[f"{single}_O"]
    seen = {name: {r["id"] for r in call(api, world.actors[name], "GET", f"/api/v1/{kind}").json()["items"]}
            for name in ("disp_T", "disp_O", "super_T", "county")}  # fmt: skip
    assert seen == {"disp_T": {t}, "disp_O": {o}, "super_T": {t}, "county": {t, o}}
    one = call(
        api, world.actors["county"], "GET", f"/api/v1/{kind}?township_id={world.ids['township_T']}"
    )
    assert one.status_code == 200, one.text  # a query's township_id is text: read as a number
    assert {r["id"] for r in one.json()["items"]} == {t}
    if kind == "visits":
        assert {
            r["id"]
            for r in call(api, world.actors["staff"], "GET", "/api/v1/visits").json()["items"]
        } == {t}


@pytest.mark.parametrize("tab", ["visits", "disputes", "petitions", "events"])
def test_the_console_page_shows_only_the_township_in_view(api: Any, world: World, tab: str) -> None:
    kind = tab.removesuffix("s")
    t, o = world.ids[f"{kind}_T"], world.ids[f"{kind}_O"]
    for name, mine, theirs in (("disp_T", t, o), ("super_T", t, o), ("disp_O", o, t)):
        page = call(api, world.actors[name], "GET", f"/console/records?tab={tab}").text
        assert f'data-record="{mine}"' in page and f'data-record="{theirs}"' not in page, name
    county = call(api, world.actors["county"], "GET", f"/console/records?tab={tab}").text
    assert (f'data-record="{t}"' in county) != (f'data-record="{o}"' in county)  # one in view
