"""今日值守 in headless Chromium against real `fieldops serve` processes, a worker and Redis.

The page must show each person's state as their check-ins say, show a check-in within 5 s of its
arrival, survive its API process restarting (catching up on what arrived meanwhile), and work
behind any of several API processes; never a console error, never a request to another origin.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.e2e import console_world
from tests.e2e.console_world import (
    Watched,
    add_dispatcher,
    checkin_at,
    day_around_now,
    expected_state,
    now_utc,
    phones_report,
    signed_in_context,
)
from tests.e2e.live import store_as_worker
from tests.e2e.services import Server

pytestmark = [pytest.mark.redis, pytest.mark.worker, pytest.mark.slow]
browser, shots = console_world.browser, console_world.shots  # the module's fixtures


@pytest.fixture
def world(db: Any, township: Any, staff_tokens: dict[str, str]) -> dict[str, Any]:
    """Today's designed shifts and a dispatcher of the township."""
    from ops.runtime.settings import load_settings

    now = now_utc()
    return {"day": day_around_now(db.engine, now, load_settings().tz), "now": now,
            "password": add_dispatcher(db.engine), "tokens": staff_tokens}  # fmt: skip


def checkins_of_today(base: str, token: str, tz: Any) -> list[dict[str, Any]]:
    today = now_utc().astimezone(tz).date().isoformat()
    answer = httpx.get(
        f"{base}/api/v1/checkins",
        params={"date": today},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200
    return answer.json()["items"]  # type: ignore[no-any-return]


def office_token(db: Any) -> str:
    from sqlmodel import Session

    from ops.identity.auth import issue_token

    with Session(db.engine) as session:
        return issue_token(session=session, role="supervisor", name="督导")


def test_today_shows_each_persons_state_as_their_checkins_say_and_stays_live_across_a_restart(
    db, world, worker, worker_env, browser, shots, tmp_path
):
    from playwright.sync_api import expect

    from ops.runtime.settings import load_settings

    tz, day, now = load_settings().tz, world["day"], world["now"]
    server = Server(worker_env, tmp_path / "serve.log").start()
    try:
        sent = phones_report(server.base, world["tokens"], day, now)
        token = office_token(db)

        def all_stored() -> bool:
            return len(checkins_of_today(server.base, token, tz)) >= len(sent)

        _wait(all_stored)
        context = signed_in_context(browser, server.base, "disp", world["password"])
        watched = Watched(context, server.base)
        page = watched.page
        page.goto("/console/today")
        expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        people = page.locator("#people li.person")
        expect(people).to_have_count(sum(len(s[5]) for s in day.shifts.values()))
        page.wait_for_timeout(500)  # the map's tiles-free layers settle
        page.screenshot(path=str(shots / f"{db.backend}-today.png"))

        # Spot-check every person on the list (at least five when the day allows) against the API.
        stored = checkins_of_today(server.base, token, tz)
        checked = 0
        for staff_id in ("SW-001", "SW-002", "SW-003", "SW-004", "SW-005", "SW-006"):
            duty = day.post_of(staff_id)
            if duty is None:
                continue
            mine = [c for c in stored if c["staff_id"] == staff_id]
            want = expected_state(mine, duty[3], duty[4], now_utc())
            row = page.locator(f"#people li[data-staff='{staff_id}']")
            expect(row).to_have_attribute("data-state", want)
            checked += 1
        assert checked >= min(5, sum(len(s[5]) for s in day.shifts.values()))
        if day.shifts.get("running"):
            expect(page.locator("#people li.person").first).to_have_attribute(
                "data-state", "missed"
            )
            late = page.locator("#people li[data-staff='SW-002']")
            expect(late).to_have_attribute("data-punctuality", "late")
            expect(late.locator("a.tel")).to_have_attribute("href", "tel:" + _phone(db, "SW-002"))

        # The page's GCJ-02 shift (for Amap/Tencent tiles) is geo.china_crs's, to a millimetre.
        from geo.china_crs import from_wgs84

        for lon, lat in ((91.75, 32.26), (116.39, 39.91), (139.69, 35.68)):  # Sewu, Beijing, Tokyo
            shifted = page.evaluate("([lon, lat]) => fieldopsMap.gcj02(lon, lat)", [lon, lat])
            want = from_wgs84(lon, lat, "gcj02")
            assert abs(shifted[0] - want[0]) < 1e-8 and abs(shifted[1] - want[1]) < 1e-8

        # A check-in posted while the page is open shows within 5 s.
        _code, lon, lat, *_ = day.post_of("SW-004") or day.post_of("SW-006") or ("", 91.75, 32.26)
        who = "SW-004" if day.post_of("SW-004") else "SW-006"
        item = checkin_at(who, "in", now_utc(), lon, lat)
        sent = time.monotonic()
        answer = httpx.post(f"{server.base}/api/v1/checkins", json={"items": [item]},
                            headers={"Authorization": f"Bearer {world['tokens'][who]}"})  # fmt: skip
        assert answer.status_code == 202
        expect(page.locator(f"#feed li[data-staff='{who}']").first).to_be_visible(timeout=5_000)
        shown_after = time.monotonic() - sent
        expect(page.locator(f"#people li[data-staff='{who}']")).not_to_have_attribute(
            "data-state", "missed"
        )
        page.screenshot(path=str(shots / f"{db.backend}-today-live.png"))
        assert shown_after < 5

        # The API process restarts; what a worker stores meanwhile shows once the page is back.
        server.stop()
        expect(page.locator("#live-status")).not_to_have_attribute("data-state", "live")
        late_comer = checkin_at("SW-006", "in", now_utc(), lon, lat)
        store_as_worker(
            db.engine, load_settings(**_settings_of(worker_env)), "checkin", [late_comer]
        )
        server.start()
        expect(page.locator("#live-status")).to_have_attribute("data-state", "live", timeout=30_000)
        expect(page.locator("#feed li[data-staff='SW-006']").first).to_be_visible()
        page.screenshot(path=str(shots / f"{db.backend}-today-after-restart.png"))
        watched.errors = [
            e for e in watched.errors if "ERR_CONNECTION_REFUSED" not in e and "503" not in e
        ]
        watched.clean()
        context.close()
    finally:
        server.stop()


def test_a_checkin_stored_by_a_worker_reaches_pages_on_either_api_process(
    db, world, worker, worker_env, browser, tmp_path
):
    from playwright.sync_api import expect

    one = Server(worker_env, tmp_path / "serve-1.log").start()
    two = Server(worker_env, tmp_path / "serve-2.log").start()
    try:
        pages = []
        for server in (one, two):
            context = signed_in_context(browser, server.base, "disp", world["password"])
            watched = Watched(context, server.base)
            watched.page.goto("/console/today")
            expect(watched.page.locator("#live-status")).to_have_attribute("data-state", "live")
            pages.append(watched)
        _code, lon, lat, *_ = world["day"].post_of("SW-001") or ("", 91.75, 32.26)
        item = checkin_at("SW-001", "in", now_utc(), lon, lat)
        answer = httpx.post(f"{one.base}/api/v1/checkins", json={"items": [item]},
                            headers={"Authorization": f"Bearer {world['tokens']['SW-001']}"})  # fmt: skip
        assert answer.status_code == 202
        for watched in pages:
            expect(watched.page.locator("#feed li[data-staff='SW-001']").first).to_be_visible(
                timeout=5_000
            )
            watched.clean()
    finally:
        one.stop()
        two.stop()


def _wait(predicate: Any, timeout: float = 60.0) -> None:
    from tests.e2e.conftest import wait_for

    wait_for(predicate, timeout=timeout)


def _phone(db: Any, staff_id: str) -> str:
    from sqlmodel import Session

    from ops.models import StaffMember

    with Session(db.engine) as session:
        person = session.get(StaffMember, staff_id)
        assert person is not None and person.phone
        return person.phone


def _settings_of(env: dict[str, str]) -> dict[str, Any]:
    return {"database_url": env["FIELDOPS_DATABASE_URL"], "redis_url": env["FIELDOPS_REDIS_URL"],
            "data_dir": env["FIELDOPS_DATA_DIR"], "queue": env["FIELDOPS_QUEUE"]}  # fmt: skip
