"""Hazard reports: storing them, the township's closed loop of states, photos by content hash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import (
    FieldOpsError,
    ForbiddenError,
    InputError,
    NotFoundError,
    Problem,
    bilingual,
)
from ops.intake.classify import Places, staff_exists
from ops.intake.store import Outcome, insert_ignoring_duplicates, reject
from ops.live.publish import announce
from ops.models import Hazard, HazardTransition, Post, StaffMember
from ops.models.base import utc_now

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

STATES = ("reported", "dispatched", "in_progress", "verifying", "closed")
TRANSITIONS = {
    ("reported", "dispatched"),
    ("dispatched", "in_progress"),
    ("in_progress", "verifying"),
    ("verifying", "closed"),
    ("verifying", "in_progress"),  # verification failed
    ("closed", "dispatched"),  # reopened
    ("reported", "closed"),  # duplicate or no action: a note is required
}
STATE_LABELS = {
    "reported": ("已上报", "reported"),
    "dispatched": ("已派发", "dispatched"),
    "in_progress": ("处置中", "in progress"),
    "verifying": ("待核查", "verifying"),
    "closed": ("已办结", "closed"),
}
DUPLICATE_RADIUS_M = 50.0
DUPLICATE_WINDOW = timedelta(hours=24)


class TransitionConflictError(FieldOpsError):
    """A state change the lifecycle does not allow (HTTP 409)."""


def store_hazards(*, session: Session, items: list[dict[str, Any]], settings: Settings) -> Outcome:
    """Store hazard reports, placing them at a crossing or village and flagging likely duplicates."""
    outcome = Outcome(received=len(items))
    known = staff_exists(session, (i["staff_id"] for i in items))
    for item in items:
        if item["staff_id"] not in known:
            reject(
                session,
                "hazard",
                item,
                f"人员“{item['staff_id']}”不存在 / staff member no longer exists",
            )
            outcome.rejected += 1
            continue
        at = datetime.fromisoformat(item["recorded_at"])
        post_id, village_id = _place(session, item, settings)
        row = {
            "id": item["id"], "staff_id": item["staff_id"], "category": item["category"], "recorded_at": at,
            "lon": item.get("lon"), "lat": item.get("lat"), "description": item.get("description", ""),
            "people_reached": item.get("people_reached", 0), "status": "reported", "post_id": post_id,
            "village_id": village_id, "possible_duplicate_of": _duplicate_of(session, item, at),
            "received_at": utc_now(), "updated_at": utc_now(), "crs": item.get("crs", "wgs84"),
            "raw_lon": item.get("raw_lon"), "raw_lat": item.get("raw_lat"),
        }  # fmt: skip
        insert_ignoring_duplicates(session, Hazard, [row])
    session.commit()
    announce(session, "hazard", [i["id"] for i in items], settings)  # live: open console pages
    return outcome


def _place(
    session: Session, item: dict[str, Any], settings: Settings
) -> tuple[int | None, int | None]:
    """The crossing whose radius holds the report, and the village that contains it."""
    if item.get("lon") is None or item.get("lat") is None:
        return None, None
    from shapely import Point

    from geo.crs import geodesic_distance_m

    person = session.get(StaffMember, item["staff_id"])
    posts = session.exec(
        select(Post).where(Post.township_id == (person.township_id if person else -1))
    ).all()
    crossing = None
    for post in posts:
        if post.kind == "intersection":
            distance = float(geodesic_distance_m(post.lon, post.lat, item["lon"], item["lat"]))
            if (
                distance <= (post.radius_m or settings.default_crossing_radius_m)
                and crossing is None
            ):
                crossing = post.id
    village = next(
        (
            p.village_id
            for p in posts
            if p.kind == "village" and p.village_id
            and Places.village_area(session, p.village_id, 0.0).contains(Point(item["lon"], item["lat"]))
        ),
        None,
    )  # fmt: skip
    return crossing, village


def _duplicate_of(session: Session, item: dict[str, Any], at: datetime) -> str | None:
    """An open report of the same category within 50 m and 24 h, if any."""
    if item.get("lon") is None or item.get("lat") is None:
        return None
    from geo.crs import geodesic_distance_m

    nearby = session.exec(
        select(Hazard)
        .where(
            Hazard.category == item["category"], Hazard.status != "closed", Hazard.id != item["id"]
        )
        .where(
            Hazard.recorded_at >= at - DUPLICATE_WINDOW, Hazard.recorded_at <= at + DUPLICATE_WINDOW
        )
        .where(col(Hazard.lon).is_not(None))
        .order_by(col(Hazard.recorded_at))
    ).all()
    for other in nearby:
        if other.lon is None or other.lat is None:
            continue
        distance = float(geodesic_distance_m(other.lon, other.lat, item["lon"], item["lat"]))
        if distance <= DUPLICATE_RADIUS_M:
            return other.id
    return None


def transition(
    *,
    session: Session,
    hazard_id: str,
    to: str,
    actor: Principal,
    assignee: str | None,
    due: datetime | None,
    note: str,
) -> Hazard:
    """Move a hazard to state `to` if the lifecycle allows it, keeping who and when."""
    hazard = session.get(Hazard, hazard_id)
    if hazard is None:
        raise NotFoundError(bilingual(f"没有隐患“{hazard_id}”", f"no hazard {hazard_id!r}"))
    if actor.township_id is not None and _township_of(session, hazard) != actor.township_id:
        raise ForbiddenError(
            bilingual("不能处理其他乡镇的隐患", "that report is in another township")
        )
    if (hazard.status, to) not in TRANSITIONS:
        allowed = sorted(b for a, b in TRANSITIONS if a == hazard.status)
        raise TransitionConflictError(
            bilingual(
                f"不能从“{STATE_LABELS[hazard.status][0]}”转为“{STATE_LABELS.get(to, (to,))[0]}”",
                f"cannot go from {hazard.status} to {to}; allowed: {', '.join(allowed)}",
            )
        )
    if hazard.status == "reported" and to == "closed" and not note.strip():
        raise InputError(
            [
                Problem(
                    hazard_id,
                    "note",
                    bilingual(
                        "直接办结须说明原因（重复或无需处置）", "closing a new report needs a note"
                    ),
                )
            ]
        )
    step = HazardTransition(
        hazard_id=hazard.id, from_status=hazard.status, to_status=to, actor=actor.name, assignee=assignee,
        due=due, note=note,
    )  # fmt: skip
    session.add(step)
    hazard.status = to
    hazard.assignee = assignee if assignee is not None else hazard.assignee
    hazard.due = due if due is not None else hazard.due
    hazard.updated_at = utc_now()
    session.add(hazard)
    session.commit()
    announce(session, "transition", [step.id or 0])  # live: open console pages
    return hazard


def _township_of(session: Session, hazard: Hazard) -> int | None:
    person = session.get(StaffMember, hazard.staff_id)
    return person.township_id if person else None


def list_hazards(
    *,
    session: Session,
    principal: Principal,
    status: str | None,
    begin: datetime | None,
    end: datetime | None,
) -> list[dict[str, Any]]:
    """Hazards visible to the caller, newest first, with photos, transitions and whether overdue.

    Staff see their own reports; office accounts those of their township (county: all). The
    ledger's filters and paging: ops.services.hazard_ledger.list_ledger.
    """
    from ops.services.hazard_ledger import HazardFilter, list_ledger

    filters = HazardFilter(status=status, begin=begin, end=end)
    found, _total = list_ledger(
        session=session, principal=principal, filters=filters, now=datetime.now(UTC)
    )
    return found
