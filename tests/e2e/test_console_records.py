"""走访与调解 in headless Chromium against a real `fieldops serve`, a worker and Redis.

A dispatcher adds a dispute case (a bad field is named beside it, nothing stored), sees it in the
list, moves it to mediated (a day before the last step is refused with the API's reason), adds a
petition and an event; a step the loop no longer allows shows the 409's reason. A supervisor
reads the same page with no form and no step button. People's text shows as text. No console
error other than the refusals' own answers, no request to another origin; screenshots kept.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from tests.e2e import console_world
from tests.e2e.console_world import Watched, add_dispatcher, signed_in_context
from tests.e2e.services import Server
from tests.hostile_text import SCRIPT

pytestmark = [pytest.mark.redis, pytest.mark.worker, pytest.mark.slow]
browser, shots = console_world.browser, console_world.shots  # the module's fixtures
REFUSED = "Failed to load resource: the server responded with a status of {} ({})"


@pytest.fixture
def served(db: Any, township: Any, worker: Any, worker_env: dict[str, str], tmp_path: Any) -> Any:
    """A running API with a worker behind it, and a dispatcher and a supervisor of 色务乡."""
    from ops.identity.accounts import add_account

    server = Server(worker_env, tmp_path / "serve.log").start()
    with Session(db.engine) as session:
        add_account(session=session, name="super", role="supervisor", township="色务乡",
                    password="password-super")  # fmt: skip
    yield {"base": server.base, "password": add_dispatcher(db.engine)}
    server.stop()


def _township(db: Any) -> tuple[int, int, str]:
    """The demo township's id, its first village's id and name."""
    from ops.models import Township, Village

    with Session(db.engine) as session:
        town = session.exec(select(Township).where(Township.name == "色务乡")).one()
        village = session.exec(
            select(Village).where(Village.township_id == town.id).order_by(Village.code)
        ).first()
        assert village is not None
        return town.id or 0, village.id or 0, village.name


def _cases(db: Any) -> list[Any]:
    from ops.models import DisputeCase

    with Session(db.engine) as session:
        return list(session.exec(select(DisputeCase)).all())


def _dialogs(page: Any) -> list[str]:
    opened: list[str] = []
    page.on("dialog", lambda d: (opened.append(d.message), d.dismiss()))
    return opened


def test_a_dispatcher_adds_a_case_and_mediates_it_from_the_page(db, served, browser, shots):
    from playwright.sync_api import expect

    base = served["base"]
    _town, village_id, village_name = _township(db)
    watched = Watched(signed_in_context(browser, base, "disp", served["password"]), base)
    page, opened = watched.page, _dialogs(watched.page)
    page.goto("/console/records")
    expect(page.locator("header nav a.on")).to_have_text("走访与调解")
    expect(page.locator("#record-tabs a.on")).to_contain_text("矛盾纠纷")
    form = page.locator("#add-record")
    form.locator("input[name=found_on]").fill("2024-03-02")
    form.locator("select[name=category]").select_option("grassland")
    form.locator("select[name=village_id]").select_option(str(village_id))
    form.locator("input[name=amount_yuan]").fill("-600")
    form.locator("input[name=parties]").fill(SCRIPT)
    form.locator("textarea[name=summary]").fill("两户草场边界纠纷")
    form.locator("button[type=submit]").click()
    error = form.locator("[data-error-for=amount_yuan]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("0")  # the API's own message: greater than or equal to 0
    expect(form.locator("[data-error-for=found_on]")).to_be_hidden()
    page.screenshot(path=str(shots / f"{db.backend}-records-case-refused.png"), full_page=True)
    assert _cases(db) == []

    form.locator("input[name=amount_yuan]").fill("600")
    form.locator("button[type=submit]").click()
    expect(page.locator("#flash")).to_have_text("已保存", timeout=30_000)
    row = page.locator("#records tbody tr[data-record]")
    expect(row).to_have_count(1)
    for text in ("2024-03-02", village_name, "草场", "600", "发现"):
        expect(row).to_contain_text(text)
    expect(row.locator("td").nth(3)).to_have_text(SCRIPT)  # the parties, as typed
    expect(page.locator("#record-tabs a[data-tab=disputes] .count")).to_have_text("1")

    # A day before the case was found: the API's 422 names the day, on the page.
    row.locator("button[data-step=mediating]").click()
    dialog = page.locator("#step-form")
    dialog.locator("input[name=on]").fill("2024-03-01")
    dialog.locator("input[name=mediator]").fill("次仁")
    dialog.locator("button[type=submit]").click()
    expect(page.locator("#step-error")).to_contain_text("不能早于 2024-03-02")
    page.screenshot(path=str(shots / f"{db.backend}-records-step-refused.png"), full_page=True)
    dialog.locator("input[name=on]").fill("2024-03-03")
    dialog.locator("button[type=submit]").click()
    expect(row.locator(".tag")).to_have_text("调解中", timeout=30_000)
    row.locator("button[data-step=mediated]").click()
    dialog.locator("input[name=on]").fill("2024-03-05")
    dialog.locator("button[type=submit]").click()
    expect(row.locator(".tag")).to_have_text("调解成功", timeout=30_000)
    expect(row.locator("button[data-step]")).to_have_count(0)  # the loop is closed
    page.screenshot(path=str(shots / f"{db.backend}-records-mediated.png"), full_page=True)
    (case,) = _cases(db)
    assert (case.status, case.mediating_on, case.closed_on, case.mediator, case.amount_yuan) == (
        "mediated", date(2024, 3, 3), date(2024, 3, 5), "次仁", 600,
    )  # fmt: skip
    assert (case.parties, case.village_id, case.recorded_by) == (SCRIPT, village_id, "disp")

    # The period: March 2024 holds the case, April does not.
    page.goto("/console/records?tab=disputes&from=2024-04-01&to=2024-04-30")
    expect(page.locator("#records tbody tr[data-record]")).to_have_count(0)
    page.fill("#period input[name=from]", "2024-03-01")
    page.click("#period button")
    expect(page.locator("#records tbody tr[data-record]")).to_have_count(1)
    assert opened == []
    watched.errors.remove(REFUSED.format(422, "Unprocessable Entity"))  # the refused day
    watched.clean()


def test_a_step_the_loop_no_longer_allows_shows_the_reason(db, served, browser, shots):
    from playwright.sync_api import expect

    from ops.models import DisputeCase

    base = served["base"]
    town, _village, _name = _township(db)
    case_id = str(uuid.uuid4())
    with Session(db.engine) as session:
        session.add(DisputeCase(id=case_id, township_id=town, category="debt",
                                found_on=date(2024, 5, 6), recorded_by="x"))  # fmt: skip
        session.commit()
    context = signed_in_context(browser, base, "disp", served["password"])
    watched = Watched(context, base)
    page = watched.page
    page.goto("/console/records?tab=disputes")
    row = page.locator(f"#records tr[data-record='{case_id}']")
    expect(row.locator("button[data-step]")).to_have_count(2)  # 开始调解, 移交

    # Meanwhile another dispatcher refers the case: this page still offers 开始调解.
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    csrf = page.locator("meta[name=csrf-token]").get_attribute("content")
    moved = httpx.post(f"{base}/api/v1/disputes/{case_id}/steps", cookies=cookies,
                       headers={"X-CSRF-Token": csrf}, json={"to": "referred", "on": "2024-05-07"})  # fmt: skip
    assert moved.status_code == 200, moved.text
    row.locator("button[data-step=mediating]").click()
    page.locator("#step-form input[name=on]").fill("2024-05-08")
    page.locator("#step-form button[type=submit]").click()
    expect(page.locator("#step-error")).to_contain_text("纠纷不能从“referred”到“mediating”")
    page.screenshot(path=str(shots / f"{db.backend}-records-step-conflict.png"))
    page.locator("#step-form button[data-cancel]").click()
    page.reload()
    expect(row.locator(".tag")).to_have_text("移交")
    expect(row.locator("button[data-step]")).to_have_count(0)
    watched.errors.remove(REFUSED.format(409, "Conflict"))
    watched.clean()


def test_a_dispatcher_adds_a_petition_resolves_it_and_adds_an_event(db, served, browser, shots):
    from playwright.sync_api import expect

    base = served["base"]
    watched = Watched(signed_in_context(browser, base, "disp", served["password"]), base)
    page = watched.page
    page.goto("/console/records?tab=petitions")
    page.fill("#add-record input[name=received_on]", "2024-05-06")
    page.fill("#add-record input[name=subject]", "低保申请")
    page.click("#add-record button[type=submit]")
    row = page.locator("#records tbody tr[data-record]")
    expect(row).to_contain_text("低保申请", timeout=30_000)
    row.locator("button[data-step=handled]").click()
    expect(page.locator("#step-form select[name=satisfaction]")).to_be_hidden()
    page.fill("#step-form input[name=on]", "2024-05-07")
    page.click("#step-form button[type=submit]")
    expect(row.locator("button[data-step=resolved]")).to_be_visible()
    row.locator("button[data-step=resolved]").click()
    page.fill("#step-form input[name=on]", "2024-05-20")
    page.select_option("#step-form select[name=satisfaction]", "satisfied")
    page.click("#step-form button[type=submit]")
    expect(row).to_contain_text("满意", timeout=30_000)
    expect(row).to_contain_text("2024-05-20")
    page.screenshot(path=str(shots / f"{db.backend}-records-petition.png"), full_page=True)

    page.click("#record-tabs a[data-tab=events]")
    form = page.locator("#add-record")
    form.locator("select[name=kind]").select_option("publicity")
    form.locator("input[name=held_on]").fill("2024-04-15")
    form.locator("select[name=theme]").select_option("4.15 全民国家安全教育日")
    form.locator("input[name=place]").fill("搬迁点广场")
    form.locator("input[name=people_reached]").fill("80")
    form.locator("input[name=items_given]").fill("120")
    form.locator("input[name=banners]").fill("3")
    form.locator("input[name=questions_answered]").fill("4")
    form.locator("button[type=submit]").click()
    row = page.locator("#records tbody tr[data-record]")
    expect(row).to_contain_text("4.15 全民国家安全教育日", timeout=30_000)
    for text in ("普法宣传", "搬迁点广场", "线下", "80", "120"):
        expect(row).to_contain_text(text)
    page.screenshot(path=str(shots / f"{db.backend}-records-events.png"), full_page=True)
    assert db.count("petition") == 1 and db.count("law_event") == 1
    watched.clean()


def test_a_supervisor_reads_the_records_and_changes_nothing(db, served, browser, shots):
    from playwright.sync_api import expect

    from ops.models import DisputeCase, Visit

    base = served["base"]
    town, village_id, village_name = _township(db)
    with Session(db.engine) as session:
        session.add(DisputeCase(id=str(uuid.uuid4()), township_id=town, category="livestock",
                                found_on=date(2024, 6, 1), summary=SCRIPT, recorded_by="x"))  # fmt: skip
        session.add(Visit(id=str(uuid.uuid4()), township_id=town, staff_id="SW-001", purpose="safety_check",
                          visited_at=datetime(2024, 6, 2, 2, 30, tzinfo=UTC), village_id=village_id,
                          household="3组12号", findings=SCRIPT, disputes_found=2, lon=91.7, lat=32.2,
                          accuracy_m=9))  # fmt: skip
        session.commit()
    watched = Watched(signed_in_context(browser, base, "super", "password-super"), base)
    page, opened = watched.page, _dialogs(watched.page)
    page.goto("/console/records")
    expect(page.locator("#read-only")).to_contain_text("只读")
    expect(page.locator("#add-record")).to_have_count(0)
    row = page.locator("#records tbody tr[data-record]")
    expect(row).to_contain_text("牲畜")
    expect(row.locator("td.text").last).to_have_text(SCRIPT)
    expect(page.locator("button[data-step]")).to_have_count(0)
    page.screenshot(path=str(shots / f"{db.backend}-records-supervisor.png"), full_page=True)

    page.click("#record-tabs a[data-tab=visits]")
    row = page.locator("#records tbody tr[data-record]")
    shown = ("2024-06-02 10:30", "益西德央", village_name, "3组12号", "安全隐患排查", "±9 m")
    for text in shown:  # the time in Asia/Shanghai, SW-001 by name
        expect(row).to_contain_text(text)
    expect(row.locator("td.text")).to_have_text(SCRIPT)
    page.screenshot(path=str(shots / f"{db.backend}-records-visits.png"), full_page=True)
    assert page.locator("#records img").count() == 0 and opened == []
    page.context.add_cookies([{"name": "lang", "value": "en", "url": base}])
    page.reload()
    expect(page.locator("#record-tabs a.on")).to_contain_text("Household visits")
    expect(row).to_contain_text("safety check")
    expect(page.locator("#read-only")).to_have_text("Supervisor: read only")
    watched.clean()


def test_a_dispute_report_becomes_a_case_from_its_page(db, served, browser, shots):
    from playwright.sync_api import expect

    from ops.models import Hazard

    base = served["base"]
    hazard_id = str(uuid.uuid4())
    with Session(db.engine) as session:
        session.add(Hazard(id=hazard_id, staff_id="SW-001", category="dispute",
                           recorded_at=datetime.now(UTC), description="两家争草场"))  # fmt: skip
        session.commit()
    watched = Watched(signed_in_context(browser, base, "disp", served["password"]), base)
    page = watched.page
    page.goto(f"/console/hazards/{hazard_id}")
    page.click("#to-case")
    form = page.locator("#add-record")
    expect(form.locator("input[name=hazard_id]")).to_have_value(hazard_id)
    form.locator("input[name=found_on]").fill("2024-07-01")
    form.locator("button[type=submit]").click()
    expect(page.locator("#flash")).to_have_text("已保存", timeout=30_000)
    (case,) = _cases(db)
    assert (case.hazard_id, case.found_on) == (hazard_id, date(2024, 7, 1))
    watched.clean()
