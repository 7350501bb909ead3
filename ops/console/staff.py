"""人员: the township's staff, leave as a month calendar, uploads, sign-in cards, revoking a phone.

Reading goes through the services behind `GET /api/v1/staff` and `GET /api/v1/leave`; every change
(uploads, leave, cards, revoking) is the page's script calling the `/api/v1` endpoints with the
session's CSRF token, so the page is one more client of the API.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from ops.console.context import ConsoleView, current_view, render
from ops.services.leave_calendar import list_leave, month_grid
from ops.services.staff_list import list_staff

router = APIRouter(prefix="/console", include_in_schema=False)
WEEKDAYS = (("一", "Mo"), ("二", "Tu"), ("三", "We"), ("四", "Th"), ("五", "Fr"), ("六", "Sa"),
            ("日", "Su"))  # fmt: skip
UPLOADS = (("staff", "人员名单", "Staff list"), ("leave", "请假", "Leave"),
           ("shifts", "班次模板", "Shift templates"))  # fmt: skip


def chosen_month(value: str | None, today: date) -> date:
    """The first day of the month asked for (`YYYY-MM`, 2000–2100), else of this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _shift(month: date, by: int) -> str:
    index = month.year * 12 + month.month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def staff_page_data(
    *, session: Session, township_id: int, month: date, settings: Any
) -> dict[str, Any]:
    """The staff list, the month's leave and its grid, in one unit of database work."""
    staff = list_staff(session=session, township_id=township_id)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    leave = list_leave(session=session, township_id=township_id, staff_id=None, first=month,
                       last=last, settings=settings)  # fmt: skip
    grid = month_grid(month, staff["items"], leave)
    days_off = {row["staff_id"]: row["days_off"] for row in grid["rows"]}
    return {"staff": staff["items"], "leave": leave, "grid": grid, "days_off": days_off}


@router.get("/staff", response_class=HTMLResponse)
async def staff_page(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """Staff, the month's leave calendar, uploads, cards and revoking (writes: dispatchers)."""
    settings = request.app.state.settings
    today = datetime.now(UTC).astimezone(settings.tz).date()
    month = chosen_month(request.query_params.get("month"), today)
    if view.township_id is None:
        return render(request, "staff.html", view=view, section="staff", data=None)
    data = await request.app.state.database.run(
        staff_page_data, township_id=view.township_id, month=month, settings=settings
    )
    return render(
        request, "staff.html", view=view, section="staff", data=data, month=month, today=today,
        prev_month=_shift(month, -1), next_month=_shift(month, 1), weekdays=WEEKDAYS,
        uploads=UPLOADS, month_label=f"{month.year}-{month.month:02d}",
    )  # fmt: skip
