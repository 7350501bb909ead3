"""人员 in headless Chromium against a real `fieldops serve` and Redis.

An Excel upload with a bad row shows its row and column and changes nothing in the database; the
good file changes it. Leave added and ended from the page appears in and leaves the calendar and
the API. A person's card opens; revoking a phone makes the API refuse that phone's token at once.
No console errors, no request to another origin; screenshots kept.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.e2e import console_world
from tests.e2e.console_world import Watched, add_dispatcher, signed_in_context
from tests.e2e.services import Server

pytestmark = [pytest.mark.redis, pytest.mark.slow]
browser, shots = console_world.browser, console_world.shots  # the module's fixtures
MONTH = "2030-03"
REFUSED = (
    "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
)


@pytest.fixture
def served(db: Any, township: Any, worker_env: dict[str, str], tmp_path: Any) -> Any:
    """A running API and a dispatcher account of 色务乡."""
    server = Server(worker_env, tmp_path / "serve.log").start()
    yield {"base": server.base, "password": add_dispatcher(db.engine)}
    server.stop()


def workbook(path: Any, rows: list[list[Any]]) -> Any:
    """A staff .xlsx as an office writes it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "姓名", "电话", "角色", "所属村", "每周最多班次"])
    for line in rows:
        sheet.append(line)
    book.save(path)
    return path


def test_an_excel_upload_with_a_bad_row_shows_row_and_column_and_changes_nothing(
    db, served, browser, shots, tmp_path
):
    from playwright.sync_api import expect

    context = signed_in_context(browser, served["base"], "disp", served["password"])
    watched = Watched(context, served["base"])
    page = watched.page
    page.goto("/console/staff")
    expect(page.locator("#staff tbody tr")).to_have_count(80)
    bad = workbook(tmp_path / "人员.xlsx", [["SW-201", "卓玛", "13800000001", "巡逻员", "SW01", 5],
                                          ["SW-202", "次仁", "13800000002", "飞行员", "SW01", 5]])  # fmt: skip
    before = db.snapshot()
    page.select_option("#upload select[name=kind]", "staff")
    page.set_input_files("#upload input[type=file]", str(bad))
    page.click("#upload button[type=submit]")
    problems = page.locator("#upload-result table.problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("第3行")
    expect(problems.first).to_contain_text("角色 (roles)")
    expect(problems.first).to_contain_text("飞行员")
    expect(page.locator("#upload-refused")).to_contain_text("未写入任何数据")
    page.screenshot(path=str(shots / f"{db.backend}-staff-upload-refused.png"), full_page=True)
    assert db.snapshot() == before

    good = workbook(
        tmp_path / "人员2.xlsx", [["SW-201", "卓玛", "13800000001", "巡逻员", "SW01", 5]]
    )
    page.set_input_files("#upload input[type=file]", str(good))
    page.click("#upload button[type=submit]")
    expect(page.locator("#flash")).to_contain_text("新增 1")
    expect(page.locator("#staff tbody tr")).to_have_count(81)
    expect(page.locator("#staff tr[data-staff=SW-201]")).to_contain_text("卓玛")
    assert db.count("staff_member") == len(before["staff_member"]) + 1
    page.screenshot(path=str(shots / f"{db.backend}-staff-upload-done.png"), full_page=True)
    watched.errors.remove(
        REFUSED
    )  # Chrome logs the refused upload's answer: the one error expected
    watched.clean()


def _api_leave(base: str, cookie_page: Any, staff_id: str) -> list[dict[str, Any]]:
    """The person's leave in MONTH as GET /api/v1/leave gives it (with the page's session)."""
    cookies = {c["name"]: c["value"] for c in cookie_page.context.cookies()}
    answer = httpx.get(f"{base}/api/v1/leave", params={"staff_id": staff_id, "from": f"{MONTH}-01",
                       "to": f"{MONTH}-31"}, cookies=cookies)  # fmt: skip
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


def test_leave_added_and_ended_from_the_page_shows_in_the_calendar_and_the_api(
    db, served, browser, shots
):
    from playwright.sync_api import expect

    base = served["base"]
    context = signed_in_context(browser, base, "disp", served["password"])
    watched = Watched(context, base)
    page = watched.page
    page.goto(f"/console/staff?month={MONTH}")
    expect(page.locator("#month")).to_have_text(MONTH)
    page.select_option("#add-leave select[name=staff_id]", "SW-012")
    page.fill("#add-leave input[name=from]", f"{MONTH}-10")
    page.fill("#add-leave input[name=to]", f"{MONTH}-14")
    page.fill("#add-leave input[name=reason]", "探亲")
    page.click("#add-leave button[type=submit]")
    row = page.locator("#leave-grid tr[data-staff=SW-012]")
    expect(row.locator("td.off")).to_have_count(5)
    expect(row.locator(f"td[data-day='{MONTH}-10']")).to_have_class(re.compile(r"\boff\b"))
    expect(row.locator(f"td[data-day='{MONTH}-15']")).not_to_have_class(re.compile(r"\boff\b"))
    assert [(i["first_day"], i["last_day"]) for i in _api_leave(base, page, "SW-012")] == [
        (f"{MONTH}-10", f"{MONTH}-14")
    ]
    page.screenshot(path=str(shots / f"{db.backend}-staff-leave-added.png"), full_page=True)

    # An overlapping period is refused with the API's reason, on the page.
    page.select_option("#add-leave select[name=staff_id]", "SW-012")
    page.fill("#add-leave input[name=from]", f"{MONTH}-14")
    page.fill("#add-leave input[name=to]", f"{MONTH}-16")
    page.click("#add-leave button[type=submit]")
    expect(page.locator("#leave-error")).to_contain_text("重叠")

    # Back early: the last day moves to the 11th.
    form = page.locator("#leave-list tr[data-staff=SW-012] form.end-leave")
    form.locator("input[name=to]").fill(f"{MONTH}-11")
    form.locator("button").click()
    expect(page.locator("#leave-grid tr[data-staff=SW-012] td.off")).to_have_count(2)
    assert _api_leave(base, page, "SW-012")[0]["last_day"] == f"{MONTH}-11"

    # Deleted: gone from the calendar and the API.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#leave-list tr[data-staff=SW-012] button[data-delete-leave]")
    expect(page.locator("#leave-grid tr[data-staff=SW-012]")).to_have_count(0)
    assert _api_leave(base, page, "SW-012") == []
    page.screenshot(path=str(shots / f"{db.backend}-staff-leave-ended.png"), full_page=True)
    watched.errors.remove(REFUSED)  # the refused overlap's answer: the one error expected
    watched.clean()


def test_a_card_opens_and_revoking_a_phone_refuses_its_token_at_once(db, served, browser, shots):
    from playwright.sync_api import expect

    base = served["base"]
    context = signed_in_context(browser, base, "disp", served["password"])
    watched = Watched(context, base)
    page = watched.page
    page.goto("/console/staff")
    page.click("#staff tr[data-staff=SW-006] button[data-card]")
    expect(page.locator("#card-dialog")).to_be_visible()
    expect(page.locator("#card-id")).to_have_text("SW-006")
    expect(page.locator("#card-expires")).to_contain_text("有效期至")
    page.wait_for_function("document.getElementById('card-qr').naturalWidth > 100")
    page.screenshot(path=str(shots / f"{db.backend}-staff-card.png"))
    page.click("#card-close")

    # The phone: the card's code (from the API, as the phone would scan it) signs it in.
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    csrf = page.locator("meta[name=csrf-token]").get_attribute("content")
    card = httpx.post(
        f"{base}/api/v1/staff/SW-006/card", cookies=cookies, headers={"X-CSRF-Token": csrf}
    )
    code = re.search(r"#signin=([\w-]+)", card.headers["x-signin-link"]).group(1)
    token = httpx.post(f"{base}/api/v1/signin", json={"code": code}).json()["token"]
    phone = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{base}/api/v1/me", headers=phone).status_code == 200

    messages: list[str] = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.click("#staff tr[data-staff=SW-006] button[data-revoke]")
    expect(page.locator(".toast")).to_contain_text("已注销 1 个令牌")
    assert "SW-006" in messages[0] and "注销" in messages[0]
    assert httpx.get(f"{base}/api/v1/me", headers=phone).status_code == 401
    page.screenshot(path=str(shots / f"{db.backend}-staff-revoked.png"))

    # The township's sheet downloads as a PDF of every active person's card.
    with page.expect_download() as download:
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#print-sheet")
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page ") == 8
    watched.clean()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
def test_the_page_fits_office_screens_in_both_languages(db, served, browser, shots, size):
    from playwright.sync_api import expect

    base = served["base"]
    from tests.e2e.scope import sign_in

    with httpx.Client(base_url=base) as client:
        cookie, _csrf = sign_in(client, "disp", served["password"])
    for lang in ("zh", "en"):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, base_url=base,
                                      timezone_id="Asia/Shanghai")  # fmt: skip
        context.add_cookies([{"name": "fieldops_session", "value": cookie, "url": base},
                             {"name": "lang", "value": lang, "url": base}])  # fmt: skip
        watched = Watched(context, base)
        page = watched.page
        page.goto("/console/staff")
        expect(page.locator("h1")).to_contain_text("人员" if lang == "zh" else "Staff")
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        page.screenshot(path=str(shots / f"{db.backend}-staff-{lang}-{size[0]}.png"))
        watched.clean()
        context.close()
