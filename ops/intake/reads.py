"""Queries behind the read endpoints."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.models import CheckIn, Rejection, StaffMember

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings


def list_checkins(
    *,
    session: Session,
    day: date,
    staff_id: str | None,
    settings: Settings,
    principal: Principal | None = None,
) -> list[dict[str, Any]]:
    """Check-ins recorded on local `day` (optionally one person's) in the caller's scope, oldest first."""
    from ops.services.rosters import local_day_bounds

    begin, end = local_day_bounds(day, 1, settings)
    query = select(CheckIn).where(CheckIn.recorded_at >= begin, CheckIn.recorded_at < end)
    if staff_id:
        query = query.where(CheckIn.staff_id == staff_id)
    if principal is not None and principal.township_id is not None:
        query = query.where(CheckIn.staff_id == StaffMember.id).where(
            StaffMember.township_id == principal.township_id
        )
    rows = session.exec(query.order_by(col(CheckIn.recorded_at), col(CheckIn.id))).all()
    return [
        {
            "id": c.id,
            "staff_id": c.staff_id,
            "kind": c.kind,
            "recorded_at": c.recorded_at.astimezone(settings.tz).isoformat(),
            "lon": c.lon,
            "lat": c.lat,
            "accuracy_m": c.accuracy_m,
            "post_id": c.post_id,
            "assignment_id": c.assignment_id,
            "status": c.status,
            "source": c.source,
            "made_up_by": c.made_up_by,
            "makeup_reason": c.makeup_reason,
            "crs": c.crs,
            "raw_lon": c.raw_lon,
            "raw_lat": c.raw_lat,
            "note": c.note,
        }
        for c in rows
    ]


def list_rejections(
    *, session: Session, limit: int, principal: Principal | None = None
) -> list[dict[str, Any]]:
    """Newest rejections first, in the caller's scope (a township sees its own people's)."""
    query = select(Rejection)
    if principal is not None and principal.township_id is not None:
        query = query.where(Rejection.staff_id == StaffMember.id).where(
            StaffMember.township_id == principal.township_id
        )
    rows = session.exec(
        query.order_by(col(Rejection.created_at).desc(), col(Rejection.id)).limit(limit)
    ).all()
    return [
        {
            "kind": r.kind,
            "item_id": r.item_id,
            "staff_id": r.staff_id,
            "reason": r.reason,
            "payload": r.payload,
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]
