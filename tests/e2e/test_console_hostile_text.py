"""People's text on the console's pages is shown as text: never markup, never script.

The demo township is renamed, and its villages, posts and staff given names that are HTML; the
reports carry every sample of tests/hostile_text.py as their descriptions. In headless Chromium
each page (today, the ledger, one report, coverage) shows those words literally, in the page and
on the map's labels, while no dialog fires, no injected element exists, and no request leaves
FieldOps (the samples' <img> points at 192.0.2.1).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e import console_world
from tests.e2e.console_world import Watched, add_dispatcher
from tests.e2e.services import Server
from tests.hostile_text import HOSTILE, MARKUP, RTL, SCRIPT

pytestmark = [pytest.mark.redis, pytest.mark.slow]
browser, shots = console_world.browser, console_world.shots  # the module's fixtures

TOWNSHIP = "乡" + SCRIPT
VILLAGE = "村" + SCRIPT
POST = "岗" + SCRIPT
PERSON = "人" + SCRIPT
SHOWN = "<script>alert(1)</script>"  # the part of SCRIPT every page shows whole
# What the intake can store: it refuses NUL at the door (ops/intake/fields.py), keeps the rest.
SAMPLES = {label: text.replace("\0", "") for label, text in HOSTILE.items()}


@pytest.fixture
def hostile(db: Any, township: Any, worker_env: dict[str, str], tmp_path: Any) -> Any:
    """The demo township under hostile names, a report per hostile sample, and a running API."""
    from sqlmodel import Session, select

    from ops.models import Hazard, Post, StaffMember, Township, Village

    password = add_dispatcher(db.engine)
    ids: dict[str, str] = {}
    with Session(db.engine) as session:
        place = session.exec(select(Township).where(Township.name == "色务乡")).one()
        place.name = TOWNSHIP
        for village in session.exec(select(Village)):
            village.name = VILLAGE
        for post in session.exec(select(Post)):
            post.name = POST
        for person in session.exec(select(StaffMember)):
            person.name = PERSON
        village_id = session.exec(select(Village.id)).first()
        now = datetime.now(UTC)
        for minutes, (label, text) in enumerate(SAMPLES.items()):
            ids[label] = str(uuid.uuid4())
            session.add(
                Hazard(id=ids[label], staff_id="SW-001", category="safety", description=text,
                       recorded_at=now - timedelta(minutes=minutes + 1), lon=91.7528, lat=32.2624,
                       village_id=village_id, assignee=MARKUP if label == "script" else RTL)
            )  # fmt: skip
        session.commit()
    server = Server(worker_env, tmp_path / "serve.log").start()
    yield {"base": server.base, "password": password, "ids": ids}
    server.stop()


def injected(page: Any) -> dict[str, int]:
    """Elements the samples would have made had they been taken as markup."""
    return page.evaluate(
        """() => ({
          imgs: document.querySelectorAll('img[src*="192.0.2.1"], img[onerror]').length,
          scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')).length,
          bold: document.querySelectorAll('[onerror], bold, link[href*="evil"]').length,
        })"""
    )


def test_hostile_names_and_descriptions_show_as_text_on_every_page(db, hostile, browser, shots):
    from playwright.sync_api import expect

    from tests.e2e.console_world import signed_in_context

    base = hostile["base"]
    context = signed_in_context(browser, base, "disp", hostile["password"])
    watched = Watched(context, base)
    page = watched.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    none = {"imgs": 0, "scripts": 0, "bold": 0}

    page.goto("/console/today")
    expect(page.locator("header .township")).to_have_text(TOWNSHIP)
    expect(page).to_have_title(f"今日值守 · {TOWNSHIP}")
    expect(page.locator("#people")).to_contain_text(PERSON)
    expect(page.locator(".village-name").first).to_have_text(VILLAGE)  # a map label
    assert injected(page) == none
    page.screenshot(path=str(shots / f"{db.backend}-hostile-today.png"), full_page=True)

    page.goto("/console/hazards")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(len(SAMPLES))
    expect(page.locator("table tbody")).to_contain_text(SHOWN)
    expect(page.locator("table tbody")).to_contain_text(PERSON)
    assert injected(page) == none
    page.screenshot(path=str(shots / f"{db.backend}-hostile-ledger.png"), full_page=True)

    for label in ("script", "markup", "rtl", "issue 15", "every C0"):
        page.goto(f"/console/hazards/{hostile['ids'][label]}")
        expect(page.locator("#description")).to_have_text(SAMPLES[label])
        expect(page.locator("main")).to_contain_text(PERSON)
        assert injected(page) == none
    page.goto(f"/console/hazards/{hostile['ids']['script']}")
    expect(page.locator("main")).to_contain_text(MARKUP)  # the assignee
    page.screenshot(path=str(shots / f"{db.backend}-hostile-report.png"), full_page=True)

    page.goto("/console/coverage")
    expect(page.locator("#villages tbody")).to_contain_text(VILLAGE)
    expect(page.locator("#posts tbody")).to_contain_text(POST)
    expect(page.locator(".village-name").first).to_contain_text(VILLAGE)
    assert injected(page) == none
    page.screenshot(path=str(shots / f"{db.backend}-hostile-coverage.png"), full_page=True)

    assert dialogs == []
    watched.clean()  # no console error, and nothing fetched from 192.0.2.1 or anywhere else
    context.close()
