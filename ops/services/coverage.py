"""Coverage use cases: recompute a patrol's cell effort when its track changes; read coverage.

A patrol is one person's track on one local day ("<staff id>/<YYYY-MM-DD>"). Whenever a chunk of
it arrives, the whole day's chunks are cleaned together (cleaning depends on neighbouring points)
and the patrol's rows in `cell_effort` are replaced, so reading coverage is a cheap aggregation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlmodel import Session, col, or_, select

from ops.models import CellEffort, StaffMember, TrackChunk, Village
from ops.services.rosters import local_day_bounds

if TYPE_CHECKING:
    from geo.coverage import VillageCells
    from geo.effort import EffortTable
    from ops.runtime.settings import Settings

STALE_DAYS = 14


def patrol_id(staff_id: str, day: date) -> str:
    """The id of a person's patrol on a local day."""
    return f"{staff_id}/{day.isoformat()}"


def patrols_touched(items: Iterable[dict[str, Any]], settings: Settings) -> set[tuple[str, str]]:
    """(staff id, local day) of every patrol the stored track chunks belong to."""
    touched = set()
    for item in items:
        stamps = [p[2] for p in item["points"] if p[2]]
        moment = datetime.fromisoformat(min(stamps)) if stamps else datetime.now(UTC)
        touched.add((item["staff_id"], moment.astimezone(settings.tz).date().isoformat()))
    return touched


def refresh_patrol(
    *, session: Session, staff_id: str, day: date, settings: Settings, now: datetime | None = None
) -> int:
    """Recompute one patrol's effort from all its chunks; return its number of (cell, day) records."""
    from geo.effort import track_effort
    from geo.trackpoints import TrackPoints
    from geo.tracks import clean_track

    person = session.get(StaffMember, staff_id)
    if person is None:
        return 0
    begin, end = local_day_bounds(day, 1, settings)
    chunks = session.exec(
        select(TrackChunk)
        .where(TrackChunk.staff_id == staff_id)
        .where(_recorded_between(begin, end))
        .order_by(col(TrackChunk.started_at), col(TrackChunk.id))
    ).all()
    parts = []
    for number, chunk in enumerate(chunks):
        rows = [
            (p[0], p[1], datetime.fromisoformat(p[2]) if p[2] else None, p[3]) for p in chunk.points
        ]
        points = TrackPoints.from_rows(rows)
        parts.append(
            TrackPoints.of(
                points.lon,
                points.lat,
                points.t,
                accuracy_m=points.accuracy_m,
                segment=[number] * len(points),
            )
            if chunk.source == "gpx"
            else points
        )
    pid = patrol_id(staff_id, day)
    session.execute(delete(CellEffort).where(col(CellEffort.patrol_id) == pid))
    records = 0
    if parts:
        clean = clean_track(TrackPoints.concat(parts), now=now or datetime.now(UTC))
        effort = track_effort(
            clean, pid, resolution=settings.h3_resolution, day_offset=_offset(settings, day)
        )
        session.add_all(
            CellEffort(
                patrol_id=pid,
                cell=r.cell,
                day=r.day,
                township_id=person.township_id,
                staff_id=staff_id,
                milliseconds=r.milliseconds,
                millimetres=r.millimetres,
                first_visit=r.first_visit,
                last_visit=r.last_visit,
            )
            for r in effort.records()
        )
        records = len(effort)
    session.commit()
    return records


def _recorded_between(begin: datetime, end: datetime) -> Any:
    """Chunks whose first fix falls in [begin, end); chunks without times by when they arrived."""
    started = col(TrackChunk.started_at)
    received = col(TrackChunk.received_at)
    return or_(
        (started >= begin) & (started < end),
        started.is_(None) & (received >= begin) & (received < end),
    )


def _offset(settings: Settings, day: date) -> timedelta:
    """The timezone's UTC offset on that day (local days for effort records)."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=settings.tz)
    return noon.utcoffset() or timedelta(0)


_CELLS: dict[tuple[int, datetime, int], VillageCells] = {}


def township_village_cells(
    session: Session, township_id: int, settings: Settings
) -> list[VillageCells]:
    """Each village's H3 cells (cached per process until the village changes)."""
    from geo.coverage import village_cells

    result = []
    for village in session.exec(
        select(Village).where(Village.township_id == township_id).order_by(col(Village.code))
    ):
        key = (village.id or 0, village.updated_at, settings.h3_resolution)
        if key not in _CELLS:
            _CELLS[key] = village_cells(
                village.code, village.name, village.geometry, settings.h3_resolution
            )
        result.append(_CELLS[key])
    return result


def effort_table(
    session: Session, township_ids: list[int], first_day: date, last_day: date
) -> EffortTable:
    """Stored effort of these townships' patrols on local days [first_day, last_day]."""
    from geo.effort import EffortRecord, EffortTable

    rows = session.exec(
        select(CellEffort).where(
            col(CellEffort.township_id).in_(township_ids),
            CellEffort.day >= first_day,
            CellEffort.day <= last_day,
        )
    ).all()
    return EffortTable.from_records(
        EffortRecord(
            r.cell, r.patrol_id, r.day, r.milliseconds, r.millimetres, r.first_visit, r.last_visit
        )
        for r in rows
    )


def refresh_period(
    *, session: Session, township_name: str, first: date, last: date, settings: Settings
) -> int:
    """Recompute every patrol of the township with track chunks on local days [first, last]."""
    from ops.services.townships import get_township

    township = get_township(session=session, name=township_name)
    begin, _ = local_day_bounds(first, 1, settings)
    _, end = local_day_bounds(last, 1, settings)
    chunks = session.exec(
        select(TrackChunk.staff_id, TrackChunk.started_at, TrackChunk.received_at)
        .where(TrackChunk.staff_id == StaffMember.id, StaffMember.township_id == township.id)
        .where(_recorded_between(begin, end))
    ).all()
    patrols = {
        (staff, (started or received).astimezone(settings.tz).date())
        for staff, started, received in chunks
    }
    for staff, day in sorted(patrols):
        refresh_patrol(session=session, staff_id=staff, day=day, settings=settings)
    return len(patrols)
