"""The hazard ledger's API: the list's filters, one report, and the filtered ledger as xlsx.

`GET /api/v1/hazards` (ops.api.reads) takes the same filters as the export, through
`ledger_filters`, so the page, the list and the workbook always agree.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel

from ops.api.deps import DatabaseDep, PrincipalDep, ReaderDep, SettingsDep
from ops.api.errors import error_responses
from ops.errors import NotFoundError, bilingual
from ops.intake.fields import Day, OfficeTime, StaffId
from ops.intake.schemas import HazardCategory
from ops.services.hazard_ledger import HazardFilter, hazard_detail

router = APIRouter(prefix="/api/v1", tags=["read"])
HazardState = Literal["reported", "dispatched", "in_progress", "verifying", "closed"]
RowRef = Annotated[int | None, Query(ge=1, le=2_147_483_647)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def ledger_filters(
    *,
    principal: PrincipalDep,
    settings: SettingsDep,
    status: Annotated[HazardState | None, Query(description="a lifecycle state")] = None,
    category: Annotated[HazardCategory | None, Query(description="a report category")] = None,
    village_id: Annotated[RowRef, Query(description="reports placed in this village")] = None,
    post_id: Annotated[RowRef, Query(description="reports placed at this crossing")] = None,
    staff_id: Annotated[StaffId | None, Query(description="the reporter")] = None,
    begin: Annotated[
        OfficeTime | None, Query(alias="from", description="ISO time with offset")
    ] = None,
    end: Annotated[OfficeTime | None, Query(alias="to", description="ISO time with offset")] = None,
    day: Annotated[Day | None, Query(alias="date", description="one local day")] = None,
    overdue: Annotated[bool | None, Query(description="past its due date and not closed")] = None,
    township_id: Annotated[RowRef, Query(description="county accounts: one township")] = None,
) -> HazardFilter:
    """The ledger's filters from the query string (an out-of-scope township is 404)."""
    from ops.services.rosters import local_day_bounds

    if township_id is not None and not principal.sees_township(township_id):
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    if day is not None:
        first, last = local_day_bounds(day, 1, settings)
        begin, end = max(begin or first, first), min(end or last, last)
    return HazardFilter(
        status=status, category=category, village_id=village_id, post_id=post_id,
        staff_id=staff_id, begin=begin, end=end, overdue=overdue, township_id=township_id,
    )  # fmt: skip


LedgerFilters = Annotated[HazardFilter, Depends(ledger_filters)]


class HazardDetail(BaseModel):
    """One report: its place, photos, history, the report it may duplicate, the moves allowed now."""

    id: str
    staff_id: str
    staff_name: str
    category: str
    category_label: dict[str, str]
    recorded_at: str
    lon: float | None
    lat: float | None
    located: bool
    description: str
    people_reached: int
    status: str
    assignee: str | None
    due: str | None
    overdue: bool
    possible_duplicate_of: str | None
    post_id: int | None
    village_id: int | None
    place: str | None
    photos: list[dict[str, Any]]
    transitions: list[dict[str, Any]]
    moves: list[str]
    duplicate: dict[str, Any] | None


@router.get(
    "/hazards/export.xlsx",
    response_class=Response,
    responses={
        200: {"content": {XLSX: {}}, "description": "the filtered ledger as a workbook"},
        **error_responses(401, 403, 404, 422, 503),
    },
)
async def get_ledger_xlsx(
    database: DatabaseDep, settings: SettingsDep, principal: ReaderDep, filters: LedgerFilters
) -> Response:
    """The ledger with the list's filters as xlsx, overdue first (a township ledger's columns).

    Columns: 编号, 类别, 地点, 上报人, 上报时间, 状态, 责任人, 期限, 办结时间, 处理情况.
    """
    from ops.reports.ledger_xlsx import ledger_workbook

    data = await database.run(
        ledger_workbook, principal=principal, filters=filters, settings=settings,
        now=datetime.now(UTC),
    )  # fmt: skip
    stamp = datetime.now(settings.tz).strftime("%Y%m%d")
    return Response(
        data,
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="hazards-{stamp}.xlsx"; '
            f"filename*=UTF-8''%E9%9A%90%E6%82%A3%E5%8F%B0%E8%B4%A6-{stamp}.xlsx",
            "Cache-Control": "no-store",
        },
    )


UUID_TEXT = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


@router.get(
    "/hazards/{hazard_id}",
    response_model=HazardDetail,
    responses=error_responses(401, 404, 422, 503),
)
async def get_hazard(
    hazard_id: Annotated[str, Path(max_length=100, description="the report's id (a UUID)")],
    database: DatabaseDep,
    principal: PrincipalDep,
) -> HazardDetail:
    """One report in the caller's scope with photos, history and a possible duplicate; else 404.

    Any id that is no UUID names no report: 404, like an id nobody used.
    """
    if not re.fullmatch(UUID_TEXT, hazard_id):
        raise NotFoundError(bilingual(f"没有隐患“{hazard_id}”", f"no hazard {hazard_id!r}"))
    found = await database.run(
        hazard_detail, principal=principal, hazard_id=str(UUID(hazard_id)), now=datetime.now(UTC)
    )
    return HazardDetail(**found)
