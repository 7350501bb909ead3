"""The field phone app in real headless Chromium against a real `fieldops serve`, worker and Redis.

Debian's /usr/bin/chromium is driven by Playwright (no browser download). Screenshots of every
screen at 360 × 640 go to $FIELDOPS_SCREENSHOT_DIR, or to pytest's temporary directory
(`<basetemp>/screenshots*/`); the path is printed in the test report's header section.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import wait_for
from tests.integration.test_signin import CROSSING, add_crossing_duty, soon_today

pytestmark = [pytest.mark.redis, pytest.mark.worker, pytest.mark.slow]

CHROMIUM = os.environ.get("FIELDOPS_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
]  # fmt: skip
AT_POST = {"longitude": CROSSING[0] + 0.0001, "latitude": CROSSING[1], "accuracy": 8}  # ~10 m away
FAR_AWAY = {
    "longitude": CROSSING[0],
    "latitude": CROSSING[1] + 0.01,
    "accuracy": 8,
}  # ~1.1 km north


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the module."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: scripts/services.sh installs Debian's chromium")
    from playwright.sync_api import expect, sync_playwright

    # A busy 2-core CI machine makes phone-side work (shrinking a photo, IndexedDB) slow: no
    # assertion waits on Playwright's 5 s default; each waits up to 20 s unless it says otherwise.
    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        running = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield running
        running.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go."""
    chosen = os.environ.get("FIELDOPS_SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(worker_env: dict[str, str], worker: Any, tmp_path: Path) -> Iterator[str]:
    """`fieldops serve` as people start it, on a free port, with a worker behind it."""
    port = free_port()
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ops", "serve", "--port", str(port)],
        env=worker_env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited: {log.read_text()[-3000:]}")
        try:
            return httpx.get(f"{base}/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(ready, timeout=60)
    yield base
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


@pytest.fixture
def duty(db: Any) -> dict[str, Any]:
    """A crossing shift for T-001 (with 卓玛) starting soon today: a check-in now is on time."""
    return add_crossing_duty(db.engine, starts_at=soon_today())


@pytest.fixture
def phone(browser: Any, server: str) -> Iterator[Any]:
    """A 360 × 640 phone context, allowed to locate itself, standing at the crossing."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="zh-CN", timezone_id="Asia/Shanghai", geolocation=AT_POST, permissions=["geolocation"],
        base_url=server,
    )  # fmt: skip
    yield context
    context.close()


def card_link(fieldops: Any, server: str, tmp_path: Path, staff_id: str = "T-001") -> str:
    """Print a card the way a dispatcher does and return the link its QR code carries."""
    result = fieldops(
        "token",
        "issue",
        "--staff",
        staff_id,
        "--qr",
        tmp_path / f"{staff_id}.png",
        "--base-url",
        server,
    )
    assert result.exit_code == 0, result.output
    return str(result.stdout.strip().splitlines()[-1])


def signed_in(context: Any, link: str) -> Any:
    """Open the card's link in the phone and wait for today's duty."""
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(link)
    expect(page.locator("#duty")).to_contain_text("测试路口", timeout=15_000)
    return page


def shot(page: Any, folder: Path, db: Any, name: str) -> None:
    page.screenshot(path=str(folder / f"{db.backend}-{name}.png"))


def rows(db: Any, table: str) -> list[Any]:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        return list(connection.execute(text(f'SELECT * FROM "{table}"')).mappings())


def test_sign_in_through_the_card_then_check_in_on_site_and_off_site(
    db, duty, server, browser, phone, fieldops, tmp_path, shots
):
    from playwright.sync_api import expect

    link = card_link(fieldops, server, tmp_path)
    page = signed_in(phone, link)
    assert "#signin" not in page.url  # the code leaves the address bar at once
    expect(page.locator("#who")).to_contain_text("扎西 T-001")
    expect(page.locator("#duty")).to_contain_text("卓玛")
    expect(page.locator("#duty")).to_contain_text("范围 50 米")
    expect(page.locator("#next")).to_contain_text("测试路口")  # tomorrow's shift
    shot(page, shots, db, "today")

    page.click("#btn-in")
    expect(page.locator("#done li").first).to_contain_text("按时", timeout=30_000)
    phone.set_geolocation(FAR_AWAY)
    page.wait_for_function("fieldops.Geo.last && fieldops.Geo.last.lat > 32.21")
    page.click("#btn-in")
    expect(page.locator("#done li").first).to_contain_text("不在岗位范围", timeout=30_000)
    shot(page, shots, db, "today-checked-in")

    stored = sorted(rows(db, "checkin"), key=lambda r: r["recorded_at"])
    assert [r["status"] for r in stored] == ["on_time", "off_site"]
    assert {r["assignment_id"] for r in stored} == {duty["assignments"]["T-001"][0]}

    # The same card scanned on a second phone: refused, and the first phone keeps working.
    other = browser.new_context(
        viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True
    )
    again = other.new_page()
    again.goto(link)
    expect(again.locator("#signin-err")).to_contain_text("此登录码已经用过", timeout=15_000)
    expect(again.locator("#tabs")).to_be_hidden()
    shot(again, shots, db, "signin-code-reused")
    other.close()
    page.reload()
    expect(page.locator("#duty")).to_contain_text("测试路口", timeout=15_000)


def test_offline_check_in_and_report_with_photo_are_stored_once_when_the_signal_returns(
    db, duty, server, phone, fieldops, tmp_path, shots
):
    import segno
    from playwright.sync_api import expect

    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15_000
    )
    phone.set_offline(True)
    page.click("#btn-in")
    expect(page.locator("#net")).to_contain_text("1 条记录")

    photo = tmp_path / "rider.png"
    segno.make("a rider without a helmet").save(
        str(photo), scale=60
    )  # 2,460 px: the phone shrinks it
    page.click("#tabs button[data-s=report]")
    page.click("#cats button[data-cat=no_helmet]")
    for _ in range(3):
        page.click("#ppl-plus")
    page.fill("#desc", "摩托车驾驶人未戴头盔，已劝导")
    page.set_input_files("#photo", str(photo))
    shot(page, shots, db, "report")
    page.click("#btn-report")
    expect(page.locator("#net")).to_contain_text("无网络 · 3 条记录")
    page.click("#tabs button[data-s=queue]")
    expect(page.locator("#q-list li")).to_have_count(3)
    shot(page, shots, db, "queue-offline")

    page.reload()  # the app shell comes from the service worker, the queue from IndexedDB
    expect(page.locator("#net")).to_contain_text("3 条记录", timeout=15_000)
    expect(page.locator("#duty")).to_contain_text("测试路口")  # the cached duty
    shot(page, shots, db, "today-offline-after-reload")
    assert rows(db, "checkin") == [] and rows(db, "hazard") == []

    phone.set_offline(False)
    expect(page.locator("#net")).to_be_hidden(timeout=30_000)
    wait_for(
        lambda: (
            len(rows(db, "hazard_photo")) == 1
            and len(rows(db, "hazard")) == 1
            and len(rows(db, "checkin")) == 1
        )
    )
    time.sleep(2)  # nothing more arrives: each item was stored exactly once
    (hazard,) = rows(db, "hazard")
    (stored_photo,) = rows(db, "hazard_photo")
    assert (hazard["category"], hazard["people_reached"]) == ("no_helmet", 3)
    assert (
        stored_photo["hazard_id"] == hazard["id"] and stored_photo["content_type"] == "image/jpeg"
    )
    assert len(rows(db, "checkin")) == 1 and rows(db, "checkin")[0]["status"] == "on_time"


def test_a_revoked_phone_is_asked_to_scan_a_new_card(
    db, duty, server, phone, fieldops, tmp_path, shots, worker_env
):
    from playwright.sync_api import expect

    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    # Revoked the way an operator does, on the server's own Redis: the API's token cache
    # forgets the token at once.
    revoke = [sys.executable, "-m", "ops", "token", "revoke", "--staff", "T-001"]
    assert subprocess.run(revoke, env=worker_env, capture_output=True, check=False).returncode == 0
    page.reload()
    expect(page.locator("#signin-err")).to_contain_text("请向调度员领取新的工作卡", timeout=15_000)
    expect(page.locator("#tabs")).to_be_hidden()
    shot(page, shots, db, "signed-out")


def test_without_location_permission_a_report_goes_out_marked_without_coordinates(
    db, duty, server, browser, fieldops, tmp_path, shots
):
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        base_url=server,
    )
    page = signed_in(context, card_link(fieldops, server, tmp_path))
    expect(page.locator("#geo")).to_contain_text("未获得定位权限")
    expect(page.locator("#geo")).to_contain_text("微信")
    shot(page, shots, db, "no-location-permission")
    page.click("#btn-in")
    expect(page.locator("#toast")).to_contain_text("没有定位，无法签到")
    page.click("#tabs button[data-s=report]")
    page.click("#cats button[data-cat=dispute]")
    page.click("#btn-report")
    expect(page.locator("#toast")).to_contain_text("无定位")
    wait_for(lambda: len(rows(db, "hazard")) == 1)
    (hazard,) = rows(db, "hazard")
    assert hazard["lon"] is None and hazard["lat"] is None and "〔无定位〕" in hazard["description"]
    assert rows(db, "checkin") == []
    context.close()


def test_a_poor_fix_is_sent_and_marked(db, duty, server, phone, fieldops, tmp_path, shots):
    from playwright.sync_api import expect

    phone.set_geolocation({**AT_POST, "accuracy": 180})
    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    expect(page.locator("#geo")).to_contain_text("定位精度差（±180 米）")
    page.click("#btn-in")
    expect(page.locator("#done li").first).to_contain_text("精度差 ±180 米")
    wait_for(lambda: len(rows(db, "checkin")) == 1)
    assert rows(db, "checkin")[0]["accuracy_m"] == 180
    shot(page, shots, db, "poor-fix")


def test_patrol_records_the_track_in_chunks_and_check_out_ends_it(
    db, duty, server, phone, fieldops, tmp_path, shots
):
    from playwright.sync_api import expect

    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    page.evaluate(
        "Object.assign(fieldops.patrolConfig, {minIntervalS: 0, maxIntervalS: 60, minMoveM: 10, chunkPoints: 4})"
    )
    page.click("#tabs button[data-s=patrol]")
    page.click("#btn-patrol")
    expect(page.locator("#p-pts")).to_have_text("1")  # where the patrol starts
    for step in range(1, 6):  # five moves of ~100 m east
        phone.set_geolocation({**AT_POST, "longitude": AT_POST["longitude"] + step * 0.00106})
        expect(page.locator("#p-pts")).to_have_text(str(step + 1))
        page.wait_for_timeout(300)
    expect(page.locator("#btn-patrol")).to_have_text("结束巡逻")
    distance = float(page.locator("#p-dist").inner_text())
    assert 0.45 <= distance <= 0.55  # kilometres
    shot(page, shots, db, "patrol")

    page.click("#tabs button[data-s=today]")
    page.click("#btn-out")  # checking out ends the patrol and sends what is left
    page.click("#tabs button[data-s=patrol]")
    expect(page.locator("#btn-patrol")).to_have_text("开始巡逻")
    wait_for(lambda: sum(r["point_count"] for r in rows(db, "track_chunk")) == 6)
    assert sorted(r["point_count"] for r in rows(db, "track_chunk")) == [
        2,
        4,
    ]  # a full chunk, the rest at check-out
    wait_for(lambda: [r["kind"] for r in rows(db, "checkin")] == ["out"])


def test_a_refused_item_shows_the_servers_reason_until_dismissed(
    db, duty, server, phone, fieldops, tmp_path, shots
):
    from playwright.sync_api import expect

    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    page.clock.set_system_time(datetime.now(UTC) + timedelta(days=3))  # a phone with a wrong clock
    page.click("#btn-in")
    alert = page.locator("#alerts .alert")
    expect(alert).to_contain_text("时间超前超过24小时", timeout=15_000)
    page.reload()
    expect(alert).to_contain_text(
        "时间超前超过24小时", timeout=15_000
    )  # still there after a reload
    shot(page, shots, db, "refused")
    alert.locator("button").click()
    expect(alert).to_have_count(0)
    expect(page.locator("#q-badge")).to_have_text("")
    assert rows(db, "checkin") == []


def test_english_switch(db, duty, server, phone, fieldops, tmp_path, shots):
    from playwright.sync_api import expect

    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    page.click("#lang")
    expect(page.locator("#btn-in")).to_have_text("Check in")
    expect(page.locator("#duty")).to_contain_text("With: 卓玛")
    page.click("#tabs button[data-s=report]")
    expect(page.locator("#cats")).to_contain_text("No helmet")
    shot(page, shots, db, "report-english")
    page.reload()
    expect(page.locator("#btn-in")).to_have_text("Check in")  # the choice is remembered


def test_a_busy_server_is_retried_with_backoff_and_the_item_kept(
    db, duty, server, phone, fieldops, tmp_path, shots
):
    from playwright.sync_api import expect

    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    answers: list[int] = []

    def busy(route: Any) -> None:  # the first two sends meet a 503, as when Redis is down
        if len(answers) < 2:
            answers.append(503)
            route.fulfill(
                status=503, headers={"Retry-After": "1"}, json={"detail": "稍后再试 / try later"}
            )
        else:
            answers.append(0)
            route.continue_()

    page.route("**/api/v1/checkins", busy)
    page.click("#btn-in")
    page.click("#tabs button[data-s=queue]")
    expect(page.locator("#q-list")).to_contain_text("稍后自动重试")
    shot(page, shots, db, "queue-retrying")
    expect(page.locator("#q-summary")).to_contain_text("全部记录都已发送", timeout=30_000)
    assert answers[:3] == [503, 503, 0]
    wait_for(lambda: len(rows(db, "checkin")) == 1)
    expect(page.locator("#alerts .alert")).to_have_count(0)  # a 503 is never shown as a refusal


def add_village(engine: Any) -> int:
    """A village of 测试乡 (around the crossing); its id."""
    from sqlmodel import Session, select

    from ops.models import Township, Village

    ring = [[91.70, 32.20], [91.71, 32.20], [91.71, 32.21], [91.70, 32.21], [91.70, 32.20]]
    with Session(engine) as session:
        town = session.exec(select(Township).where(Township.name == "测试乡")).one()
        village = Village(
            township_id=town.id or 0, code="V1", name="测试村", area_m2=1.1e6, label_lon=91.705,
            label_lat=32.205, geometry={"type": "Polygon", "coordinates": [ring]},
        )  # fmt: skip
        session.add(village)
        session.commit()
        return village.id or 0


def test_a_visit_recorded_offline_is_stored_once_when_the_signal_returns(
    db, duty, server, phone, fieldops, tmp_path, shots
):
    from playwright.sync_api import expect

    village_id = add_village(db.engine)
    page = signed_in(phone, card_link(fieldops, server, tmp_path))
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15_000
    )
    page.click("#tabs button[data-s=visit]")
    expect(page.locator("#v-village option")).to_have_count(2)  # the township's villages
    phone.set_offline(True)
    page.click("#btn-visit")
    expect(page.locator("#toast")).to_contain_text("请先选择走访目的")
    page.click("#purposes button[data-purpose=dispute_check]")
    page.click("#btn-visit")
    expect(page.locator("#toast")).to_contain_text("请填写户名或选择村")
    page.select_option("#v-village", str(village_id))
    page.fill("#v-household", "扎西家")
    page.fill("#v-findings", "两户草场边界有争议，已登记")
    page.locator("#s-visit .stepper button").last.click()
    expect(page.locator("#v-disputes")).to_have_value("1")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, shots, db, "visit")
    page.click("#btn-visit")
    expect(page.locator("#toast")).to_contain_text("走访已记录")
    expect(page.locator("#net")).to_contain_text("无网络 · 1 条记录")
    expect(page.locator("#v-household")).to_have_value("")  # ready for the next household
    page.click("#tabs button[data-s=queue]")
    expect(page.locator("#q-list li")).to_contain_text("走访 矛盾纠纷排查 扎西家")
    shot(page, shots, db, "visit-queue-offline")

    page.reload()  # the shell from the service worker, the visit from IndexedDB
    expect(page.locator("#net")).to_contain_text("1 条记录", timeout=15_000)
    assert rows(db, "visit") == []

    sent: list[str] = []

    def answer_lost_once(route: Any) -> None:  # the server stores it, the phone never hears back
        sent.append(route.request.post_data_json["items"][0]["id"])
        if len(sent) == 1:
            route.fetch()
            route.abort()
        else:
            route.continue_()

    page.route("**/api/v1/visits", answer_lost_once)
    phone.set_offline(False)
    page.evaluate("Outbox.retryNow()")  # as tapping 立即发送 does
    expect(page.locator("#net")).to_be_hidden(timeout=30_000)
    wait_for(lambda: len(rows(db, "visit")) == 1)
    time.sleep(2)  # nothing more arrives: the resend was stored once
    assert len(sent) >= 2 and len(set(sent)) == 1
    (stored,) = rows(db, "visit")
    assert (stored["id"], stored["staff_id"], stored["household"], stored["village_id"]) == (
        sent[0], "T-001", "扎西家", village_id,
    )  # fmt: skip
    assert (stored["purpose"], stored["disputes_found"]) == ("dispute_check", 1)
    assert stored["findings"] == "两户草场边界有争议，已登记"
    assert abs(stored["lon"] - AT_POST["longitude"]) < 1e-6 and stored["accuracy_m"] == 8
    assert stored["township_id"] == rows(db, "village")[0]["township_id"]
