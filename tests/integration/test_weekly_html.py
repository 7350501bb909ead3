"""summary.html in real headless Chromium: offline, map and tables present, fits a phone, prints.

The browser is Debian's /usr/bin/chromium driven by Playwright (never a downloaded one). Each page
is written to a file and opened by its file:// URL, so the document is the only request allowed.
Screenshots go to $FIELDOPS_SCREENSHOT_DIR, or to the test's tmp dir.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from ops.reports.render_html import render_html
from ops.runtime.settings import load_settings
from tests.conftest import DEMO_DATA
from tests.hostile_text import EMOJI, RTL

SETTINGS = load_settings()
TZ = SETTINGS.tz
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]  # fmt: skip
PHONE, DESKTOP = {"width": 360, "height": 640}, {"width": 1280, "height": 900}
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: scripts/services.sh installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots are kept: $FIELDOPS_SCREENSHOT_DIR if set."""
    folder = Path(os.environ.get("FIELDOPS_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Visit:
    """An opened page and everything it asked for or complained about."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, selector: str) -> int:
        return int(self.page.locator(selector).count())

    def overflow(self) -> int:
        """How far the page is wider than the screen (0: nothing sticks out)."""
        return int(self.page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


def visit(browser: Any, html: str, path: Path, viewport: dict[str, int]) -> Visit:
    """Write the page to `path` and open it from disk, recording requests and errors."""
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport=viewport)
    seen = Visit(page, path.resolve().as_uri())
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.goto(seen.url, wait_until="load")
    return seen


def assert_offline_and_clean(seen: Visit) -> None:
    assert seen.errors == []
    assert seen.requests == [seen.url]  # the document itself, nothing else


# --- a week from the database -------------------------------------------------------------------


def seed_week(db: Any, fieldops: Any) -> date:
    """The demo township with two weeks of roster, check-ins, two patrols and hazard reports."""
    from shapely.geometry import shape

    from ops.identity.auth import Principal
    from ops.intake.hazards import store_hazards, transition
    from ops.intake.store import store_checkins, store_tracks
    from ops.models import Assignment, Post, RosterShift, Village
    from ops.services.coverage import refresh_patrol

    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        assert fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡").exit_code == 0
    today = datetime.now(TZ).date()
    monday = today - timedelta(days=today.weekday() + 7)
    start = (monday - timedelta(days=7)).isoformat()
    assert (
        fieldops("roster", "generate", "-t", "色务乡", "--start", start, "--days", "14").exit_code
        == 0
    )
    with Session(db.engine, expire_on_commit=False) as session:
        villages = {v.id: v for v in session.exec(select(Village)).all()}
        rows = session.exec(
            select(Assignment, RosterShift, Post)
            .where(Assignment.roster_shift_id == RosterShift.id, RosterShift.post_id == Post.id)
            .order_by(RosterShift.starts_at, Assignment.staff_id)
        ).all()
        items = []
        for i, (assignment, shift, post) in enumerate(rows):
            if i % 5 == 4:
                continue  # a no-show
            spot = (
                shape(villages[post.village_id].geometry).representative_point()
                if post.lon is None
                else None
            )
            lon, lat = (spot.x, spot.y) if spot else (post.lon, post.lat)
            at = shift.starts_at + timedelta(minutes=25 if i % 7 == 0 else 2)
            items.append({"id": str(uuid.uuid4()), "staff_id": assignment.staff_id, "kind": "in",
                          "recorded_at": at.isoformat(), "lon": lon, "lat": lat, "accuracy_m": 5})  # fmt: skip
        store_checkins(session=session, items=items, settings=SETTINGS)
        for code, staff, day in (
            ("SW03", "SW-020", monday + timedelta(days=1)),
            ("SW05", "SW-021", monday),
        ):
            village = next(v for v in villages.values() if v.code == code)
            west, south, east, north = shape(village.geometry).bounds
            begin = datetime.combine(day, time(10), tzinfo=TZ).astimezone(UTC)
            points = [[west + (east - west) * k / 59, (south + north) / 2,
                       (begin + timedelta(seconds=30 * k)).isoformat(), 8.0] for k in range(60)]  # fmt: skip
            store_tracks(
                session=session,
                items=[{"id": str(uuid.uuid4()), "staff_id": staff, "points": points}],
            )
            refresh_patrol(session=session, staff_id=staff, day=day, settings=SETTINGS)
        x1 = session.exec(select(Post).where(Post.code == "X1")).one()
        at = datetime.combine(monday + timedelta(days=2), time(9), tzinfo=TZ)
        hazards = [{"id": str(uuid.uuid4()), "staff_id": "SW-001", "category": category,
                    "recorded_at": (at + timedelta(hours=k)).isoformat(), "lon": x1.lon, "lat": x1.lat,
                    "description": "摩托车未戴头盔，已劝导", "people_reached": k + 2}
                   for k, category in enumerate(("no_helmet", "speeding", "mixed_passenger_cargo"))]  # fmt: skip
        hazards.append({"id": str(uuid.uuid4()), "staff_id": "SW-002", "category": "dispute",
                        "recorded_at": at.isoformat(), "lon": None, "lat": None, "description": "草场边界纠纷",
                        "people_reached": 0})  # fmt: skip
        store_hazards(session=session, items=hazards, settings=SETTINGS)
        transition(session=session, hazard_id=hazards[3]["id"], to="dispatched",
                   actor=Principal(role="dispatcher", name="调度员"), assignee="司法所 次仁",
                   due=datetime.combine(monday + timedelta(days=4), time(18), tzinfo=TZ), note="")  # fmt: skip
    return monday


def test_a_real_week_opens_offline_with_map_tables_and_screenshots(
    db, fieldops, tmp_path, browser, shots
):
    from ops.models import Township
    from ops.reports.weekly import build_weekly
    from ops.services.coverage_report import build_coverage, coverage_geojson

    monday = seed_week(db, fieldops)
    now = datetime.combine(monday + timedelta(days=7), time(8), tzinfo=TZ)
    with Session(db.engine) as session:
        township = session.exec(select(Township)).one()
        summary = build_weekly(
            session=session, townships=[township], monday=monday, settings=SETTINGS, now=now
        )
        report = build_coverage(session=session, township_name="色务乡", first=monday,
                                last=monday + timedelta(days=6), settings=SETTINGS, now=now)  # fmt: skip
    geojson = coverage_geojson(report)
    kpis = summary["kpis"]
    assert kpis["patrols_done"] > 0 and kpis["no_shows"] > 0 and kpis["hazards_overdue"] == 1
    crossings = [p for p in summary["posts"] if p["kind"] == "intersection"]

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        seen = visit(browser, render_html(summary, geojson), tmp_path / "summary.html", viewport)
        assert_offline_and_clean(seen)
        assert seen.count("#map path.village") == len(summary["villages"]) == 8
        assert seen.count("svg.map circle.crossing") == len(crossings) == 6
        assert seen.count("#villages-table tbody tr") == 8
        assert (
            seen.count("#posts-table tbody tr") == 6
        )  # village patrol posts sit in the village rows
        assert seen.count("#staff-table tbody tr") == len(summary["staff"])
        assert seen.count("#hazards-table tbody tr") == len(summary["hazards"]) == 4
        assert seen.count("#hazards-table tr.overdue") == 1
        assert seen.count("#trend polyline") > 0 and seen.count("#trend text.axis") == 2
        assert seen.overflow() == 0
        value = seen.page.inner_text("#kpi-patrols_done .value").replace(",", "")
        assert value == f"{kpis['patrols_done']}/{kpis['patrols_planned']}"
        assert summary["week"] in seen.page.inner_text("header")
        seen.page.screenshot(path=shots / f"weekly-{db.backend}-{name}.png", full_page=True)
        seen.page.close()


# --- pages from plain dicts ----------------------------------------------------------------------


def ring(lon: float, lat: float, size: float = 0.05) -> list[list[float]]:
    """A closed counter-clockwise square ring (degrees)."""
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def township(name: str, origin: tuple[float, float], *, villages: int = 8, crossings: int = 6,
             tagged: bool = False) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """Village rows, post rows and GeoJSON features of one made-up township."""
    lon0, lat0 = origin
    rows, posts, features = [], [], []
    for i in range(villages):
        lon, lat = lon0 + (i % 4) * 0.07, lat0 + (i // 4) * 0.07
        row = {"id": f"V{i + 1:02d}", "name": f"{name}-V{i + 1}", "cells_total": 100, "cells_covered": 12 * i,
               "coverage_ratio": min(0.12 * i, 1.0), "km": 3.5 * i, "minutes": 40.0 * i, "patrols": i,
               "last_visit": None if i == 0 else "2026-11-26T10:15:00+08:00", "stale_cells": 100 - 12 * i,
               "township": name}  # fmt: skip
        rows.append(row)
        props = {"kind": "village", "id": row["id"], "name": row["name"]} | (
            {"township": name} if tagged else {}
        )
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring(lon, lat)]},
                         "properties": props})  # fmt: skip
        posts.append({"id": row["id"], "name": row["name"], "kind": "village", "lon": None, "lat": None,
                      "shifts_planned": 7, "shifts_filled": 7 - i % 3, "on_time": 5, "late": 1, "missed": i % 3,
                      "minutes_present": 300.0, "people_reached": 0, "violations": {}, "hazards": 0,
                      "township": name})  # fmt: skip
    fills = (0, 14, 11, 8, 5, 2)  # of 14 planned; the first crossing has nothing planned
    for k in range(crossings):
        lon, lat = lon0 + 0.02 + 0.003 * k, lat0 + 0.02 + 0.001 * (k % 3)
        post = {"id": f"X{k + 1}", "name": f"{name}-X{k + 1}", "kind": "intersection", "lon": lon, "lat": lat,
                "shifts_planned": 14 if k else 0, "shifts_filled": fills[k % 6], "on_time": 9, "late": 2,
                "missed": k, "minutes_present": 1234.5, "people_reached": 10 * k,
                "violations": {"no_helmet": k, "mixed_passenger_cargo": 1}, "hazards": 1, "township": name}  # fmt: skip
        posts.append(post)
        planned = post["shifts_planned"]
        properties = {k2: v for k2, v in post.items() if k2 not in ("lon", "lat")} | {
            "kind": "post", "post_kind": "intersection",
            "fill_rate": round(post["shifts_filled"] / planned, 4) if planned else None}  # fmt: skip
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": properties})  # fmt: skip
    return rows, posts, features


def kpis(**overrides: Any) -> dict[str, Any]:
    """Headline figures in build_weekly's shape, with a change from last week for each."""
    figures = {
        "patrols_planned": 56, "patrols_done": 50, "patrol_rate": 0.8929, "persuasion_planned": 49,
        "persuasion_filled": 40, "persuasion_rate": 0.8163, "on_time": 100, "late": 12, "no_shows": 9,
        "on_time_rate": 0.8197, "mean_village_coverage": 0.42,
        "lowest_village": {"id": "V01", "name": "V1", "coverage_ratio": 0.0, "township": "T"},
        "stale_cells": 120, "cells_total": 800, "hazards_reported": 7, "hazards_closed": 3, "hazards_open": 5,
        "hazards_overdue": 2, "people_reached": 88, "violations": {"no_helmet": 3, "speeding": 1},
        "violations_total": 4,
        "change": {"patrols_done": 2, "patrols_planned": 0, "persuasion_filled": -3, "persuasion_planned": 0,
                   "on_time_rate": 0.031, "no_shows": 3, "people_reached": 0, "violations_total": 1,
                   "hazards_reported": None, "hazards_closed": 1, "hazards_open": -2, "hazards_overdue": 1,
                   "mean_village_coverage": -0.05, "stale_cells": -20},
    }  # fmt: skip
    return figures | overrides


def summary_of(
    names: list[str], *, tagged: bool = False, **overrides: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A summary and its FeatureCollection for made-up townships laid out on a grid."""
    villages, posts, features = [], [], []
    for i, name in enumerate(names):
        rows, points, shapes = township(
            name, (91.0 + (i % 4) * 0.35, 32.0 + (i // 4) * 0.2), tagged=tagged
        )
        villages += rows
        posts += points
        features += shapes
    staff = [{"id": f"S-{i:03d}", "name": f"Person {i}", "township": names[i % len(names)], "shifts": 5,
              "on_time": 3, "late": 1, "missed": i % 2, "people_reached": i, "reports": 1} for i in range(12)]  # fmt: skip
    hazards = [{"id": f"h{i}", "recorded_at": f"2026-11-2{i}T09:30:00+08:00", "category": category,
                "category_zh": "", "place": f"{names[0]}-X1", "state": state, "state_zh": "", "owner": "Police",
                "due": "2026-11-25T18:00:00+08:00", "overdue": state != "closed", "reporter": "Person 1",
                "people_reached": 3, "description": "Helmet", "possible_duplicate_of": None}
               for i, (category, state) in enumerate((("no_helmet", "reported"), ("dispute", "dispatched"),
                                                      ("safety", "closed")))]  # fmt: skip
    trend = [{"week": f"2026-W{45 + i}", "patrol_rate": 0.8 + 0.03 * i, "persuasion_rate": None if i == 0 else 0.7,
              "on_time_rate": 0.75, "no_shows": 9, "people_reached": 40 + i, "violations_total": 3,
              "hazards_reported": 5, "mean_village_coverage": 0.3 + 0.04 * i} for i in range(4)]  # fmt: skip
    summary = {
        "township": names[0] if len(names) == 1 else "County", "townships": names, "week": "2026-W48",
        "period": {"from": "2026-11-23", "to": "2026-11-29"}, "generated_at": "2026-11-30T08:00:00+08:00",
        "kpis": kpis(), "villages": villages, "posts": posts, "staff": staff, "hazards": hazards, "trend": trend,
        "definitions": {"patrols": "村巡逻班次 / village patrol shifts", "on_time_rate": "准时 ÷ 全部 / on time ÷ all"},
    }  # fmt: skip
    return summary | overrides, {"type": "FeatureCollection", "features": features}


def test_english_page_switches_every_label(tmp_path, browser):
    summary, geojson = summary_of(["Sewu"])
    html = render_html(summary, geojson, lang="en")
    assert '<html lang="en">' in html
    assert CJK.findall(html) == []  # with data in Latin letters, no Chinese is left anywhere
    seen = visit(browser, html, tmp_path / "en.html", DESKTOP)
    assert_offline_and_clean(seen)
    assert "This week at a glance" in seen.page.inner_text("#kpis")
    assert "no helmet 3" in seen.page.inner_text("#kpi-violations_total")
    assert "on time ÷ all" in seen.page.inner_text("#definitions")
    chinese = render_html(summary, geojson)
    assert '<html lang="zh-CN">' in chinese and "本周要点" in chinese and "未戴头盔 3" in chinese


def test_change_wording_says_whether_up_is_good_or_bad(tmp_path, browser):
    summary, geojson = summary_of(["Sewu"])
    seen = visit(browser, render_html(summary, geojson), tmp_path / "zh.html", PHONE)

    def change(key: str) -> tuple[str, str]:
        element = seen.page.locator(f"#kpi-{key} .change")
        return element.get_attribute("class").split()[-1], element.inner_text()

    assert change("patrols_done") == ("good", "较上周 ▲ 2，好转")
    assert change("persuasion_filled") == ("bad", "较上周 ▼ 3，变差")
    assert change("no_shows") == ("bad", "较上周 ▲ 3，变差")  # more no-shows is worse
    assert change("stale_cells") == ("good", "较上周 ▼ 20，好转")
    assert change("on_time_rate") == ("good", "较上周 ▲ 3.1 个百分点，好转")
    assert change("violations_total") == ("neutral", "较上周 ▲ 1")  # more found is neither
    assert change("people_reached") == ("flat", "较上周 持平")
    assert change("hazards_reported") == ("none", "上周无可比数据")
    assert "越低越好" in seen.page.inner_text("#kpi-no_shows")


def test_crossing_circles_grow_with_fill_rate_and_village_shades_follow_coverage(tmp_path, browser):
    summary, geojson = summary_of(["Sewu"])
    seen = visit(browser, render_html(summary, geojson), tmp_path / "map.html", DESKTOP)
    radii = seen.page.eval_on_selector_all(
        "svg.map circle.crossing",
        "cs => cs.map(c => [c.querySelector('title').textContent, +c.getAttribute('r')])",
    )
    by_name = {title.split("：")[0]: r for title, r in radii}
    assert by_name["Sewu-X2"] > by_name["Sewu-X3"] > by_name["Sewu-X5"] > by_name["Sewu-X6"]
    assert seen.count("svg.map circle.crossing.none") == 1  # X1 has nothing planned
    assert seen.count("svg.map circle.crossing.low") == 2  # X5 and X6: under half filled
    fills = seen.page.eval_on_selector_all(
        "#map path.village", "ps => ps.map(p => p.getAttribute('fill'))"
    )
    assert fills[0] == "#ffffcc" and fills[-1] == "#006837"  # 0 % pale, 84 % dark green
    assert seen.count("#map tspan.name") == 8  # every village named


def test_text_from_data_is_escaped_and_requests_nothing(tmp_path, browser):
    evil = '<img src="http://192.0.2.1/x.png" onerror="alert(1)"><script>alert(2)</script>&"'
    hostile = evil + "\x00\x0b\x1b[31m\x7f\x85" + EMOJI + RTL  # controls, emoji, an open override
    summary, geojson = summary_of([hostile])
    summary["hazards"][0]["description"] = hostile + "长" * 32_000
    summary["staff"][0]["name"] = hostile
    html = render_html(summary, geojson)
    assert "<script>" not in html and "<img" not in html
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html)  # nothing HTML cannot hold
    seen = visit(browser, html, tmp_path / "evil.html", PHONE)
    assert_offline_and_clean(seen)
    assert seen.count("script, img, iframe, link, object") == 0
    shown = evil + "[31m" + EMOJI + RTL
    assert shown in seen.page.inner_text("header")
    assert shown in seen.page.inner_text("#staff-table")
    title = seen.page.get_attribute("#hazards-table td.desc span", "title")
    assert title.startswith(shown) and title.rstrip("\u202c\u2069").endswith("长" * 32_000)
    tips = seen.page.eval_on_selector_all(
        "#map path.village title", "ts => ts.map(t => t.textContent)"
    )
    # the map's names too, each override closed before the figures that follow it
    closed = re.compile(
        re.escape(shown) + "-V\\d\u2069\u202c："
    )  # village names are "<township>-V<n>"
    assert len(tips) == 8 and all(closed.match(tip) for tip in tips)


def test_empty_week_shows_sentences_instead_of_tables(tmp_path, browser, shots):
    summary, _ = summary_of(["Sewu"], villages=[], posts=[], staff=[], hazards=[], definitions={})
    summary["kpis"] = kpis(patrol_rate=None, persuasion_rate=None, on_time_rate=None,
                           mean_village_coverage=None, lowest_village=None, violations={},
                           change=dict.fromkeys(kpis()["change"]))  # fmt: skip
    summary["trend"] = [{"week": f"2026-W{45 + i}", "patrol_rate": None, "persuasion_rate": None,
                         "on_time_rate": None, "mean_village_coverage": None} for i in range(4)]  # fmt: skip
    seen = visit(browser, render_html(summary, {"type": "FeatureCollection", "features": []}),
                 tmp_path / "empty.html", PHONE)  # fmt: skip
    assert_offline_and_clean(seen)
    assert seen.count("#map") == 0 and seen.count("table:not(#trend-table)") == 0
    for section in ("map-section", "villages", "posts", "hazards", "staff"):
        assert seen.count(f"#{section} p.empty") == 1, section
    assert "暂无数据" in seen.page.inner_text("#trend-section")
    assert seen.page.inner_text("#kpi-on_time_rate .value") == "—"
    assert seen.overflow() == 0
    seen.page.screenshot(path=shots / "weekly-empty-phone.png", full_page=True)
    bare = render_html({"township": "Sewu", "week": "2026-W48"}, {})
    assert "本周没有村巡逻数据" in bare and "暂无数据" in bare
    odd = [{"type": "Feature", "properties": {"kind": "village", "id": "V9", "name": "无数据村"},
            "geometry": {"type": "Polygon", "coordinates": [ring(91.0, 32.0)]}},
           {"type": "Feature", "properties": {"kind": "village", "id": "V0", "name": "无界村"},
            "geometry": {"type": "Polygon", "coordinates": []}}]  # fmt: skip
    drawn = render_html(summary, {"type": "FeatureCollection", "features": odd})
    assert drawn.count('class="village"') == 1 and 'fill="#d9d9d9"' in drawn  # unknown ratio: grey


def test_county_of_thirteen_townships_fits_a_phone_and_a_desktop(tmp_path, browser, shots):
    names = [f"乡{i + 1:02d}" for i in range(13)]
    summary, geojson = summary_of(names, tagged=True)
    html = render_html(summary, geojson)
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        seen = visit(browser, html, tmp_path / "county.html", viewport)
        assert_offline_and_clean(seen)
        assert seen.count("#map path.village") == 13 * 8
        assert seen.count("svg.map circle.crossing") == 13 * 6
        assert seen.count("#townships-table tbody tr") == 13
        assert seen.count("#villages-table tbody tr") == 13 * 8
        assert "乡镇" in seen.page.inner_text("#villages-table thead")
        assert seen.overflow() == 0
        seen.page.screenshot(path=shots / f"weekly-county-{name}.png", full_page=True)
        seen.page.close()


def test_print_on_a4_keeps_rows_whole_and_tables_unclipped(tmp_path, browser, shots):
    summary, geojson = summary_of(["Sewu"])
    seen = visit(browser, render_html(summary, geojson), tmp_path / "print.html", DESKTOP)
    seen.page.emulate_media(media="print")
    style = seen.page.evaluate(
        """() => ({row: getComputedStyle(document.querySelector('tbody tr')).breakInside,
                  head: getComputedStyle(document.querySelector('thead')).display,
                  wrap: getComputedStyle(document.querySelector('.table-wrap')).overflowX})"""
    )
    assert style == {"row": "avoid", "head": "table-header-group", "wrap": "visible"}
    pdf = seen.page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (shots / "weekly-print.pdf").write_bytes(pdf)


def test_projection_keeps_north_up_and_kilometres_square():
    from ops.reports.svg import Frame

    frame = Frame.fit((91.0, 32.0, 91.2, 32.2), 600.0, 20.0)
    west_south, east_north = frame.xy(91.0, 32.0), frame.xy(91.2, 32.2)
    assert west_south[1] > east_north[1]  # north is up
    assert all(0 <= v <= frame.width for v in (west_south[0], east_north[0]))
    assert all(0 <= v <= frame.height for v in (west_south[1], east_north[1]))
    # 0.2° of longitude at 32.1° N is 0.2 · cos(32.1°) of a degree of latitude in length
    width, height = east_north[0] - west_south[0], west_south[1] - east_north[1]
    assert width / height == pytest.approx(0.8471, abs=1e-3)
