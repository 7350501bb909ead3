"""No-show sweep: assignments nobody checked in for by start plus grace are marked missed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from ops.intake.classify import MATCH_WINDOW, duties_for
from ops.models import Assignment, CheckIn

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

LOOKBACK = timedelta(days=2)
PRESENT = ("on_time", "late")


def sweep_no_shows(*, session: Session, now: datetime, settings: Settings) -> dict[str, int]:
    """Mark in-force assignments missed when no on-time or late `in` check-in exists; un-mark late arrivals."""
    grace = timedelta(minutes=settings.checkin_grace_minutes)
    duties = [
        d
        for ds in duties_for(session, None, now - LOOKBACK, now - grace, settings).values()
        for d in ds
    ]
    if not duties:
        return {"missed": 0, "attended": 0}
    checkins = session.exec(
        select(CheckIn.staff_id, CheckIn.recorded_at)
        .where(CheckIn.kind == "in", col(CheckIn.status).in_(PRESENT))
        .where(CheckIn.recorded_at >= now - LOOKBACK - MATCH_WINDOW, CheckIn.recorded_at <= now)
    ).all()
    arrivals: dict[str, list[datetime]] = {}
    for staff_id, at in checkins:
        arrivals.setdefault(staff_id, []).append(at)
    assignments = {
        a.id: a
        for a in session.exec(
            select(Assignment).where(col(Assignment.id).in_([d.assignment_id for d in duties]))
        )
    }
    counts = {"missed": 0, "attended": 0}
    for duty in duties:
        came = any(
            duty.starts_at - MATCH_WINDOW <= at < duty.ends_at
            for at in arrivals.get(duty.staff_id, [])
        )
        row = assignments[duty.assignment_id]
        status = "attended" if came else "missed"
        if row.status != status:
            counts[status] += 1
            row.status = status
            session.add(row)
    session.commit()
    return counts
