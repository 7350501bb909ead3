"""Today's duty as JSON, and a township's geometry for maps (dispatchers and supervisors)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from ops.api.deps import DatabaseDep, ReaderDep, SettingsDep
from ops.api.errors import error_responses
from ops.intake.fields import Day
from ops.services.today import today_board
from ops.services.township_map import township_in_view, township_map

router = APIRouter(prefix="/api/v1", tags=["today"])
TownshipQuery = Annotated[
    int | None,
    Query(ge=1, le=2_147_483_647, description="the township (county accounts name one)"),
]


class TodayBoard(BaseModel):
    """Every shift of a local day with each person's state, and the day's tracks and reports."""

    township: dict[str, Any]
    date: str
    as_of: str
    counts: dict[str, int]
    shifts: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    hazards: list[dict[str, Any]]
    last_event_id: str | None = None  # resume /api/v1/events from here: nothing in between is lost


class FeatureCollection(BaseModel):
    """RFC 7946 GeoJSON (WGS84 longitude, latitude)."""

    type: str
    features: list[dict[str, Any]]
    properties: dict[str, Any] | None = None


@router.get("/today", response_model=TodayBoard, responses=error_responses(401, 403, 404, 422, 503))
async def get_today(
    *,
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    principal: ReaderDep,
    township_id: TownshipQuery = None,
    day: Annotated[Day | None, Query(alias="date", description="local day (default today)")] = None,
) -> TodayBoard:
    """Shifts of the day (not started, on duty on time or late, missed, off site, finished) and who."""
    from ops.api.events import live_hub

    chosen = township_in_view(principal, township_id)
    now = datetime.now(UTC)
    last_event_id = await _tip(live_hub(request))  # before the query: nothing falls in between
    board = await database.run(
        today_board, township_id=chosen, day=day or now.astimezone(settings.tz).date(), now=now,
        settings=settings,
    )  # fmt: skip
    return TodayBoard(**board, last_event_id=last_event_id)


async def _tip(hub: Any) -> str | None:
    """The newest live event id, or None when Redis cannot say (the page then starts live)."""
    from redis.exceptions import RedisError

    try:
        return await hub.latest_id()  # type: ignore[no-any-return]
    except (RedisError, OSError, TimeoutError):
        return None


@router.get(
    "/townships/{township_id}/map",
    response_model=FeatureCollection,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def get_township_map(
    database: DatabaseDep,
    settings: SettingsDep,
    principal: ReaderDep,
    township_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
) -> FeatureCollection:
    """The township's villages (polygons) and posts (crossings with their radius), WGS84."""
    chosen = township_in_view(principal, township_id)
    found = await database.run(township_map, township_id=chosen, settings=settings)
    return FeatureCollection(**found)
