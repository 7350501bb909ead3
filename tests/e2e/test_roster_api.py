"""The roster board's API against the CLI: the same names, rules, repairs and files (both backends)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import bearer, wait_for

pytestmark = pytest.mark.redis
WEEK, MONDAY = "2026-W49", "2026-11-30"
DAYS = [f"2026-11-{d}" for d in (30,)] + [f"2026-12-0{d}" for d in range(1, 7)]


@pytest.fixture
def week(db: Any, fieldops: Any) -> int:
    """The demo township with leave and a generated week 2026-W49; its township id."""
    from sqlmodel import Session, select

    from ops.models import Township

    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv"),
                       ("leave", "leave.csv")):  # fmt: skip
        assert fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡").exit_code == 0
    result = fieldops("roster", "generate", "-t", "色务乡", "--start", MONDAY, "--days", "7")
    assert result.exit_code == 0, result.output
    with Session(db.engine) as session:
        return session.exec(select(Township.id).where(Township.name == "色务乡")).one()


def board(api: Any, token: str, township_id: int) -> dict[str, Any]:
    answer = api.get(f"/api/v1/rosters/{township_id}/{WEEK}", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def cells(found: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in found["rows"] for day in row["days"] for c in day]


def test_the_board_shows_each_day_with_the_names_of_roster_show(api, week, fieldops, tokens):
    found = board(api, tokens["supervisor"], week)
    assert found["days"] == DAYS and found["week"] == WEEK
    kinds = [row["post"]["kind"] for row in found["rows"]]
    assert kinds == sorted(kinds, key=lambda k: k != "intersection")  # crossings first
    for index, day in enumerate(DAYS):
        shown = json.loads(
            fieldops("roster", "show", "-t", "色务乡", "-d", day, "-f", "json").stdout
        )
        on_board = {
            c["key"]: ([p["name"] for p in c["staff"]], c["missing"], c["reason"])
            for row in found["rows"] for c in row["days"][index]
        }  # fmt: skip
        assert on_board == {
            s["key"]: ([p["name"] for p in s["staff"]], s["missing"], s["reason"])
            for s in shown["shifts"]
        }
    loads = {p["staff_id"]: p["shifts"] for p in found["load"]}
    assert sum(loads.values()) == sum(len(c["staff"]) for c in cells(found)) > 0
    assert found["leave"] and all(item["name"] for item in found["leave"])


def test_a_hand_edit_breaking_a_rule_is_refused_naming_it_and_nothing_is_stored(api, week, tokens):
    found = board(api, tokens["dispatcher"], week)
    shift = next(c for c in cells(found) if c["staff"])
    person = shift["staff"][0]["id"]
    # the same person on another shift of the same window: two shifts at once
    other = next(
        c for c in cells(found)
        if c["start"] == shift["start"] and c["key"] != shift["key"]
        and person not in {p["id"] for p in c["staff"]}
    )  # fmt: skip
    answer = api.post(
        f"/api/v1/rosters/{week}/{WEEK}/edits", headers=bearer(tokens["dispatcher"]),
        json={"version": 1, "shift": other["key"], "staff_id": person, "action": "add"},
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    messages = " ".join(e["message"] for e in answer.json()["errors"])
    assert "违反规则" in messages and "同一人不能同时在两个班次" in messages
    versions = api.get(
        f"/api/v1/rosters/{week}/{WEEK}/versions", headers=bearer(tokens["dispatcher"])
    )
    assert [v["version"] for v in versions.json()["items"]] == [1]


def test_an_edit_is_a_new_version_with_who_and_a_stale_one_is_409(api, week, tokens):
    found = board(api, tokens["dispatcher"], week)
    shift = next(c for c in cells(found) if c["staff"])
    person = shift["staff"][0]["id"]
    edit = {"version": 1, "shift": shift["key"], "staff_id": person, "action": "remove"}
    path = f"/api/v1/rosters/{week}/{WEEK}/edits"
    answer = api.post(path, headers=bearer(tokens["dispatcher"]), json=edit)
    assert answer.status_code == 201, answer.text
    saved = answer.json()
    assert saved["version"] == 2 and saved["kind"] == "edit" and saved["created_by"] == "调度员"
    after = {c["key"]: c for c in cells(board(api, tokens["dispatcher"], week))}
    assert person not in {p["id"] for p in after[shift["key"]]["staff"]}
    assert after[shift["key"]]["version"] == 2
    stale = api.post(path, headers=bearer(tokens["dispatcher"]), json=edit | {"action": "add"})
    assert stale.status_code == 409 and "有人已修改" in stale.json()["detail"]
    assert api.post(path, headers=bearer(tokens["supervisor"]), json=edit).status_code == 403


def test_a_sick_call_preview_is_what_is_saved_and_roster_repair_computes(
    api, week, tokens, fieldops
):
    found = board(api, tokens["dispatcher"], week)
    person = max(found["load"], key=lambda p: p["shifts"])["staff_id"]
    body = {"version": 1, "staff_id": person, "from": "2026-12-02T00:00:00+08:00"}
    path = f"/api/v1/rosters/{week}/{WEEK}/repair"
    preview = api.post(path + "/preview", headers=bearer(tokens["dispatcher"]), json=body)
    assert preview.status_code == 200, preview.text
    plan = preview.json()
    assert plan["changes"] and all(c["key"] and c["post"] for c in plan["changes"])
    assert person in {p["id"] for c in plan["changes"] for p in c["removed"]}
    assert api.get(f"/api/v1/rosters/{week}/{WEEK}/versions",
                   headers=bearer(tokens["dispatcher"])).json()["items"][0]["version"] == 1  # fmt: skip
    saved = api.post(
        path, headers=bearer(tokens["dispatcher"]), json=body | {"changes": plan["changes"]}
    )
    assert saved.status_code == 201, saved.text
    assert saved.json()["kind"] == "repair" and saved.json()["changes"] == plan["changes"]
    shown = json.loads(
        fieldops("roster", "show", "-t", "色务乡", "-d", "2026-12-03", "-f", "json").stdout
    )
    assert shown["version"] == 2
    assert person not in {p["id"] for s in shown["shifts"] for p in s["staff"]}


def test_publish_keeps_every_version_and_the_files_are_roster_shows(api, week, tokens, fieldops):
    from openpyxl import load_workbook

    path = f"/api/v1/rosters/{week}/{WEEK}"
    answer = api.post(path + "/publish", headers=bearer(tokens["dispatcher"]), json={"version": 1})
    assert answer.status_code == 200 and answer.json()["published_by"] == "调度员"
    assert api.post(path + "/publish", headers=bearer(tokens["dispatcher"]),
                    json={"version": 9}).status_code == 404  # fmt: skip
    text = api.get(path + "/files/wechat.txt", headers=bearer(tokens["supervisor"])).text
    for day in DAYS:
        day_text = fieldops("roster", "show", "-t", "色务乡", "-d", day, "-f", "wechat").stdout
        assert day_text.strip() in text
    xlsx = api.get(path + "/files/roster.xlsx", headers=bearer(tokens["supervisor"]))
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == DAYS
    ics = api.get(path + "/files/roster.ics", headers=bearer(tokens["supervisor"])).text
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == sum(
        len(c["staff"]) for c in cells(board(api, tokens["supervisor"], week))
    )


def test_a_bad_week_is_422_naming_it(api, week, tokens):
    answer = api.get(f"/api/v1/rosters/{week}/2026-W60", headers=bearer(tokens["supervisor"]))
    assert answer.status_code == 422 and answer.json()["errors"][0]["record"] == "week"


@pytest.mark.worker
def test_generate_runs_the_roster_task_with_progress_to_a_new_version(api, week, tokens, worker):
    path = f"/api/v1/rosters/{week}/{WEEK}/generate"
    answer = api.post(path, headers=bearer(tokens["dispatcher"]))
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert job["state"] == "queued" and job["start"] == MONDAY

    def done() -> Any:
        found = api.get(f"/api/v1/rosters/jobs/{job['id']}", headers=bearer(tokens["supervisor"]))
        return found.json() if found.json()["state"] in ("done", "failed") else None

    finished = wait_for(done, timeout=120)
    assert finished["state"] == "done" and finished["version"] == 2
    versions = api.get(
        f"/api/v1/rosters/{week}/{WEEK}/versions", headers=bearer(tokens["dispatcher"])
    )
    items = versions.json()["items"]
    assert [v["version"] for v in items] == [2, 1] and items[0]["created_by"] == "调度员"
