"""The weekly summary as plain data: every figure of the page, traceable to the rows behind it.

`build_weekly` reads the database and returns the dict written as summary.json; the HTML page,
the workbook, the WeChat text and the map are rendered from it (ops.reports.render_*).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import InputError, Problem, bilingual
from ops.models import Hazard, StaffMember, Township
from ops.reports.hazard_ledger import hazard_figures
from ops.services.coverage_report import CoverageReport, build_coverage
from ops.services.rosters import local_day_bounds

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

TREND_WEEKS = 4
DEFINITIONS = {
    "patrols": "村巡逻班次：计划数与到岗数（有人准时或迟到签到即算到岗）"
    " / village patrol shifts planned, and filled by an on-time or late check-in",
    "persuasion": "路口劝导班次：计划数与到岗数 / crossing persuasion shifts planned and filled",
    "on_time_rate": "准时签到人次 ÷（准时＋迟到＋缺勤）/ on-time ÷ (on-time + late + missed) person-shifts",
    "no_shows": "开始＋宽限期后仍未签到的人次 / person-shifts with no check-in by start plus grace",
    "people_reached": "本周上报中的劝导人次合计 / people reached, summed over this week's reports",
    "violations": "本周交通违法上报数，按类别 / traffic violation reports this week, by category",
    "hazards": "隐患：本周上报、本周办结、周末仍未办结、逾期未办结"
    " / reported, closed this week, open and overdue at the week's end",
    "coverage": "村网格覆盖率：本周有轨迹经过的 H3 网格 ÷ 全部网格 / H3 cells a cleaned track passed ÷ all cells",
    "stale_cells": "截至周末14天以上无人巡到的网格数 / cells nobody visited for 14 days or more at the week's end",
}


def parse_week(text: str) -> date:
    """The Monday of an ISO week written like "2026-W48"."""
    try:
        year, week = text.upper().split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise InputError(
            [
                Problem(
                    "--week",
                    text,
                    bilingual("周应写作 2026-W48", "weeks are written like 2026-W48"),
                )
            ]
        ) from None


def week_label(monday: date) -> str:
    """ISO week label of a Monday, e.g. "2026-W48"."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def build_weekly(
    *,
    session: Session,
    townships: list[Township],
    monday: date,
    settings: Settings,
    now: datetime | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """The summary of one ISO week for one township or several rolled into one (a county)."""
    return build_weekly_with_maps(
        session=session, townships=townships, monday=monday, settings=settings, now=now, title=title
    )[0]


def build_weekly_with_maps(
    *,
    session: Session,
    townships: list[Township],
    monday: date,
    settings: Settings,
    now: datetime | None = None,
    title: str | None = None,
) -> tuple[dict[str, Any], list[CoverageReport]]:
    """The summary, and each township's coverage of the week (what the map is drawn from)."""
    now = now or datetime.now(UTC)
    week, reports = _week(session, townships, monday, settings, now, detail=True)
    trend = [
        _week(session, townships, monday - timedelta(weeks=offset), settings, now, detail=False)[0][
            "kpis"
        ]
        for offset in range(TREND_WEEKS - 1, 0, -1)
    ] + [week["kpis"]]
    previous = trend[-2]
    week["kpis"]["change"] = {key: _delta(week["kpis"][key], previous[key]) for key in _COMPARED}
    summary = {
        "township": title or townships[0].name,
        "townships": [t.name for t in townships],
        "week": week_label(monday),
        "period": {"from": monday.isoformat(), "to": (monday + timedelta(days=6)).isoformat()},
        "generated_at": now.astimezone(settings.tz).isoformat(),
        "kpis": week["kpis"],
        "villages": week["villages"],
        "posts": week["posts"],
        "staff": week["staff"],
        "hazards": week["hazards"],
        "trend": [
            {"week": week_label(monday - timedelta(weeks=TREND_WEEKS - 1 - i))}
            | {k: t[k] for k in _TRENDED}
            for i, t in enumerate(trend)
        ],
        "definitions": DEFINITIONS,
    }
    return summary, reports


_COMPARED = (
    "patrols_done", "patrols_planned", "persuasion_filled", "persuasion_planned", "on_time_rate", "no_shows",
    "people_reached", "violations_total", "hazards_reported", "hazards_closed", "hazards_open", "hazards_overdue",
    "mean_village_coverage", "stale_cells",
)  # fmt: skip
_TRENDED = (
    "patrol_rate", "persuasion_rate", "on_time_rate", "no_shows", "people_reached", "violations_total",
    "hazards_reported", "mean_village_coverage",
)  # fmt: skip


def _delta(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return round(now - before, 4)


def _week(
    session: Session,
    townships: list[Township],
    monday: date,
    settings: Settings,
    now: datetime,
    *,
    detail: bool,
) -> tuple[dict[str, Any], list[CoverageReport]]:
    """Villages, posts and KPIs of one week (with `detail`, also the staff sheet and hazard ledger)."""
    sunday = monday + timedelta(days=6)
    begin, end = local_day_bounds(monday, 7, settings)
    reports = [
        build_coverage(
            session=session,
            township_name=t.name,
            first=monday,
            last=sunday,
            settings=settings,
            now=now,
        )
        for t in townships
    ]
    villages = [v | {"township": r.data["township"]} for r in reports for v in r.data["villages"]]
    posts = [p | {"township": r.data["township"]} for r in reports for p in r.data["posts"]]
    ids = [t.id or 0 for t in townships]
    hazards, ledger = hazard_figures(
        session=session, township_ids=ids, begin=begin, end=end, settings=settings
    )
    result: dict[str, Any] = {
        "kpis": _kpis(villages, posts) | hazards,
        "villages": villages,
        "posts": posts,
    }
    if detail:
        outcomes = [o for r in reports for o in r.outcomes]
        result["staff"] = _staff_rows(session, ids, outcomes, begin, end)
        result["hazards"] = ledger
    return result, reports


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _kpis(villages: list[dict[str, Any]], posts: list[dict[str, Any]]) -> dict[str, Any]:
    patrol = [p for p in posts if p["kind"] == "village"]
    crossing = [p for p in posts if p["kind"] == "intersection"]
    on_time, late, missed = (sum(p[k] for p in posts) for k in ("on_time", "late", "missed"))
    planned, done = (
        sum(p["shifts_planned"] for p in patrol),
        sum(p["shifts_filled"] for p in patrol),
    )
    staffed, filled = (
        sum(p["shifts_planned"] for p in crossing),
        sum(p["shifts_filled"] for p in crossing),
    )
    lowest = min(villages, key=lambda v: (v["coverage_ratio"], v["id"]), default=None)
    ratios = [v["coverage_ratio"] for v in villages]
    return {
        "patrols_planned": planned, "patrols_done": done, "patrol_rate": _rate(done, planned),
        "persuasion_planned": staffed, "persuasion_filled": filled, "persuasion_rate": _rate(filled, staffed),
        "on_time": on_time, "late": late, "no_shows": missed, "on_time_rate": _rate(on_time, on_time + late + missed),
        "made_up": sum(p.get("made_up", 0) for p in posts),
        "mean_village_coverage": round(sum(ratios) / len(ratios), 4) if ratios else None,
        "lowest_village": {k: lowest[k] for k in ("id", "name", "coverage_ratio", "township")} if lowest else None,
        "stale_cells": sum(v["stale_cells"] for v in villages),
        "cells_total": sum(v["cells_total"] for v in villages),
    }  # fmt: skip


def _staff_rows(
    session: Session, township_ids: list[int], outcomes: list[Any], begin: datetime, end: datetime
) -> list[dict[str, Any]]:
    people = session.exec(
        select(StaffMember)
        .where(col(StaffMember.township_id).in_(township_ids))
        .order_by(col(StaffMember.id))
    ).all()
    names = {
        t.id: t.name
        for t in session.exec(select(Township).where(col(Township.id).in_(township_ids)))
    }
    counts: dict[str, Counter[str]] = {p.id: Counter() for p in people}
    for outcome in outcomes:
        counts[outcome.staff.id]["shifts"] += 1
        counts[outcome.staff.id][outcome.state] += 1
    reached = session.exec(
        select(Hazard.staff_id, Hazard.people_reached).where(
            Hazard.recorded_at >= begin, Hazard.recorded_at < end
        )
    ).all()
    for staff_id, n in reached:
        if staff_id in counts:
            counts[staff_id]["people_reached"] += n
            counts[staff_id]["reports"] += 1
    return [
        {"id": p.id, "name": p.name, "township": names.get(p.township_id, ""), "shifts": counts[p.id]["shifts"],
         "on_time": counts[p.id]["on_time"], "late": counts[p.id]["late"], "missed": counts[p.id]["missed"],
         "people_reached": counts[p.id]["people_reached"], "reports": counts[p.id]["reports"]}
        for p in people
    ]  # fmt: skip
