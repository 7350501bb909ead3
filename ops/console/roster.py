"""排班: the roster board (a township's week, from the same service as GET /api/v1/rosters/...),
and its print view (A4 landscape, one page per week). Every change the page makes is an
/api/v1/rosters call from static/roster.js."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ops.console.context import ConsoleView, current_view, render
from ops.errors import InputError

router = APIRouter(prefix="/console", include_in_schema=False)


async def _board(request: Request, view: ConsoleView) -> dict[str, Any] | None:
    """The board of the township in view for ?week= (default this week; a bad week: this week)."""
    from ops.services.roster_board import board, week_label

    settings = request.app.state.settings
    today = datetime.now(UTC).astimezone(settings.tz).date()
    if view.township_id is None:
        return None
    this_week = week_label(today - timedelta(days=today.weekday()))
    week = request.query_params.get("week") or this_week
    try:
        found: dict[str, Any] = await request.app.state.database.run(
            board, township_id=view.township_id, week=week, settings=settings, today=today
        )
    except InputError:
        found = await request.app.state.database.run(
            board, township_id=view.township_id, week=this_week, settings=settings, today=today
        )
    return found


@router.get("/roster", response_class=HTMLResponse)
async def roster_page(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """The week grid: posts × days with names, unfilled in red with why, load and leave beside it."""
    found = await _board(request, view)
    return render(request, "roster.html", view=view, section="roster", board=found)


@router.get("/roster/print", response_class=HTMLResponse)
async def roster_print(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """The week on one A4 landscape page for the notice board (the browser prints it)."""
    found = await _board(request, view)
    return render(request, "roster_print.html", view=view, section="roster", board=found)
