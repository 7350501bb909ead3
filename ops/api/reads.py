"""Read endpoints: check-ins with their status, hazards, rejections."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Query

from ops.api.deps import PrincipalDep, ReaderDep, SessionDep, SettingsDep
from ops.errors import ForbiddenError, bilingual
from ops.intake import hazards
from ops.intake.reads import list_checkins, list_rejections

router = APIRouter(prefix="/api/v1", tags=["read"])


@router.get("/checkins")
def get_checkins(
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    day: date = Query(..., alias="date", description="local day, YYYY-MM-DD"),
    staff_id: str | None = None,
) -> dict[str, Any]:
    """Check-ins of a local day with their status; staff see only their own."""
    if not principal.reads_all:
        if staff_id not in (None, principal.staff_id):
            raise ForbiddenError(
                bilingual("只能查看本人的记录", "staff may only read their own records")
            )
        staff_id = principal.staff_id
    items = list_checkins(session=session, day=day, staff_id=staff_id, settings=settings)
    return {"items": items, "total": len(items)}


@router.get("/hazards")
def get_hazards(
    session: SessionDep,
    principal: PrincipalDep,
    status: str | None = Query(
        None, description="reported, dispatched, in_progress, verifying or closed"
    ),
    begin: datetime | None = Query(None, alias="from"),
    end: datetime | None = Query(None, alias="to"),
) -> dict[str, Any]:
    """Hazard reports with their state, photos and history; staff see only their own."""
    items = hazards.list_hazards(
        session=session, principal=principal, status=status, begin=begin, end=end
    )
    return {"items": items, "total": len(items)}


@router.get("/rejections")
def get_rejections(
    session: SessionDep, principal: ReaderDep, limit: int = Query(200, ge=1, le=5000)
) -> dict[str, Any]:
    """Items a worker could never store, with the reason (dispatchers and supervisors)."""
    items = list_rejections(session=session, limit=limit)
    return {"items": items, "total": len(items)}
