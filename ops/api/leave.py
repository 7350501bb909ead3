"""请假 in the API: leave of a person or a township over local days; add, end or delete one period.

Days are the township's local days (Asia/Shanghai by default), both ends included, as the leave
import reads them. Reading: dispatchers and supervisors in scope; changing: dispatchers only,
another township's person or leave is refused with 403.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator, BaseModel, Field, Strict

from ops.api.deps import DatabaseDep, DispatcherDep, ReaderDep, SettingsDep
from ops.api.errors import error_responses
from ops.api.staff import StaffPath
from ops.api.today import TownshipQuery
from ops.intake.fields import Day, StaffId, check_text
from ops.services.leave_calendar import add_leave, end_leave, leave_in_scope, remove_leave

router = APIRouter(prefix="/api/v1", tags=["staff"])
LeavePath = Annotated[int, Path(ge=1, le=2_147_483_647, description="the leave's id")]
DEFAULT_DAYS = 31


class LeaveItem(BaseModel):
    """One leave period: stored instants (local offset) and its first and last local day."""

    id: int
    staff_id: str
    staff_name: str
    starts_at: str
    ends_at: str
    first_day: str
    last_day: str
    reason: str


class LeaveList(BaseModel):
    """Leave touching the days asked for, by person then start."""

    township_id: int
    from_: str = Field(alias="from")
    to: str
    items: list[LeaveItem]
    total: int


class NewLeave(BaseModel):
    """Whole local days of leave for one person, both ends included."""

    from_: Day = Field(alias="from", description="first day of leave, YYYY-MM-DD")
    to: Day = Field(description="last day of leave (included), YYYY-MM-DD")
    reason: Annotated[str, Strict(), AfterValidator(check_text), Field(max_length=200)] = ""


class LeaveEnd(BaseModel):
    """A new last day for a leave (back early, or longer); its first day stays."""

    to: Day = Field(description="the new last day of leave (included), YYYY-MM-DD")


@router.get(
    "/leave",
    response_model=LeaveList,
    response_model_by_alias=True,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def get_leave(
    *, database: DatabaseDep, settings: SettingsDep, principal: ReaderDep,
    township_id: TownshipQuery = None,
    staff_id: Annotated[StaffId | None, Query(description="one person's leave")] = None,
    first: Annotated[Day | None, Query(alias="from", description="first local day (default today)")] = None,
    last: Annotated[Day | None, Query(alias="to", description="last local day, included")] = None,
) -> Any:  # fmt: skip
    """Leave of a township, or of one person, touching local days from..to (at most 400 days)."""
    from datetime import UTC, datetime

    first = first or datetime.now(UTC).astimezone(settings.tz).date()
    last = last or first + timedelta(days=DEFAULT_DAYS - 1)
    return await database.run(
        leave_in_scope, principal=principal, township_id=township_id, staff_id=staff_id,
        first=first, last=last, settings=settings,
    )  # fmt: skip


@router.post(
    "/staff/{staff_id}/leave",
    response_model=LeaveItem,
    status_code=201,
    responses={200: {"model": LeaveItem, "description": "the same period was already there"},
               **error_responses(401, 403, 404, 422, 503)},
)  # fmt: skip
async def post_leave(
    staff_id: StaffPath, body: NewLeave, database: DatabaseDep, settings: SettingsDep,
    principal: DispatcherDep,
) -> Any:  # fmt: skip
    """Add leave for one person (201); the same days again answer 200 with the stored period.

    A period overlapping another of theirs is refused (422), naming the one it overlaps.
    """
    leave, created = await database.run(
        add_leave, principal=principal, staff_id=staff_id, first=body.from_, last=body.to,
        reason=body.reason, settings=settings,
    )  # fmt: skip
    return JSONResponse(LeaveItem(**leave).model_dump(), status_code=201 if created else 200)


@router.patch(
    "/leave/{leave_id}",
    response_model=LeaveItem,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def patch_leave(
    leave_id: LeavePath, body: LeaveEnd, database: DatabaseDep, settings: SettingsDep,
    principal: DispatcherDep,
) -> LeaveItem:  # fmt: skip
    """End a leave on another day: its new last day (at or after its first day)."""
    found = await database.run(
        end_leave, principal=principal, leave_id=leave_id, last=body.to, settings=settings
    )
    return LeaveItem(**found)


@router.delete(
    "/leave/{leave_id}",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def delete_leave(
    leave_id: LeavePath, database: DatabaseDep, principal: DispatcherDep
) -> Response:
    """Remove a leave period altogether (entered by mistake, or cancelled)."""
    await database.run(remove_leave, principal=principal, leave_id=leave_id)
    return Response(status_code=204)
