"""The authorization matrix of 人员: staff, leave, uploads, cards, revoking (see tests/e2e/scope.py).

Reads of township T: another township's account finds nothing (404), a staff token is refused
(403). Changes: dispatchers of T and the county only; 邻乡's dispatcher is refused (403), the
supervisor changes nothing (403).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e.scope import World, build_world, call, row, walk

pytestmark = pytest.mark.redis
OF_T = {"none": 401, "staff": 403, "disp_T": 200, "disp_O": 404, "super_T": 200, "county": 200}
WRITE_T = {"none": 401, "staff": 403, "disp_T": 200, "disp_O": 403, "super_T": 403, "county": 200}
PAGE = {"none": 303, "staff": 303, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
STAFF_CSV = "编号,姓名,电话,角色,所属村,每周最多班次\nSW-190,新来的,13800000000,巡逻员,SW01,4\n"
LEAVE_CSV = "编号,开始,结束,原因\nSW-003,2030-03-02,2030-03-04,事假\n"
SHIFTS_CSV = "岗位,星期,开始,结束,最少人数,最多人数,角色\nX1,每天,08:00,11:00,1,2,交通劝导员\n"


def _file(name: str, text: str) -> dict[str, Any]:
    return {"files": {"file": (name, text.encode(), "text/csv")}}


ROWS = [
    row("GET", "/api/v1/staff", OF_T, path="/api/v1/staff?township_id={township_T}"),
    row("GET", "/api/v1/staff/{staff_id}", OF_T, path="/api/v1/staff/SW-002"),
    row("GET", "/api/v1/leave", OF_T, path="/api/v1/leave?township_id={township_T}&from=2030-01-01&to=2030-01-31"),
    # The county adds the same days again: found, not doubled (200).
    row("POST", "/api/v1/staff/{staff_id}/leave", WRITE_T | {"disp_T": 201}, path="/api/v1/staff/SW-005/leave",
        json={"from": "2030-02-01", "to": "2030-02-03", "reason": "病假"}),
    row("PATCH", "/api/v1/leave/{leave_id}", WRITE_T, path="/api/v1/leave/{leave_T}", json={"to": "2030-01-05"}),
    # Once T's dispatcher has deleted it the leave is gone for everyone after (404); 邻乡's
    # dispatcher refused on a leave that exists: test_another_townships_dispatcher_cannot_delete_leave.
    row("DELETE", "/api/v1/leave/{leave_id}", WRITE_T | {"disp_T": 204, "disp_O": 404, "county": 404},
        path="/api/v1/leave/{leave_T}"),
    row("POST", "/api/v1/staff/{staff_id}/card", WRITE_T, path="/api/v1/staff/SW-002/card?format=svg"),
    row("POST", "/api/v1/townships/{township_id}/cards", WRITE_T, path="/api/v1/townships/{township_T}/cards"),
    row("POST", "/api/v1/staff/{staff_id}/revoke", WRITE_T, path="/api/v1/staff/SW-009/revoke"),
    row("POST", "/api/v1/townships/{township_id}/staff/upload", WRITE_T,
        path="/api/v1/townships/{township_T}/staff/upload",
        **_file("人员.csv", STAFF_CSV)),
    row("POST", "/api/v1/townships/{township_id}/leave/upload", WRITE_T,
        path="/api/v1/townships/{township_T}/leave/upload",
        **_file("请假.csv", LEAVE_CSV)),
    row("POST", "/api/v1/townships/{township_id}/shifts/upload", WRITE_T,
        path="/api/v1/townships/{township_T}/shifts/upload",
        **_file("班次.csv", SHIFTS_CSV)),
    row("GET", "/console/staff", PAGE),
]  # fmt: skip


def add_leave_row(engine: Any, staff_id: str, starts: datetime, ends: datetime) -> int:
    """A stored leave period; its id."""
    from sqlmodel import Session

    from ops.models import Leave

    with Session(engine) as session:
        leave = Leave(staff_id=staff_id, starts_at=starts, ends_at=ends, reason="事假")
        session.add(leave)
        session.commit()
        return leave.id or 0


@pytest.fixture
def world(db: Any, township: Any, api: Any) -> World:
    """The two townships and their actors, and a leave of T's (SW-002, January 2030)."""
    built = build_world(db, api)
    starts, ends = datetime(2030, 1, 2, 16, tzinfo=UTC), datetime(2030, 1, 9, 16, tzinfo=UTC)
    built.ids |= {"leave_T": add_leave_row(db.engine, "SW-002", starts, ends)}
    return built


@pytest.mark.parametrize("entry", ROWS, ids=[r.label for r in ROWS])
def test_each_route_answers_each_actor_as_the_matrix_says(
    api: Any, world: World, entry: Any
) -> None:
    walk(api, world, entry)


def test_another_townships_dispatcher_cannot_delete_leave(db: Any, api: Any, world: World) -> None:
    answer = call(api, world.actors["disp_O"], "DELETE", f"/api/v1/leave/{world.ids['leave_T']}")
    assert answer.status_code == 403
    assert db.count("leave") == 1


def test_lists_hold_only_the_township_in_scope(api: Any, world: World) -> None:
    """Without township_id an account lists its own township; the county must name one."""
    own = call(api, world.actors["disp_O"], "GET", "/api/v1/staff").json()
    assert [p["id"] for p in own["items"]] == ["O-001"]
    t_ids = {
        p["id"] for p in call(api, world.actors["super_T"], "GET", "/api/v1/staff").json()["items"]
    }
    assert "SW-001" in t_ids and "O-001" not in t_ids
    assert call(api, world.actors["county"], "GET", "/api/v1/staff").status_code == 422
    leave = call(api, world.actors["disp_O"], "GET", "/api/v1/leave?from=2030-01-01&to=2030-01-31")
    assert leave.status_code == 200 and leave.json()["items"] == []
