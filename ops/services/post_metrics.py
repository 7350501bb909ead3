"""Per post and period: shifts planned, filled, on time, late, missed, minutes present, what was found.

A shift is filled when one of its people has an on-time or late `in` check-in (at most 2 h before
its start, before its end). On time, late and missed count people on shifts; missed counts only
shifts whose start plus grace has passed. Minutes present run from that `in` to the person's last
`out` before the end plus 2 h, or to the shift's end when they never checked out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.intake.classify import MATCH_WINDOW
from ops.models import CheckIn, Hazard, Post, StaffMember
from ops.services.rosters import local_day_bounds, shifts_in_period

if TYPE_CHECKING:
    from ops.settings import Settings

PRESENT = ("on_time", "late")


def post_metrics(
    *,
    session: Session,
    township_id: int,
    first: date,
    last: date,
    as_of: datetime,
    settings: Settings,
) -> list[dict[str, Any]]:
    """One row per post of the township (crossings first), with the figures of the period."""
    days = (last - first).days + 1
    begin, end = local_day_bounds(first, days, settings)
    shifts = shifts_in_period(
        session=session, township_id=township_id, first=first, days=days, settings=settings
    )
    staff_ids = list(
        session.exec(select(StaffMember.id).where(StaffMember.township_id == township_id)).all()
    )
    checkins = session.exec(
        select(CheckIn)
        .where(col(CheckIn.staff_id).in_(staff_ids))
        .where(
            CheckIn.recorded_at >= begin - MATCH_WINDOW, CheckIn.recorded_at < end + MATCH_WINDOW
        )
        .order_by(col(CheckIn.recorded_at))
    ).all()
    by_person: dict[str, list[CheckIn]] = defaultdict(list)
    for checkin in checkins:
        by_person[checkin.staff_id].append(checkin)
    posts = session.exec(select(Post).where(Post.township_id == township_id)).all()
    rows = {p.id: _empty_row(p) for p in posts}
    grace = timedelta(minutes=settings.checkin_grace_minutes)
    for shift, post, people in shifts:
        row = rows[post.id]
        row["shifts_planned"] += 1
        filled = False
        for person in people:
            arrival, minutes = _presence(by_person[person.id], shift.starts_at, shift.ends_at)
            if arrival is not None:
                filled = True
                row[arrival.status] += 1
                row["minutes_present"] += minutes
            elif shift.starts_at + grace <= as_of:
                row["missed"] += 1
        row["shifts_filled"] += filled
    _add_hazards(session, rows, posts, begin, end)
    ordered = sorted(posts, key=lambda p: (p.kind != "intersection", p.code))
    return [_finish(rows[p.id]) for p in ordered]


def _empty_row(post: Post) -> dict[str, Any]:
    return {
        "id": post.code, "name": post.name, "kind": post.kind, "lon": post.lon, "lat": post.lat,
        "shifts_planned": 0, "shifts_filled": 0, "on_time": 0, "late": 0, "missed": 0, "minutes_present": 0.0,
        "people_reached": 0, "violations": Counter(), "hazards": 0,
    }  # fmt: skip


def _presence(rows: list[CheckIn], start: datetime, end: datetime) -> tuple[CheckIn | None, float]:
    """The person's first on-time or late `in` for the shift, and minutes present after it."""
    arrival = next(
        (
            r
            for r in rows
            if r.kind == "in"
            and r.status in PRESENT
            and start - MATCH_WINDOW <= r.recorded_at < end
        ),
        None,
    )
    if arrival is None:
        return None, 0.0
    outs = [
        r
        for r in rows
        if r.kind == "out" and arrival.recorded_at < r.recorded_at < end + MATCH_WINDOW
    ]
    leaving = outs[-1].recorded_at if outs else end
    return arrival, max(
        0.0, (leaving - max(arrival.recorded_at, start - MATCH_WINDOW)).total_seconds() / 60
    )


def _add_hazards(
    session: Session,
    rows: dict[int | None, dict[str, Any]],
    posts: Sequence[Post],
    begin: datetime,
    end: datetime,
) -> None:
    """People reached and violations by category from reports made at each post."""
    by_village = {p.village_id: p.id for p in posts if p.kind == "village" and p.village_id}
    ids = [p.id for p in posts]
    hazards = session.exec(
        select(Hazard)
        .where(Hazard.recorded_at >= begin, Hazard.recorded_at < end)
        .where(col(Hazard.post_id).in_(ids) | col(Hazard.village_id).in_(list(by_village)))
    ).all()
    for hazard in hazards:
        post_id = (
            hazard.post_id if hazard.post_id in rows else by_village.get(hazard.village_id or 0)
        )
        if post_id is None:
            continue
        row = rows[post_id]
        row["people_reached"] += hazard.people_reached
        row["violations"][hazard.category] += 1
        row["hazards"] += 1


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["minutes_present"] = round(row["minutes_present"], 1)
    row["violations"] = dict(sorted(row["violations"].items()))
    return row
