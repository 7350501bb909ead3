"""Signing in to the console in headless Chromium against a real `fieldops serve`.

A wrong password says so (Chinese first); five failures lock the name and the page says for how
long; once the lock has run out the right password lands on the page asked for; the English
switch turns the page; sign-out ends the session on the server. A county account picks a
township. No console error, no request to another origin; screenshots kept.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.e2e import console_world
from tests.e2e.console_world import Watched, add_dispatcher
from tests.e2e.services import Server
from tests.e2e.test_console_accounts import age

pytestmark = [pytest.mark.redis, pytest.mark.slow]
browser, shots = console_world.browser, console_world.shots  # the module's fixtures


@pytest.fixture
def served(db: Any, worker_env: dict[str, str], tmp_path: Any) -> Any:
    """A running API over two townships, with a dispatcher of 色务乡 and a county dispatcher."""
    from sqlmodel import Session

    from ops.models import Township

    with Session(db.engine) as session:
        session.add_all([Township(name="色务乡"), Township(name="邻乡")])
        session.commit()
    passwords = {"disp": add_dispatcher(db.engine), "县": add_dispatcher(db.engine, "县", None)}
    server = Server(worker_env, tmp_path / "serve.log").start()
    yield {"base": server.base, "passwords": passwords}
    server.stop()


def new_page(browser: Any, base: str) -> Watched:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", base_url=base)  # fmt: skip
    return Watched(context, base)


def try_signin(page: Any, name: str, password: str) -> None:
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_load_state()


def test_wrong_password_then_lock_then_signin_english_and_signout(db, served, browser, shots):
    from playwright.sync_api import expect

    base = served["base"]
    watched = new_page(browser, base)
    page = watched.page
    page.goto("/console/hazards")
    expect(page).to_have_url(f"{base}/console/login?next=/console/hazards")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("button.primary")).to_have_text("登录")

    try_signin(page, "disp", "not-the-password")
    error = page.locator("#signin-error")
    expect(error).to_have_text("账号或密码不对 / wrong name or password")
    expect(page.locator("input[name=username]")).to_have_value("disp")  # kept for the next try
    page.screenshot(path=str(shots / f"{db.backend}-signin-wrong.png"), full_page=True)

    for _ in range(4):
        try_signin(page, "disp", "not-the-password")
    expect(error).to_contain_text("连续输错 5 次，此账号已锁定，请 15 分钟后再试")
    try_signin(page, "disp", served["passwords"]["disp"])  # the right one, while locked
    expect(error).to_contain_text("此账号已锁定")
    expect(page).to_have_url(f"{base}/console/login")
    page.screenshot(path=str(shots / f"{db.backend}-signin-locked.png"), full_page=True)
    assert db.count("office_session") == 0

    age(db, "SigninAttempt", "at", timedelta(minutes=15))  # the lock runs out
    try_signin(page, "disp", served["passwords"]["disp"])
    expect(page).to_have_url(f"{base}/console/hazards")
    expect(page.locator(".who")).to_have_text("disp · 调度员")
    expect(page.locator("header .township")).to_have_text("色务乡")
    page.screenshot(path=str(shots / f"{db.backend}-signed-in.png"), full_page=True)

    page.click("header a.lang")
    expect(page).to_have_url(f"{base}/console/hazards")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".who")).to_have_text("disp · dispatcher")
    expect(page.locator("header nav")).to_contain_text("Hazard ledger")
    page.screenshot(path=str(shots / f"{db.backend}-signed-in-en.png"), full_page=True)

    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "fieldops_session")
    page.click("header form.inline button")
    expect(page).to_have_url(f"{base}/console/login")
    expect(page.locator("button.primary")).to_have_text("Sign in")
    me = httpx.get(f"{base}/api/v1/me", headers={"Cookie": f"fieldops_session={cookie}"})
    assert me.status_code == 401  # the old cookie is worth nothing now
    page.goto("/console/hazards")
    expect(page).to_have_url(f"{base}/console/login?next=/console/hazards")
    watched.clean()
    page.context.close()


def test_english_signin_page_and_a_county_account_picks_a_township(db, served, browser, shots):
    from playwright.sync_api import expect

    base = served["base"]
    watched = new_page(browser, base)
    page = watched.page
    page.goto("/console/login")
    page.click("p.lang a")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("button.primary")).to_have_text("Sign in")
    expect(page.locator("form.signin")).to_contain_text("Password")
    try_signin(page, "nobody", "whatever-it-is")
    expect(page.locator("#signin-error")).to_have_text("账号或密码不对 / wrong name or password")
    page.screenshot(path=str(shots / f"{db.backend}-signin-en.png"), full_page=True)

    try_signin(page, "县", served["passwords"]["县"])  # straight from the sign-in page
    expect(page).to_have_url(f"{base}/console/roster")  # /console/, the front door, opens the board
    expect(page.locator(".who")).to_have_text("县 · dispatcher")  # the English choice is kept
    page.goto("/console/hazards")
    picker = page.locator("form.picker select")
    expect(picker.locator("option")).to_have_text(["色务乡", "邻乡"])
    picker.select_option(label="邻乡")  # submits itself (console.js)
    expect(page).to_have_title("Hazard ledger · 邻乡")
    expect(page.locator("form.picker select option:checked")).to_have_text("邻乡")
    page.screenshot(path=str(shots / f"{db.backend}-county-picks.png"), full_page=True)
    watched.clean()
    page.context.close()
