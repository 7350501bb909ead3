"""Today's duty (今日值守) of a township: every shift of a local day, each person's state, tracks, reports.

A person's state on one assignment, as of `now`:

    on_duty      an on-time or late `in` check-in (at most 2 h before the start, before the end)
                 and no `out` since; `punctuality` says on_time or late
    finished     present, then checked out (or the shift is over)
    off_site     no valid arrival, but an `in` check-in that was judged off site
    missed       no arrival by start + grace
    not_started  the start + grace has not come yet

These are the rules of the weekly figures (ops.services.post_metrics), read for one day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import NotFoundError, bilingual
from ops.intake.classify import MATCH_WINDOW
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.live.events import thin
from ops.models import (
    Assignment,
    CheckIn,
    Hazard,
    Post,
    RosterShift,
    StaffMember,
    Township,
    TrackChunk,
)
from ops.services.rosters import local_day_bounds, roster_in_force

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

STATES = ("missed", "off_site", "on_duty", "not_started", "finished")  # the side list's order
PRESENT = ("on_time", "late")
TRACK_POINTS_MAX = 1000  # points per person drawn on today's map


def person_state(
    checkins: list[CheckIn], starts_at: datetime, ends_at: datetime, now: datetime, grace: timedelta
) -> dict[str, Any]:
    """One person's state on one shift from their check-ins (sorted by time)."""
    arrival = _first_in(checkins, PRESENT, starts_at, ends_at)
    if arrival is None:
        off = _first_in(checkins, ("off_site",), starts_at, ends_at)
        state = "off_site" if off else "missed" if now >= starts_at + grace else "not_started"
        return {"state": state, "punctuality": None, "arrived_at": None, "left_at": None,
                "checkin_id": off.id if off else None}  # fmt: skip
    outs = [
        c
        for c in checkins
        if c.kind == "out" and arrival.recorded_at < c.recorded_at < ends_at + MATCH_WINDOW
    ]
    left = outs[-1].recorded_at if outs else None
    state = "finished" if left is not None or now >= ends_at else "on_duty"
    return {"state": state, "punctuality": arrival.status, "arrived_at": arrival.recorded_at,
            "left_at": left, "checkin_id": arrival.id}  # fmt: skip


def _first_in(
    checkins: list[CheckIn], statuses: tuple[str, ...], starts_at: datetime, ends_at: datetime
) -> CheckIn | None:
    """The first `in` with one of `statuses` from 2 h before the start to the end."""
    window_opens = starts_at - MATCH_WINDOW
    for c in checkins:
        if c.kind == "in" and c.status in statuses and window_opens <= c.recorded_at < ends_at:
            return c
    return None


def today_board(
    *, session: Session, township_id: int, day: date, now: datetime, settings: Settings
) -> dict[str, Any]:
    """Shifts with each person's state, tracks and reports of local `day` in one township."""
    township = session.get(Township, township_id)
    if township is None:
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    begin, end = local_day_bounds(day, 1, settings)
    staff = {
        p.id: p
        for p in session.exec(select(StaffMember).where(StaffMember.township_id == township_id))
    }
    shifts = _shifts(session, township_id, day, begin, end)
    checkins = _checkins(session, list(staff), begin - MATCH_WINDOW, end + MATCH_WINDOW)
    grace = timedelta(minutes=settings.checkin_grace_minutes)
    tz = settings.tz
    board = []
    for shift, post, people in shifts:
        rows = []
        for assignment_id, staff_id in people:
            found = person_state(checkins[staff_id], shift.starts_at, shift.ends_at, now, grace)
            rows.append(_person_row(assignment_id, staff.get(staff_id), staff_id, found, tz))
        board.append(_shift_row(shift, post, rows, tz))
    counts = {s: sum(p["state"] == s for b in board for p in b["people"]) for s in STATES}
    return {
        "township": {"id": township.id, "name": township.name},
        "date": day.isoformat(),
        "as_of": now.astimezone(tz).isoformat(),
        "counts": counts,
        "shifts": board,
        "tracks": _tracks(session, staff, begin, end),
        "hazards": _hazards(session, staff, begin, end, tz),
    }


def _shifts(
    session: Session, township_id: int, day: date, begin: datetime, end: datetime
) -> list[tuple[RosterShift, Post, list[tuple[int, str]]]]:
    roster = roster_in_force(session=session, township_id=township_id, day=day)
    if roster is None:
        return []
    rows = session.exec(
        select(RosterShift, Post)
        .where(RosterShift.roster_id == roster.id, RosterShift.post_id == Post.id)
        .where(RosterShift.starts_at >= begin, RosterShift.starts_at < end)
        .order_by(col(RosterShift.starts_at), col(Post.code))
    ).all()
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for assignment in session.exec(
        select(Assignment)
        .where(col(Assignment.roster_shift_id).in_([s.id for s, _ in rows]))
        .order_by(col(Assignment.staff_id))
    ):
        people[assignment.roster_shift_id].append((assignment.id or 0, assignment.staff_id))
    return [(shift, post, people[shift.id or 0]) for shift, post in rows]


def _checkins(
    session: Session, staff_ids: list[str], begin: datetime, end: datetime
) -> dict[str, list[CheckIn]]:
    found: dict[str, list[CheckIn]] = defaultdict(list)
    for checkin in session.exec(
        select(CheckIn)
        .where(col(CheckIn.staff_id).in_(staff_ids))
        .where(CheckIn.recorded_at >= begin, CheckIn.recorded_at < end)
        .order_by(col(CheckIn.recorded_at), col(CheckIn.id))
    ):
        found[checkin.staff_id].append(checkin)
    return found


def _local(moment: datetime | None, tz: Any) -> str | None:
    return moment.astimezone(tz).isoformat() if moment else None


def _person_row(
    assignment_id: int, person: StaffMember | None, staff_id: str, found: dict[str, Any], tz: Any
) -> dict[str, Any]:
    return {
        "assignment_id": assignment_id, "staff_id": staff_id,
        "name": person.name if person else staff_id, "phone": person.phone if person else None,
        "state": found["state"], "punctuality": found["punctuality"],
        "arrived_at": _local(found["arrived_at"], tz), "left_at": _local(found["left_at"], tz),
        "checkin_id": found["checkin_id"],
    }  # fmt: skip


def _shift_row(
    shift: RosterShift, post: Post, people: list[dict[str, Any]], tz: Any
) -> dict[str, Any]:
    return {
        "id": shift.id, "key": shift.key, "starts_at": _local(shift.starts_at, tz),
        "ends_at": _local(shift.ends_at, tz), "min_staff": shift.min_staff, "missing": shift.missing,
        "post": {"id": post.id, "code": post.code, "name": post.name, "kind": post.kind,
                 "lon": post.lon, "lat": post.lat, "radius_m": post.radius_m},
        "people": people,
    }  # fmt: skip


def _tracks(
    session: Session, staff: dict[str, StaffMember], begin: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Each person's track points of the day, in time order, thinned for drawing."""
    points: dict[str, list[list[Any]]] = defaultdict(list)
    for chunk in session.exec(
        select(TrackChunk)
        .where(col(TrackChunk.staff_id).in_(list(staff)))
        .where(TrackChunk.started_at >= begin, TrackChunk.started_at < end)  # type: ignore[operator]
        .order_by(col(TrackChunk.started_at), col(TrackChunk.id))
    ):
        points[chunk.staff_id].extend(chunk.points)
    return [
        {"staff_id": sid, "name": staff[sid].name, "points": thin(pts, TRACK_POINTS_MAX)}
        for sid, pts in sorted(points.items())
    ]


def _hazards(
    session: Session, staff: dict[str, StaffMember], begin: datetime, end: datetime, tz: Any
) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Hazard)
        .where(col(Hazard.staff_id).in_(list(staff)))
        .where(Hazard.recorded_at >= begin, Hazard.recorded_at < end)
        .order_by(col(Hazard.recorded_at))
    ).all()
    return [_hazard_pin(h, staff[h.staff_id].name, tz) for h in rows]


def _hazard_pin(h: Hazard, staff_name: str, tz: Any) -> dict[str, Any]:
    return {
        "id": h.id, "category": h.category,
        "category_label": dict(zip(("zh", "en"), HAZARD_CATEGORIES[h.category], strict=True)),
        "status": h.status, "lon": h.lon, "lat": h.lat, "recorded_at": _local(h.recorded_at, tz),
        "staff_id": h.staff_id, "staff_name": staff_name,
    }  # fmt: skip
