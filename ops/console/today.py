"""今日值守: today's map and list of the township in view (the data comes from /api/v1/today)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ops.console.context import ConsoleView, current_view, render

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

router = APIRouter(prefix="/console", include_in_schema=False)


def map_attrs(settings: Settings) -> dict[str, str]:
    """The base-layer settings a page's map element carries (empty: no base layer, no request out)."""
    return {
        "tiles": settings.tile_url or "",
        "tile_crs": settings.tile_crs if settings.tile_url else "wgs84",
        "tile_subdomains": settings.tile_subdomains,
        "tile_attribution": settings.tile_attribution,
    }


@router.get("/today", response_class=HTMLResponse)
async def today_page(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """Today's shifts, tracks and reports on a map, with the list of people (live)."""
    settings = request.app.state.settings
    day = datetime.now(UTC).astimezone(settings.tz).date()
    return render(
        request, "today.html", view=view, section="today", day=day.isoformat(),
        map=map_attrs(settings), tz=settings.timezone,
    )  # fmt: skip
