"""Read endpoints: check-ins with their status, hazards and their photos, rejections.

Staff read their own records; office accounts those of their township (county accounts: all).
A record outside the caller's scope answers 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel

from ops.api.deps import DatabaseDep, PrincipalDep, ReaderDep, SettingsDep
from ops.api.errors import error_responses
from ops.api.ledger import LedgerFilters
from ops.errors import ForbiddenError, bilingual
from ops.intake import photos
from ops.intake.fields import Day, StaffId
from ops.intake.reads import list_checkins, list_rejections

router = APIRouter(prefix="/api/v1", tags=["read"])
READ_ERRORS = error_responses(401, 403, 422, 503)


class ItemList(BaseModel):
    """A list of records and how many."""

    items: list[dict[str, Any]]
    total: int


@router.get("/checkins", response_model=ItemList, responses=READ_ERRORS)
async def get_checkins(
    database: DatabaseDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    day: Annotated[Day, Query(alias="date", description="local day, YYYY-MM-DD")],
    staff_id: StaffId | None = None,
) -> ItemList:
    """Check-ins of a local day with their status (make-up check-ins marked 补签); staff see their own."""
    if principal.is_staff:
        if staff_id not in (None, principal.staff_id):
            raise ForbiddenError(
                bilingual("只能查看本人的记录", "staff may only read their own records")
            )
        staff_id = principal.staff_id
    items = await database.run(
        list_checkins, day=day, staff_id=staff_id, settings=settings, principal=principal
    )
    return ItemList(items=items, total=len(items))


@router.get("/hazards", response_model=ItemList, responses=error_responses(401, 403, 404, 422, 503))
async def get_hazards(
    *,
    database: DatabaseDep,
    principal: PrincipalDep,
    filters: LedgerFilters,
    order: Annotated[
        Literal["newest", "overdue"], Query(description="newest first, or overdue first")
    ] = "newest",
    limit: Annotated[int | None, Query(ge=1, le=5000, description="at most this many")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="skip this many")] = 0,
) -> ItemList:
    """Hazard reports with their state, photos and history; staff see only their own.

    Filters: state, category, village, crossing, reporter, period or local day, overdue; `total`
    counts every match (a page holds `limit` of them).
    """
    from ops.services.hazard_ledger import list_ledger

    items, total = await database.run(
        list_ledger, principal=principal, filters=filters, now=datetime.now(UTC),
        overdue_first=order == "overdue", limit=limit, offset=offset,
    )  # fmt: skip
    return ItemList(items=items, total=total)


@router.get(
    "/hazards/{hazard_id}/photos/{sha256}",
    response_class=FileResponse,
    responses={
        200: {"content": {"image/jpeg": {}, "image/png": {}}, "description": "the photo"},
        **error_responses(401, 404, 422, 503),
    },
)
async def get_photo(
    hazard_id: Annotated[UUID, Path()],
    sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")],
    database: DatabaseDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> FileResponse:
    """One photo of a report the caller may read, as the image it was checked to be."""
    found = await database.run(
        photos.find_photo, hazard_id=str(hazard_id), sha256=sha256, principal=principal,
        settings=settings,
    )  # fmt: skip
    return stored_file(found.path, found.content_type, found.sha256)


def stored_file(path: Any, content_type: str, sha256: str) -> FileResponse:
    """A stored photo or document as an inline file: never a page (sandboxed, a plain name)."""
    return FileResponse(
        path,
        media_type=content_type,
        headers={
            "Content-Disposition": f'inline; filename="{sha256[:16]}{path.suffix}"',
            "Cache-Control": "private, max-age=86400",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@router.get("/rejections", response_model=ItemList, responses=READ_ERRORS)
async def get_rejections(
    database: DatabaseDep,
    principal: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> ItemList:
    """Items a worker could never store, with the reason (dispatchers and supervisors)."""
    items = await database.run(list_rejections, limit=limit, principal=principal)
    return ItemList(items=items, total=len(items))
