"""Judge a check-in against the person's roster: on time, late, early, off site or unassigned."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from sqlmodel import Session, col, select

from ops.models import Assignment, Post, Roster, RosterShift, StaffMember, Village

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

MATCH_WINDOW = timedelta(hours=2)  # an "in" up to 2 h before the start still belongs to the shift


@dataclass(frozen=True)
class Duty:
    """One assignment in force: who, where, when."""

    assignment_id: int
    staff_id: str
    post: Post
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Verdict:
    """How a check-in was judged."""

    status: str
    assignment_id: int | None
    post_id: int | None
    note: str | None = None  # e.g. "position looks like GCJ-02 (offset 310 m)" for an off-site one


def duties_for(
    session: Session,
    staff_ids: Iterable[str] | None,
    begin: datetime,
    end: datetime,
    settings: Settings,
) -> dict[str, list[Duty]]:
    """Assignments in force for these people (None: everyone) with shifts starting in [begin, end)."""
    query = select(Assignment, RosterShift, Roster, Post)
    if staff_ids is not None:
        query = query.where(col(Assignment.staff_id).in_(list(set(staff_ids))))
    rows = session.exec(
        query.where(Assignment.roster_shift_id == RosterShift.id, Assignment.roster_id == Roster.id)
        .where(RosterShift.post_id == Post.id)
        .where(RosterShift.starts_at >= begin, RosterShift.starts_at < end)
    ).all()
    if not rows:
        return {}
    newest = _newest_versions(session, {r.township_id for _, _, r, _ in rows})
    duties: dict[str, list[Duty]] = defaultdict(list)
    for assignment, shift, roster, post in rows:
        day = shift.starts_at.astimezone(settings.tz).date()
        if newest.get((roster.township_id, day)) == roster.version:
            duties[assignment.staff_id].append(
                Duty(assignment.id or 0, assignment.staff_id, post, shift.starts_at, shift.ends_at)
            )
    return duties


def _newest_versions(session: Session, townships: set[int]) -> dict[tuple[int, Any], int]:
    """(township, local day) -> the version in force that day."""
    newest: dict[tuple[int, Any], int] = {}
    for roster in session.exec(select(Roster).where(col(Roster.township_id).in_(townships))):
        for offset in range(roster.days):
            key = (roster.township_id, roster.start_date + timedelta(days=offset))
            newest[key] = max(newest.get(key, 0), roster.version)
    return newest


class Places:
    """Village shapes (buffered in metres) cached per process, keyed by id and last change."""

    _cache: ClassVar[dict[tuple[int, datetime], Any]] = {}

    @classmethod
    def village_area(cls, session: Session, village_id: int, buffer_m: float) -> Any:
        """The village polygon grown by `buffer_m` metres (shapely, prepared)."""
        import shapely
        from shapely.geometry import shape

        from geo.crs import buffer_geometry_m

        village = session.get(Village, village_id)
        if village is None:
            return None
        key = (village_id, village.updated_at)
        if key not in cls._cache:
            area = buffer_geometry_m(shape(village.geometry), buffer_m)
            shapely.prepare(area)
            cls._cache[key] = area
        return cls._cache[key]


def judge(
    session: Session,
    *,
    kind: str,
    at: datetime,
    lon: float,
    lat: float,
    accuracy_m: float | None,
    duties: list[Duty],
    settings: Settings,
    sent_as: str = "wgs84",
) -> Verdict:
    """Classify one check-in against the person's duties (positions in WGS84)."""
    duty = _matching_duty(kind, at, duties)
    if duty is None:
        return Verdict("unassigned", None, None)

    def on_site(x: float, y: float) -> bool:
        return _on_site(
            session, post=duty.post, lon=x, lat=y, accuracy_m=accuracy_m, settings=settings
        )

    if not on_site(lon, lat):
        note = None
        if sent_as in (
            "wgs84",
            "cgcs2000",
        ):  # say so when it looks like an undeclared shifted system
            from geo.shift_check import off_site_reason

            note = off_site_reason(lon, lat, on_site)
        return Verdict("off_site", duty.assignment_id, duty.post.id, note)
    grace = timedelta(minutes=settings.checkin_grace_minutes)
    if kind == "in":
        status = "on_time" if at <= duty.starts_at + grace else "late"
    else:
        status = "early" if at < duty.ends_at - grace else "on_time"
    return Verdict(status, duty.assignment_id, duty.post.id)


def _matching_duty(kind: str, at: datetime, duties: list[Duty]) -> Duty | None:
    if kind == "in":
        fits = [d for d in duties if d.starts_at - MATCH_WINDOW <= at < d.ends_at]
        return min(fits, key=lambda d: abs(d.starts_at - at), default=None)
    fits = [d for d in duties if d.starts_at <= at < d.ends_at + MATCH_WINDOW]
    return min(fits, key=lambda d: abs(d.ends_at - at), default=None)


def _on_site(
    session: Session,
    *,
    post: Post,
    lon: float,
    lat: float,
    accuracy_m: float | None,
    settings: Settings,
) -> bool:
    """Inside the crossing's radius, or the village polygon grown by the buffer (metres)."""
    from geo.crs import geodesic_distance_m

    slack = min(
        accuracy_m or 0.0, settings.checkin_accuracy_slack_m
    )  # benefit of the doubt, capped
    if post.kind == "intersection":
        distance = float(geodesic_distance_m(post.lon, post.lat, lon, lat))
        return distance - slack <= (post.radius_m or settings.default_crossing_radius_m)
    if post.village_id is None:
        return True
    from shapely import Point

    area = Places.village_area(session, post.village_id, settings.village_buffer_m + slack)
    return area is None or bool(area.contains(Point(lon, lat)))


def staff_exists(session: Session, staff_ids: Iterable[str]) -> set[str]:
    """The subset of ids that are staff members."""
    ids = list(set(staff_ids))
    return set(session.exec(select(StaffMember.id).where(col(StaffMember.id).in_(ids))).all())
