"""The roster board: one township's ISO week as a grid (posts × 7 days), loads, leave, versions.

Each day shows the roster version in force that day (ops.services.rosters.shifts_in_period), so
the board is what `fieldops roster show` prints for each of its days; each shift carries the
version it belongs to, which a hand edit names so that a stale save is refused (409).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import InputError, NotFoundError, Problem, bilingual
from ops.models import Leave, Post, Roster, StaffMember, Township
from ops.services.rosters import RosterDay, local_day_bounds, roster_day, shifts_in_period

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

POST_ORDER = {"intersection": 0, "village": 1}  # crossings first, then villages


def week_monday(week: str) -> date:
    """The Monday of an ISO week "YYYY-Www" (years 2000-2100); 422 naming the week otherwise."""
    try:
        year, number = int(week[:4]), int(week[6:])
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        monday = None
    if monday is None or not 2000 <= monday.year <= 2100 or week[4:6] != "-W":
        message = bilingual("不是有效的 ISO 周（如 2026-W49）", "not an ISO week, e.g. 2026-W49")
        raise InputError([Problem("week", week, message)])
    return monday


def week_label(monday: date) -> str:
    """ "2026-W49" for the week starting `monday`."""
    year, number, _ = monday.isocalendar()
    return f"{year}-W{number:02d}"


def township_named(session: Session, township_id: int) -> Township:
    """The township, or 404."""
    township = session.get(Township, township_id)
    if township is None:
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    return township


def version_dict(roster: Roster) -> dict[str, Any]:
    """A roster version as the API shows it."""
    return {
        "version": roster.version, "start_date": roster.start_date.isoformat(), "days": roster.days,
        "kind": roster.kind, "status": roster.status,
        "shortfall": roster.shortfall, "max_load": roster.max_load, "note": roster.note,
        "created_at": roster.created_at.isoformat(), "created_by": roster.created_by,
        "published_at": roster.published_at.isoformat() if roster.published_at else None,
        "published_by": roster.published_by,
    }  # fmt: skip


def board(
    *, session: Session, township_id: int, week: str, settings: Settings, today: date
) -> dict[str, Any]:
    """The week's grid: posts (crossings first) × 7 days of shifts with names, loads, leave."""
    township = township_named(session, township_id)
    monday = week_monday(week)
    tz = settings.tz
    found = shifts_in_period(
        session=session, township_id=township_id, first=monday, days=7, settings=settings
    )
    rosters = {r.id: r for r in _rosters(session, {s.roster_id for s, _, _ in found})}
    posts = session.exec(select(Post).where(Post.township_id == township_id)).all()
    ordered = sorted(posts, key=lambda p: (POST_ORDER.get(p.kind, 2), p.code))
    cells: dict[int, list[list[dict[str, Any]]]] = {
        p.id or 0: [[] for _ in range(7)] for p in posts
    }
    load: Counter[str] = Counter()
    for shift, post, people in found:
        start, end = shift.starts_at.astimezone(tz), shift.ends_at.astimezone(tz)
        cells[post.id or 0][(start.date() - monday).days].append({
            "key": shift.key, "version": rosters[shift.roster_id].version,
            "start": start.isoformat(), "end": end.isoformat(),
            "window": f"{start:%H:%M}-{end:%H:%M}", "kind": shift.kind,
            "min_staff": shift.min_staff, "max_staff": shift.max_staff,
            "staff": [{"id": p.id, "name": p.name} for p in people],
            "missing": shift.missing, "reason": shift.reason,
        })  # fmt: skip
        load.update(p.id for p in people)
    staff = session.exec(
        select(StaffMember)
        .where(StaffMember.township_id == township_id, col(StaffMember.active).is_(True))
        .order_by(col(StaffMember.id))
    ).all()
    return {
        "township": {"id": township_id, "name": township.name},
        "week": week_label(monday),
        "days": [(monday + timedelta(days=i)).isoformat() for i in range(7)],
        "today": today.isoformat(),
        "previous_week": week_label(monday - timedelta(days=7)),
        "next_week": week_label(monday + timedelta(days=7)),
        "versions": [version_dict(r) for r in sorted(rosters.values(), key=lambda r: r.version)],
        "rows": [
            {
                "post": {"id": p.id, "code": p.code, "name": p.name, "kind": p.kind},
                "days": cells[p.id or 0],
            }
            for p in ordered
        ],
        "load": [
            {
                "staff_id": p.id,
                "name": p.name,
                "roles": p.roles,
                "shifts": load[p.id],
                "max_per_week": p.max_shifts_per_week,
            }
            for p in staff
        ],
        "leave": _leave(session, township_id, monday, settings),
        "unfilled": sum(c["missing"] for row in cells.values() for day in row for c in day),
    }


def _rosters(session: Session, ids: set[int]) -> list[Roster]:
    return list(session.exec(select(Roster).where(col(Roster.id).in_(ids))).all()) if ids else []


def _leave(
    session: Session, township_id: int, monday: date, settings: Settings
) -> list[dict[str, Any]]:
    begin, end = local_day_bounds(monday, 7, settings)
    rows = session.exec(
        select(Leave, StaffMember)
        .where(Leave.staff_id == StaffMember.id, StaffMember.township_id == township_id)
        .where(Leave.starts_at < end, Leave.ends_at > begin)
        .order_by(col(Leave.starts_at))
    ).all()
    return [
        {"staff_id": p.id, "name": p.name, "reason": leave.reason,
         "starts_at": leave.starts_at.astimezone(settings.tz).isoformat(),
         "ends_at": leave.ends_at.astimezone(settings.tz).isoformat()}
        for leave, p in rows
    ]  # fmt: skip


def versions(*, session: Session, township_id: int, week: str) -> list[dict[str, Any]]:
    """Every stored version whose days meet the week, newest first."""
    township_named(session, township_id)
    monday = week_monday(week)
    rows = session.exec(
        select(Roster)
        .where(Roster.township_id == township_id, Roster.start_date < monday + timedelta(days=7))
        .order_by(col(Roster.version).desc())
    ).all()
    return [version_dict(r) for r in rows if r.start_date + timedelta(days=r.days) > monday]


def week_days(
    *, session: Session, township_id: int, week: str, settings: Settings
) -> list[RosterDay]:
    """The week's 7 days as `fieldops roster show` reads each (for the WeChat text, xlsx and ics)."""
    township = township_named(session, township_id)
    monday = week_monday(week)
    return [
        roster_day(session=session, township_name=township.name, day=monday + timedelta(days=i),
                   settings=settings)
        for i in range(7)
    ]  # fmt: skip
