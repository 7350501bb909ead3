"""The authorization matrix of today, live events, the ledger and coverage (see tests/e2e/scope.py)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.scope import World, build_world, row, walk

pytestmark = pytest.mark.redis
OFFICE = {"none": 401, "staff": 403, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
OF_T = OFFICE | {"disp_O": 404}  # a record of township T: another township's account finds nothing
PAGE = {"none": 303, "staff": 303, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
WEEK = "2026-W48"

ROWS = [
    row("GET", "/api/v1/events", OFFICE | {"staff": 200}, path="/api/v1/events?max_s=0"),
    row("GET", "/api/v1/today", OF_T, path="/api/v1/today?township_id={township_T}"),
    row("GET", "/api/v1/townships/{township_id}/map", OF_T, path="/api/v1/townships/{township_T}/map"),
    row("GET", "/api/v1/hazards/export.xlsx", OFFICE),
    row("GET", "/api/v1/hazards/{hazard_id}", OF_T | {"staff": 200}, path="/api/v1/hazards/{hazard_T}"),
    row("GET", "/api/v1/coverage", OF_T, path="/api/v1/coverage?township_id={township_T}"),
    row("GET", "/api/v1/coverage/map", OF_T, path="/api/v1/coverage/map?township_id={township_T}"),
    row("GET", "/api/v1/reports/weekly", OFFICE),
    row("GET", "/api/v1/reports/weekly/{week}/{area}/{name}", OF_T,
        path=f"/api/v1/reports/weekly/{WEEK}/{{township_T}}/summary.html"),
    # Building is a write: another township's dispatcher is refused (403), supervisors change nothing.
    row("POST", "/api/v1/reports/weekly",
        {"none": 401, "staff": 403, "disp_T": 202, "disp_O": 403, "super_T": 403, "county": 202},
        json={"week": WEEK, "township_id": "{township_T}"}),
    row("GET", "/api/v1/reports/weekly/builds/{build_id}", OF_T, path="/api/v1/reports/weekly/builds/{build_T}"),
    row("GET", "/console/today", PAGE),
    row("GET", "/console/hazards", PAGE),
    row("GET", "/console/hazards/{hazard_id}", PAGE | {"disp_O": 404}, path="/console/hazards/{hazard_T}"),
    row("GET", "/console/coverage", PAGE),
    row("GET", "/console/coverage/weekly", PAGE),
]  # fmt: skip


@pytest.fixture
def world(db: Any, township: Any, api: Any) -> World:
    """The two townships and their actors, a weekly summary of T on file and a build of T's."""
    from ops.services.weekly_builds import mark

    built = build_world(db, api)
    settings = api.app.state.settings
    folder = settings.data_dir / "reports" / WEEK / "色务乡"
    folder.mkdir(parents=True)
    (folder / "summary.html").write_text(
        "<!doctype html><title>周报</title><h1>色务乡</h1>", encoding="utf-8"
    )
    build_id = str(uuid.uuid4())
    mark(settings, build_id, "queued", week=WEEK, area=str(built.ids["township_T"]), by="disp_T")
    built.ids |= {"build_T": build_id}
    return built


@pytest.mark.parametrize("entry", ROWS, ids=[r.label for r in ROWS])
def test_each_route_answers_each_actor_as_the_matrix_says(
    api: Any, world: World, entry: Any
) -> None:
    walk(api, world, entry)


def test_the_summary_page_opens_under_a_policy_of_its_own_with_no_script(
    api: Any, world: World
) -> None:
    from tests.e2e.scope import call

    answer = call(
        api,
        world.actors["super_T"],
        "GET",
        f"/api/v1/reports/weekly/{WEEK}/{world.ids['township_T']}/summary.html",
    )
    policy = answer.headers["content-security-policy"]
    assert answer.status_code == 200 and "色务乡" in answer.text
    assert (
        "script-src" not in policy
        and "default-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
    )
