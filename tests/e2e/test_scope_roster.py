"""The authorization matrix of the roster board's API and page (see tests/e2e/scope.py).

Writes by the county account come after T's dispatcher saved a version, so a save naming the
version both saw is 409 for it: past every authorization check, refused only as stale.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest

from tests.e2e.scope import World, build_world, row, walk

pytestmark = pytest.mark.redis
OFFICE = {"none": 401, "staff": 403, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
OF_T = OFFICE | {"disp_O": 404}
PAGE = {"none": 303, "staff": 303, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
WRITE = {"none": 401, "staff": 403, "disp_T": 200, "disp_O": 403, "super_T": 403, "county": 200}
SAVE = WRITE | {"disp_T": 201, "county": {201, 409}}
BASE = "/api/v1/rosters/{township_T}/{week}"
EDIT = {"version": 1, "shift": "{shift_T}", "staff_id": "{person_T}", "action": "remove"}
SICK = {"version": 1, "staff_id": "{person_T}", "from": "{from_T}"}

ROWS = [
    row("GET", "/api/v1/rosters/{township_id}/{week}", OF_T, path=BASE),
    row("GET", "/api/v1/rosters/{township_id}/{week}/versions", OF_T, path=BASE + "/versions"),
    row("GET", "/api/v1/rosters/{township_id}/{week}/files/{name}", OF_T, path=BASE + "/files/wechat.txt"),
    row("GET", "/console/roster", PAGE, path="/console/roster?week={week}"),
    row("GET", "/console/roster/print", PAGE, path="/console/roster/print?week={week}"),
    row("GET", "/api/v1/rosters/jobs/{job_id}", OF_T, path="/api/v1/rosters/jobs/{job_T}"),
    row("POST", "/api/v1/rosters/{township_id}/{week}/repair/preview", WRITE,
        path=BASE + "/repair/preview", json=SICK),
    row("POST", "/api/v1/rosters/{township_id}/{week}/publish", WRITE, path=BASE + "/publish",
        json={"version": 1}),
    row("POST", "/api/v1/rosters/{township_id}/{week}/generate", WRITE | {"disp_T": 202, "county": 202},
        path=BASE + "/generate"),
    row("POST", "/api/v1/rosters/{township_id}/{week}/edits", SAVE, path=BASE + "/edits", json=EDIT),
    row("POST", "/api/v1/rosters/{township_id}/{week}/repair", SAVE | {"county": 409},
        path=BASE + "/repair", json=SICK),
]  # fmt: skip


@pytest.fixture
def world(db: Any, township: Any, api: Any) -> World:
    """The two townships and their actors; a shift of T with a person on it, a job of T's."""
    from sqlmodel import Session, select

    from ops.models import Assignment, RosterShift
    from ops.services.roster_jobs import mark

    built = build_world(db, api)
    settings = api.app.state.settings
    with Session(db.engine) as session:
        shift, person = session.exec(
            select(RosterShift, Assignment.staff_id)
            .where(Assignment.roster_shift_id == RosterShift.id)
            .order_by(RosterShift.starts_at.desc())  # type: ignore[attr-defined]
        ).first()  # type: ignore[misc]
    start = shift.starts_at.astimezone(settings.tz)
    year, number, _ = start.date().isocalendar()
    job_id = str(uuid.uuid4())
    mark(settings, job_id, "queued", township_id=str(built.ids["township_T"]), start="2026-11-30",
         days="7", by="disp_T")  # fmt: skip
    built.ids |= {
        "week": f"{year}-W{number:02d}", "shift_T": shift.key, "person_T": person, "job_T": job_id,
        "from_T": datetime.combine(start.date(), datetime.min.time(), settings.tz).isoformat(),
    }  # fmt: skip
    return built


@pytest.mark.parametrize("entry", ROWS, ids=[r.label for r in ROWS])
def test_each_route_answers_each_actor_as_the_matrix_says(
    api: Any, world: World, entry: Any
) -> None:
    walk(api, world, entry)
