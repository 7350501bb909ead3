"""排班 in headless Chromium against a real `fieldops serve`, worker, Redis and database.

The board shows the demo week with the names of `fieldops roster show --format json`; a hand edit
breaking a rule names it; a sick call is previewed and then saved; a save on a stale version is
answered 409 with the page's reload message; generate runs the roster task with progress; publish,
the WeChat text copied to the clipboard, and the print view printed by Chromium on one A4 page.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from tests.e2e import console_world
from tests.e2e.console_world import Watched, add_dispatcher, signed_in_context
from tests.e2e.services import Server
from tests.e2e.test_roster_api import DAYS, WEEK, week  # noqa: F401  (the demo week, a fixture)

pytestmark = [pytest.mark.redis, pytest.mark.worker, pytest.mark.slow]
browser, shots = console_world.browser, console_world.shots  # the module's fixtures
SIZES = ((1366, 768), (1920, 1080))


@pytest.fixture
def served(db: Any, week: int, worker: Any, worker_env: dict[str, str], tmp_path: Any) -> Any:  # noqa: F811
    """A running API with a worker over the demo week, and a dispatcher account of the township."""
    server = Server(worker_env, tmp_path / "serve.log").start()
    yield {"base": server.base, "password": add_dispatcher(db.engine), "township": week}
    server.stop()


def open_board(
    browser: Any, served: dict[str, Any], size: tuple[int, int] = (1366, 768)
) -> Watched:
    context = signed_in_context(browser, served["base"], "disp", served["password"], viewport=size)
    watched = Watched(context, served["base"])
    watched.page.goto(f"/console/roster?week={WEEK}")
    return watched


def grid(page: Any) -> dict[str, list[str]]:
    """Shift key → names on the page."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#grid .shift')].map(s =>
            [s.dataset.key, [...s.querySelectorAll('.person')].map(p => p.textContent)]))"""
    )


def test_the_board_shows_the_demo_week_with_the_names_of_roster_show(
    db, served, browser, shots, fieldops
):
    from playwright.sync_api import expect

    shown = {}
    for day in DAYS:
        data = json.loads(
            fieldops("roster", "show", "-t", "色务乡", "-d", day, "-f", "json").stdout
        )
        shown |= {s["key"]: [p["name"] for p in s["staff"]] for s in data["shifts"]}
    for size in SIZES:
        watched = open_board(browser, served, size)
        page = watched.page
        expect(page.locator("#grid")).to_be_visible()
        assert grid(page) == shown
        assert (
            page.evaluate("document.documentElement.scrollWidth") <= size[0]
        )  # no sideways scroll
        short = page.locator(".shift.short")
        for i in range(short.count()):  # unfilled: red with the solver's reason
            assert short.nth(i).locator(".reason").inner_text().strip()
            assert (
                short.nth(i).evaluate("e => getComputedStyle(e).borderColor") == "rgb(217, 48, 37)"
            )
        expect(page.locator("#load tr")).not_to_have_count(0)
        expect(page.locator("#leave li").first).to_be_visible()
        page.screenshot(
            path=str(shots / f"{db.backend}-roster-{size[0]}x{size[1]}.png"), full_page=True
        )
        page.click("#next-week")
        expect(page.locator(".weekbar h1")).to_contain_text("2026-W50")
        watched.clean()
        page.context.close()


def test_a_refused_hand_edit_names_its_rule_and_an_accepted_one_is_a_new_version(
    db, served, browser, shots
):
    from playwright.sync_api import expect

    watched = open_board(browser, served)
    page = watched.page
    cells = page.evaluate(
        """() => [...document.querySelectorAll('#grid .shift')].map(s => ({key: s.dataset.key,
            start: s.dataset.start, staff: [...s.querySelectorAll('.person')].map(p => p.dataset.staff)}))"""
    )
    taken = next(c for c in cells if c["staff"])
    person = taken["staff"][0]
    other = next(c for c in cells if c["start"] == taken["start"] and c["key"] != taken["key"]
                 and person not in c["staff"])  # fmt: skip
    page.click(f'.shift[data-key="{other["key"]}"]')
    page.select_option("#edit-form select[name=staff_id]", person)
    page.click("#edit-form button[value=add]")
    expect(page.locator("#edit-result")).to_contain_text("违反规则“同一人不能同时在两个班次”")
    page.screenshot(path=str(shots / f"{db.backend}-roster-refused.png"), full_page=True)
    page.click(f'.shift[data-key="{taken["key"]}"]')
    page.select_option("#edit-form select[name=staff_id]", person)
    page.click("#edit-form button[value=remove]")
    expect(page.locator(".version[data-version='2']")).to_contain_text("disp")
    assert person not in grid(page)[taken["key"]]
    refused = (
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    )
    watched.errors.remove(refused)  # Chrome logs the refused edit's answer: the one error expected
    watched.clean()


def test_a_sick_call_is_previewed_then_saved(db, served, browser, shots):
    from playwright.sync_api import expect

    watched = open_board(browser, served)
    page = watched.page
    busiest = page.evaluate(
        """() => [...document.querySelectorAll('#load tr')].sort((a, b) =>
            parseInt(b.cells[1].textContent) - parseInt(a.cells[1].textContent))[0].dataset.staff"""
    )
    page.select_option("#sick-form select[name=staff_id]", busiest)
    page.fill("#sick-form input[name=from]", "2026-12-02T00:00")
    page.click("#sick-preview")
    expect(page.locator("#sick-diff tr.change").first).to_be_visible()
    previewed = page.locator("#sick-diff tr").all_inner_texts()
    assert page.locator(".version").count() == 1  # nothing stored by the preview
    page.screenshot(path=str(shots / f"{db.backend}-roster-sick-preview.png"), full_page=True)
    page.click("#sick-save")
    expect(page.locator(".version[data-version='2']")).to_contain_text("repair")
    on_board = grid(page)
    assert all(busiest not in page.evaluate(
        f"() => [...document.querySelectorAll('#grid td:nth-child({n + 2}) .person')].map(p => p.dataset.staff)"
    ) for n in range(3, 7)), "the absent person is on no shift from 12-02 on"  # fmt: skip
    assert previewed and on_board
    watched.clean()


def test_a_save_on_a_stale_version_is_409_with_a_reload(db, served, browser, shots):
    from playwright.sync_api import expect
    from sqlmodel import Session

    from ops.identity.auth import issue_token

    watched = open_board(browser, served)
    page = watched.page
    with Session(db.engine) as session:
        token = issue_token(session=session, role="dispatcher", name="另一调度员")
    first = page.locator("#grid .shift .person").first
    key = first.evaluate("p => p.closest('.shift').dataset.key")
    person = first.get_attribute("data-staff")
    meanwhile = httpx.post(f"{served['base']}/api/v1/rosters/{served['township']}/{WEEK}/edits",
                           headers={"Authorization": f"Bearer {token}"},
                           json={"version": 1, "shift": key, "staff_id": person, "action": "remove"})  # fmt: skip
    assert meanwhile.status_code == 201, meanwhile.text
    page.click(f'.shift[data-key="{key}"]')
    page.select_option("#edit-form select[name=staff_id]", person)
    page.click("#edit-form button[value=remove]")
    expect(page.locator("#stale")).to_be_visible()
    expect(page.locator("#stale")).to_contain_text("有人已修改本周排班")
    page.screenshot(path=str(shots / f"{db.backend}-roster-stale.png"), full_page=True)
    page.click("#reload")
    expect(page.locator(".version[data-version='2']")).to_contain_text("另一调度员")
    refused = "Failed to load resource: the server responded with a status of 409 (Conflict)"
    watched.errors.remove(refused)  # Chrome logs the stale save's answer: the one error expected
    watched.clean()


def test_generate_publish_copy_and_print_one_a4_page_per_week(db, served, browser, shots, tmp_path):
    from playwright.sync_api import expect

    watched = open_board(browser, served)
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served["base"])
    page.click("#generate")
    expect(page.locator(".version[data-version='2']")).to_be_visible(timeout=120_000)
    page.click("#publish")
    expect(page.locator(".version.published[data-version='2']")).to_be_visible()
    page.click("#copy-wechat")
    expect(page.locator(".toast, [role=status]").first).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    cookie = page.context.cookies()[0]["value"]
    text = httpx.get(f"{served['base']}/api/v1/rosters/{served['township']}/{WEEK}/files/wechat.txt",
                     headers={"Cookie": f"fieldops_session={cookie}"}).text  # fmt: skip
    assert copied == text and "色务乡" in copied
    for link in ("#xlsx", "#ics"):
        assert page.locator(link).get_attribute("href").startswith("/api/v1/rosters/")
    printed = page.context.new_page()
    printed.goto(f"/console/roster/print?week={WEEK}")
    expect(printed.locator("header h1")).to_contain_text("色务乡")
    expect(printed.locator("header")).to_contain_text(WEEK)
    pdf = printed.pdf(prefer_css_page_size=True, print_background=True)
    (shots / f"{db.backend}-roster-print.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages == 1, pages
    width, height = (
        float(v) for v in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups()
    )
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    printed.screenshot(path=str(shots / f"{db.backend}-roster-print.png"), full_page=True)
    watched.clean()
