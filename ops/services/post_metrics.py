"""What happened on each assignment of a period, and its totals per post and per person.

A person was present for an assignment when they have an on-time or late `in` check-in at most 2 h
before the shift's start and before its end; that check-in's status says on time or late. An
assignment without one is missed once its start plus grace has passed (before then it is pending).
Minutes present run from that `in` to the person's last `out` before the end plus 2 h, or to the
shift's end when they never checked out. A shift is filled when one of its people was present.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.intake.classify import MATCH_WINDOW
from ops.models import CheckIn, Hazard, Post, RosterShift, StaffMember
from ops.services.rosters import local_day_bounds, shifts_in_period

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

PRESENT = ("on_time", "late")


@dataclass(frozen=True)
class Outcome:
    """One person on one shift: "on_time", "late", "missed" or "pending", and minutes present."""

    shift: RosterShift
    post: Post
    staff: StaffMember
    state: str
    minutes: float
    made_up: bool = False  # present by a dispatcher's make-up check-in (补签), not a phone's


def assignment_outcomes(
    *,
    session: Session,
    township_id: int,
    first: date,
    last: date,
    as_of: datetime,
    settings: Settings,
) -> tuple[list[tuple[RosterShift, Post, list[StaffMember]]], list[Outcome]]:
    """The period's shifts in force and what happened on each of their assignments."""
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
    grace = timedelta(minutes=settings.checkin_grace_minutes)
    outcomes = []
    for shift, post, people in shifts:
        for person in people:
            arrival, minutes = _presence(by_person[person.id], shift.starts_at, shift.ends_at)
            if arrival is not None:
                state = arrival.status
            else:
                state = "missed" if shift.starts_at + grace <= as_of else "pending"
            made_up = arrival is not None and arrival.source == "makeup"
            outcomes.append(Outcome(shift, post, person, state, minutes, made_up))
    return shifts, outcomes


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
    shifts, outcomes = assignment_outcomes(
        session=session,
        township_id=township_id,
        first=first,
        last=last,
        as_of=as_of,
        settings=settings,
    )
    return post_rows(
        session=session,
        township_id=township_id,
        shifts=shifts,
        outcomes=outcomes,
        first=first,
        last=last,
        settings=settings,
    )


def post_rows(
    *,
    session: Session,
    township_id: int,
    shifts: list[tuple[RosterShift, Post, list[StaffMember]]],
    outcomes: list[Outcome],
    first: date,
    last: date,
    settings: Settings,
) -> list[dict[str, Any]]:
    """Per-post totals of already computed shifts and outcomes, plus the reports made there."""
    posts = session.exec(select(Post).where(Post.township_id == township_id)).all()
    rows = {p.id: _empty_row(p) for p in posts}
    filled = {o.shift.id for o in outcomes if o.state in PRESENT}
    for shift, post, _people in shifts:
        rows[post.id]["shifts_planned"] += 1
        rows[post.id]["shifts_filled"] += shift.id in filled
    for outcome in outcomes:
        row = rows[outcome.post.id]
        if outcome.state in ("on_time", "late", "missed"):
            row[outcome.state] += 1
        row["made_up"] += outcome.made_up
        row["minutes_present"] += outcome.minutes
    begin, _ = local_day_bounds(first, 1, settings)
    _, end = local_day_bounds(last, 1, settings)
    _add_hazards(session, rows, posts, begin, end)
    ordered = sorted(posts, key=lambda p: (p.kind != "intersection", p.code))
    return [_finish(rows[p.id]) for p in ordered]


def _empty_row(post: Post) -> dict[str, Any]:
    return {
        "id": post.code, "name": post.name, "kind": post.kind, "lon": post.lon, "lat": post.lat,
        "shifts_planned": 0, "shifts_filled": 0, "on_time": 0, "late": 0, "missed": 0, "made_up": 0,
        "minutes_present": 0.0,
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
    return arrival, max(0.0, (leaving - arrival.recorded_at).total_seconds() / 60)


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
