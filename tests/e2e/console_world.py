"""A day at the demo township for the console's browser tests: shifts around now, a browser, sign-in.

`day_around_now` adds a roster version in force today (the newest, so it is what counts) with
three shifts at the demo's crossings, placed around the current time so that every state can
occur: one running (started an hour ago), one over (ended half an hour ago), one still to come.
A shift whose window would leave today's local date is left out.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.test_field_app import CHROMIUM, CHROMIUM_ARGS

RUNNING = ("SW-001", "SW-002", "SW-003", "SW-004")  # on time, late, off site, missed
OVER = ("SW-005",)  # came and left
LATER = ("SW-006",)  # not started


@dataclass
class Day:
    """The shifts added for today: key → (post code, lon, lat, start, end UTC, staff ids)."""

    shifts: dict[str, tuple[str, float, float, datetime, datetime, tuple[str, ...]]] = field(
        default_factory=dict
    )

    def post_of(self, staff_id: str) -> tuple[str, float, float, datetime, datetime] | None:
        """Where and when a person is on duty today, if at all."""
        for code, lon, lat, start, end, people in self.shifts.values():
            if staff_id in people:
                return code, lon, lat, start, end
        return None


def day_around_now(engine: Any, now: datetime, tz: Any) -> Day:
    """Add the newest roster version for today with the three shifts around `now`."""
    from sqlmodel import Session, col, func, select

    from ops.models import Assignment, Post, Roster, RosterShift, Township

    windows = {
        "running": ("X1", now - timedelta(hours=1), now + timedelta(hours=2), RUNNING),
        "over": ("X2", now - timedelta(hours=3), now - timedelta(minutes=30), OVER),
        "later": ("X3", now + timedelta(hours=2), now + timedelta(hours=4), LATER),
    }
    today = now.astimezone(tz).date()
    day = Day()
    with Session(engine) as session:
        township = session.exec(select(Township).where(Township.name == "色务乡")).one()
        version = session.exec(
            select(func.max(Roster.version)).where(Roster.township_id == township.id)
        ).one()
        roster = Roster(
            township_id=township.id or 0, version=(version or 0) + 1, start_date=today, days=1, kind="edit",
            status="feasible", shortfall=0, max_load=1, penalties={}, solve_seconds=0.0, note="test day",
        )  # fmt: skip
        session.add(roster)
        session.flush()
        for key, (code, start, end, people) in windows.items():
            if start.astimezone(tz).date() != today:
                continue
            post = session.exec(
                select(Post).where(Post.code == code, col(Post.township_id) == township.id)
            ).one()
            shift = RosterShift(
                roster_id=roster.id or 0, key=f"test-{key}", post_id=post.id or 0, starts_at=start, ends_at=end,
                min_staff=1, max_staff=4, roles_any=[], composition=[],
            )  # fmt: skip
            session.add(shift)
            session.flush()
            for staff_id in people:
                session.add(
                    Assignment(
                        roster_id=roster.id or 0, roster_shift_id=shift.id or 0, staff_id=staff_id
                    )
                )
            day.shifts[key] = (code, post.lon, post.lat, start, end, people)
        session.commit()
    return day


def checkin_at(staff_id: str, kind: str, at: datetime, lon: float, lat: float) -> dict[str, Any]:
    """A check-in as a phone sends it."""
    import uuid

    return {"id": str(uuid.uuid4()), "staff_id": staff_id, "kind": kind, "recorded_at": at.isoformat(),
            "lon": lon, "lat": lat, "accuracy_m": 8}  # fmt: skip


def phones_report(
    base: str, tokens: dict[str, str], day: Day, now: datetime
) -> list[dict[str, Any]]:
    """The check-ins of the designed day, posted through the API by each person's own phone."""
    sent = []
    running, over = day.shifts.get("running"), day.shifts.get("over")
    if running:
        _, lon, lat, start, _, _ = running
        sent += [
            checkin_at("SW-001", "in", start - timedelta(minutes=5), lon, lat),
            checkin_at("SW-002", "in", min(start + timedelta(minutes=35), now), lon, lat),
            checkin_at("SW-003", "in", start + timedelta(minutes=1), lon, lat + 0.02),  # 2 km north
        ]
    if over:
        _, lon, lat, start, end, _ = over
        sent += [
            checkin_at("SW-005", "in", start + timedelta(minutes=2), lon, lat),
            checkin_at("SW-005", "out", end - timedelta(minutes=5), lon, lat),
        ]
    for item in sent:
        answer = httpx.post(f"{base}/api/v1/checkins", json={"items": [item]},
                            headers={"Authorization": f"Bearer {tokens[item['staff_id']]}"}, timeout=30)  # fmt: skip
        assert answer.status_code == 202 and not answer.json()["rejected"], answer.text
    return sent


def expected_state(
    checkins: list[dict[str, Any]], start: datetime, end: datetime, now: datetime
) -> str:
    """What a person's state must be, read from their check-ins as GET /api/v1/checkins gives them."""
    window = [
        c
        for c in checkins
        if start - timedelta(hours=2) <= datetime.fromisoformat(c["recorded_at"]) < end
    ]
    arrived = [c for c in window if c["kind"] == "in" and c["status"] in ("on_time", "late")]
    if arrived:
        came = datetime.fromisoformat(arrived[0]["recorded_at"])
        left = [
            c
            for c in checkins
            if c["kind"] == "out" and came < datetime.fromisoformat(c["recorded_at"])
        ]
        return "finished" if left or now >= end else "on_duty"
    if any(c["kind"] == "in" and c["status"] == "off_site" for c in window):
        return "off_site"
    return "missed" if now >= start + timedelta(minutes=10) else "not_started"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the module."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: scripts/services.sh installs Debian's chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        running = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield running
        running.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Where screenshots go ($FIELDOPS_SCREENSHOT_DIR or pytest's temporary directory)."""
    from pathlib import Path

    chosen = os.environ.get("FIELDOPS_SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("console-screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watched:
    """A browser page whose console errors and requests to other origins are recorded."""

    def __init__(self, context: Any, base: str) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: (
                None if r.url.startswith((base, "data:", "blob:")) else self.foreign.append(r.url)
            ),
        )

    def clean(self) -> None:
        """No console error, no request that left FieldOps."""
        assert not self.errors, self.errors
        assert not self.foreign, self.foreign


def signed_in_context(
    browser: Any, base: str, name: str, password: str, viewport: tuple[int, int] = (1400, 900)
) -> Any:
    """A desktop browser context holding a console session for the account."""
    from tests.e2e.scope import sign_in

    with httpx.Client(base_url=base) as client:
        cookie, _csrf = sign_in(client, name, password)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", base_url=base)  # fmt: skip
    context.add_cookies([{"name": "fieldops_session", "value": cookie, "url": base}])
    return context


def add_dispatcher(engine: Any, name: str = "disp", township: str | None = "色务乡") -> str:
    """A console account (dispatcher); returns its password."""
    from sqlmodel import Session

    from ops.identity.accounts import add_account

    password = "password-" + name
    with Session(engine) as session:
        add_account(
            session=session, name=name, role="dispatcher", township=township, password=password
        )
    return password


def now_utc() -> datetime:
    """The current time (the servers use the real clock too)."""
    return datetime.now(UTC)
