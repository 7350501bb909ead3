"""The payload of each live event, read back from what was just committed.

Every event carries the item's `id`, its `staff_id` and `township_id` (so each connection filters
to its caller's scope without the database) and what a map needs to draw it. Times are UTC ISO.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from ops.models import CheckIn, Hazard, HazardTransition, StaffMember, TrackChunk

KINDS = ("checkin", "track", "hazard", "transition")
TRACK_POINTS_MAX = 200  # points of one chunk drawn live; the page reloads the full track later


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _people(session: Session, staff_ids: Iterable[str]) -> dict[str, StaffMember]:
    wanted = sorted(set(staff_ids))
    if not wanted:
        return {}
    return {
        p.id: p for p in session.exec(select(StaffMember).where(col(StaffMember.id).in_(wanted)))
    }


def _who(person: StaffMember | None, staff_id: str) -> dict[str, Any]:
    return {
        "staff_id": staff_id,
        "staff_name": person.name if person else staff_id,
        "township_id": person.township_id if person else None,
    }


def checkin_events(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """One event per stored check-in among `ids`."""
    rows = session.exec(select(CheckIn).where(col(CheckIn.id).in_(ids))).all()
    people = _people(session, (r.staff_id for r in rows))
    return [_checkin(r, _who(people.get(r.staff_id), r.staff_id)) for r in rows]


def _checkin(r: CheckIn, who: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "checkin", "id": r.id, **who, "kind": r.kind, "status": r.status,
        "recorded_at": _iso(r.recorded_at), "lon": r.lon, "lat": r.lat, "post_id": r.post_id,
        "assignment_id": r.assignment_id, "source": r.source,
    }  # fmt: skip


def thin(points: list[list[Any]], most: int = TRACK_POINTS_MAX) -> list[list[float]]:
    """[lon, lat] of at most `most` points, evenly taken, the last one always kept."""
    pairs = [[float(p[0]), float(p[1])] for p in points]
    if len(pairs) <= most:
        return pairs
    step = len(pairs) / (most - 1)
    return [pairs[int(i * step)] for i in range(most - 1)] + [pairs[-1]]


def track_events(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """One event per stored track chunk among `ids`, with its points thinned for drawing."""
    rows = session.exec(select(TrackChunk).where(col(TrackChunk.id).in_(ids))).all()
    people = _people(session, (r.staff_id for r in rows))
    return [_track(r, _who(people.get(r.staff_id), r.staff_id)) for r in rows]


def _track(r: TrackChunk, who: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "track", "id": r.id, **who, "started_at": _iso(r.started_at),
        "ended_at": _iso(r.ended_at), "point_count": r.point_count, "points": thin(r.points),
    }  # fmt: skip


def hazard_events(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """One event per stored hazard report among `ids` (never another report's id)."""
    rows = session.exec(select(Hazard).where(col(Hazard.id).in_(ids))).all()
    people = _people(session, (r.staff_id for r in rows))
    return [_hazard(r, _who(people.get(r.staff_id), r.staff_id)) for r in rows]


def _hazard(r: Hazard, who: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "hazard", "id": r.id, **who, "category": r.category, "status": r.status,
        "recorded_at": _iso(r.recorded_at), "lon": r.lon, "lat": r.lat, "post_id": r.post_id,
        "village_id": r.village_id,
    }  # fmt: skip


def transition_events(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """One event per hazard transition among `ids`: the report's id and the step taken."""
    rows = session.exec(
        select(HazardTransition, Hazard)
        .where(HazardTransition.hazard_id == Hazard.id)
        .where(col(HazardTransition.id).in_(ids))
    ).all()
    people = _people(session, (h.staff_id for _, h in rows))
    return [_transition(t, h, _who(people.get(h.staff_id), h.staff_id)) for t, h in rows]


def _transition(t: HazardTransition, h: Hazard, who: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "transition", "id": h.id, "hazard_id": h.id, "transition_id": t.id, **who, "from": t.from_status,
        "to": t.to_status, "actor": t.actor, "assignee": t.assignee, "due": _iso(t.due),
        "at": _iso(t.at), "category": h.category,
    }  # fmt: skip


BUILDERS = {
    "checkin": checkin_events,
    "track": track_events,
    "hazard": hazard_events,
    "transition": transition_events,
}
