"""覆盖与周报: coverage of any period on a map (from /api/v1/coverage/map) and the weekly summaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ops.console.context import ConsoleView, current_view, render
from ops.console.today import map_attrs

router = APIRouter(prefix="/console", include_in_schema=False)
WEEKS_OFFERED = 12  # past weeks the build form offers


def _day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@router.get("/coverage", response_class=HTMLResponse)
async def coverage_page(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """Villages by coverage ratio, cells by effort, stale cells and crossings for a period."""
    settings = request.app.state.settings
    today = datetime.now(UTC).astimezone(settings.tz).date()
    last = _day(request.query_params.get("to"), today)
    first = min(_day(request.query_params.get("from"), last - timedelta(days=6)), last)
    return render(
        request, "coverage.html", view=view, section="coverage", first=first.isoformat(),
        last=last.isoformat(), map=map_attrs(settings), tab="map",
    )  # fmt: skip


@router.get("/coverage/weekly", response_class=HTMLResponse)
async def weekly_page(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """The weekly summaries written so far (open, xlsx, WeChat text) and building a past one."""
    from ops.reports.weekly import week_label
    from ops.services.weekly_summaries import list_summaries

    settings = request.app.state.settings
    principal = view.session.principal
    items = await request.app.state.database.run(
        list_summaries, principal=principal, settings=settings
    )
    if view.township_id is not None and principal.township_id is None:
        items = [i for i in items if i["area"] in (str(view.township_id), "county")]
    today = datetime.now(UTC).astimezone(settings.tz).date()
    monday = today - timedelta(days=today.weekday())
    weeks = [week_label(monday - timedelta(weeks=n)) for n in range(1, WEEKS_OFFERED + 1)]
    return render(
        request, "weekly.html", view=view, section="coverage", items=items, weeks=weeks,
        county=principal.township_id is None, tab="weekly",
    )  # fmt: skip
