"""Visits, dispute cases, petitions and events through the API and a real worker process."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from ops.models import DisputeCase, Hazard, Township, Village
from tests.e2e.conftest import bearer, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def _ids(db: Any) -> tuple[int, int]:
    with Session(db.engine) as session:
        township = session.exec(select(Township).where(Township.name == "色务乡")).one()
        village = session.exec(select(Village).where(Village.township_id == township.id)).first()
        return int(township.id or 0), int(village.id or 0) if village else 0


def visit(**extra: Any) -> dict[str, Any]:
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    return {"id": str(uuid.uuid4()), "staff_id": "SW-001", "visited_at": at, "household": "扎西家",
            "purpose": "dispute_check", "findings": "草场边界", "disputes_found": 1,
            "lon": 91.75, "lat": 32.26} | extra  # fmt: skip


def dispute(township: int, **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "township_id": township, "category": "grassland",
            "amount_yuan": 600, "found_on": "2024-03-02", "status": "mediated",
            "mediating_on": "2024-03-03", "closed_on": "2024-03-05", "mediator": "次仁"} | extra  # fmt: skip


def petition(township: int, **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "township_id": township, "received_on": "2024-05-06",
            "subject": "低保", "handled_on": "2024-05-07", "resolved_on": "2024-05-20",
            "satisfaction": "satisfied"} | extra  # fmt: skip


def event(township: int, **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "township_id": township, "kind": "publicity",
            "held_on": "2024-04-15", "theme": "4.15 全民国家安全教育日", "place": "搬迁点广场",
            "people_reached": 80, "items_given": 120, "banners": 3, "questions_answered": 4} | extra  # fmt: skip


PATHS = {"visit": "/api/v1/visits", "dispute": "/api/v1/disputes",
         "petition": "/api/v1/petitions", "event": "/api/v1/law-events"}  # fmt: skip
TABLES = {"visit": "visit", "dispute": "dispute_case", "petition": "petition", "event": "law_event"}


def _send(api: Any, token: str, kind: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    answer = api.post(PATHS[kind], json={"items": items}, headers=bearer(token))
    assert answer.status_code == 202, answer.text
    return answer.json()  # type: ignore[no-any-return]


def test_every_kind_is_stored_once_however_often_it_is_resent(api, township, tokens, worker, db):
    town, _village = _ids(db)
    made = {"visit": [visit() for _ in range(3)], "dispute": [dispute(town) for _ in range(3)],
            "petition": [petition(town)], "event": [event(town) for _ in range(2)]}  # fmt: skip
    for kind, items in made.items():
        token = tokens["SW-001"] if kind == "visit" else tokens["dispatcher"]
        for _ in range(3):  # the first send, a resend of the whole batch, and one item by itself
            _send(api, token, kind, items)
        _send(api, token, kind, items[:1])
    want = {kind: len(items) for kind, items in made.items()}
    wait_for(lambda: {k: db.count(TABLES[k]) for k in made} == want)
    # A marker sent after every resend: once it is stored, every resend before it was handled.
    _send(api, tokens["dispatcher"], "petition", [marker := petition(town)])
    wait_for(lambda: db.count("petition") == 2)
    assert {k: db.count(TABLES[k]) for k in made} == {
        "visit": 3,
        "dispute": 3,
        "petition": 2,
        "event": 2,
    }
    listed = api.get("/api/v1/disputes", headers=bearer(tokens["dispatcher"])).json()
    assert listed["total"] == 3 and {d["recorded_by"] for d in listed["items"]} == {"调度员"}
    one = api.get(f"/api/v1/petitions/{marker['id']}", headers=bearer(tokens["supervisor"]))
    assert one.status_code == 200 and one.json()["satisfaction"] == "satisfied"
    mine = api.get("/api/v1/visits", headers=bearer(tokens["SW-002"])).json()
    assert mine["total"] == 0  # another person's visits are not theirs to read


def test_bad_fields_are_named_item_by_item(api, township, tokens, db):
    town, _village = _ids(db)
    answer = _send(api, tokens["dispatcher"], "dispute", [
        dispute(town),
        dispute(town, amount_yuan=-5),
        dispute(town, closed_on=None),
        dispute(town, found_on="2024-03-09"),  # mediating_on before found_on
        dispute(town, category="murder"),
        dispute(town, amount_yuan="600"),
    ])  # fmt: skip
    assert len(answer["accepted"]) == 1
    fields = [sorted(e["field"] for e in r["errors"]) for r in answer["rejected"]]
    assert fields == [["amount_yuan"], ["closed_on"], ["closed_on", "mediating_on"], ["category"],
                      ["amount_yuan"]]  # fmt: skip
    assert all(r["id"] for r in answer["rejected"])
    events = _send(api, tokens["dispatcher"], "event", [event(town, people_reached=1.5),
                                                         event(town, online="yes")])  # fmt: skip
    assert [r["errors"][0]["field"] for r in events["rejected"]] == ["people_reached", "online"]
    petitions = _send(api, tokens["dispatcher"], "petition", [petition(town, handled_on=None)])
    assert petitions["rejected"][0]["errors"][0]["field"] == "resolved_on"
    visits = _send(
        api, tokens["SW-001"], "visit", [visit(household="", village_id=None), visit(purpose="x")]
    )
    assert [r["errors"][0]["field"] for r in visits["rejected"]] == ["item", "purpose"]


def test_what_needs_the_database_is_refused_at_the_door_naming_the_field(
    api, township, tokens, worker, db
):
    town, village = _ids(db)
    report = str(uuid.uuid4())
    with Session(db.engine) as session:
        other = Township(name="邻乡")
        session.add(other)
        session.add(Hazard(id=report, staff_id="SW-001", category="safety",
                           recorded_at=datetime.now(UTC), description="x"))  # fmt: skip
        session.commit()
        other_village = Village(township_id=other.id, code="O1", name="邻村", geometry={},
                                area_m2=1.0, label_lon=91.0, label_lat=32.0)  # fmt: skip
        session.add(other_village)
        session.commit()
        foreign_village = other_village.id
    events = _send(
        api, tokens["dispatcher"], "event", [event(town, theme="没有这个主题日"), event(town)]
    )
    cases = _send(api, tokens["dispatcher"], "dispute", [
        dispute(town, hazard_id=report), dispute(999_999), dispute(town, village_id=foreign_village),
        dispute(town, village_id=village),
    ])  # fmt: skip
    visits = _send(
        api,
        tokens["SW-001"],
        "visit",
        [visit(village_id=foreign_village), visit(village_id=village)],
    )
    named = [
        [r["errors"][0]["field"] for r in answer["rejected"]] for answer in (events, cases, visits)
    ]
    assert named == [["theme"], ["hazard_id", "township_id", "village_id"], ["village_id"]]
    wait_for(
        lambda: (db.count("law_event"), db.count("dispute_case"), db.count("visit")) == (1, 1, 1)
    )
    assert db.count("rejection") == 0  # what the door took, the worker stored


def test_a_dispute_report_becomes_a_case_and_is_mediated_step_by_step(
    api, township, tokens, worker, db
):
    town, village = _ids(db)
    report = str(uuid.uuid4())
    with Session(db.engine) as session:
        session.add(Hazard(id=report, staff_id="SW-001", category="dispute",
                           recorded_at=datetime.now(UTC), description="两户草场纠纷"))  # fmt: skip
        session.commit()
    case = dispute(town, hazard_id=report, village_id=village, status="found", mediating_on=None,
                   closed_on=None, parties="")  # fmt: skip
    _send(api, tokens["dispatcher"], "dispute", [case])
    wait_for(lambda: db.count("dispute_case") == 1)
    steps = f"/api/v1/disputes/{case['id']}/steps"
    head = bearer(tokens["dispatcher"])
    assert (
        api.post(steps, json={"to": "mediated", "on": "2024-03-04"}, headers=head).status_code
        == 409
    )
    early = api.post(steps, json={"to": "mediating", "on": "2024-03-01"}, headers=head)
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "on"
    assert (
        api.post(steps, json={"to": "mediating", "on": "2024-03-03"}, headers=head).status_code
        == 200
    )
    done = api.post(
        steps, json={"to": "mediated", "on": "2024-03-05", "mediator": "卓玛"}, headers=head
    )
    assert done.json() | {"id": case["id"]} == done.json() and done.json()["status"] == "mediated"
    refused = api.post(
        steps, json={"to": "mediated", "on": "2024-03-06"}, headers=bearer(tokens["supervisor"])
    )
    assert refused.status_code == 403
    with Session(db.engine) as session:
        stored = session.get(DisputeCase, case["id"])
        assert stored and (stored.status, stored.mediator, str(stored.closed_on)) == (
            "mediated",
            "卓玛",
            "2024-03-05",
        )
        assert stored.hazard_id == report and stored.parties == ""


def test_ids_past_postgresql_integers_are_named_not_a_server_error(api, township, tokens, db):
    """The fuzzer's find: township_id 2**31 reached a PostgreSQL INTEGER query and answered 500."""
    town, _village = _ids(db)
    big = 2**31
    before = db.snapshot()
    answers = [
        _send(api, tokens["dispatcher"], "petition", [petition(big)]),
        _send(api, tokens["dispatcher"], "event", [event(big)]),
        _send(api, tokens["dispatcher"], "dispute", [dispute(town, village_id=big)]),
        _send(api, tokens["SW-001"], "visit", [visit(village_id=big)]),
    ]
    named = [[e["field"] for r in a["rejected"] for e in r["errors"]] for a in answers]
    assert named == [["township_id"], ["township_id"], ["village_id"], ["village_id"]]
    assert all(not a["accepted"] for a in answers)
    assert db.snapshot() == before
