"""Coverage for any period, and the weekly summaries: their list, their files, building one.

The coverage figures are those of `fieldops coverage --format json` for the same period; the map
is the same data as GeoJSON plus the cells nobody visited for 14 days or more.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from ops.api.deps import ClientDep, DatabaseDep, DispatcherDep, ReaderDep, SettingsDep
from ops.api.errors import error_responses
from ops.api.today import FeatureCollection, TownshipQuery
from ops.intake.fields import Day
from ops.services.coverage_view import coverage_figures, coverage_map
from ops.services.township_map import township_in_view
from ops.services.weekly_summaries import build_target, list_summaries, summary_file

router = APIRouter(prefix="/api/v1", tags=["coverage"])
Area = Annotated[str, Path(pattern=r"^(\d{1,10}|county)$", description="township id or county")]
Week = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W48")]
FileName = Literal["summary.html", "summary.xlsx", "summary.json", "coverage.geojson", "wechat.txt"]
FILE_TYPES = {
    "summary.html": "text/html; charset=utf-8",
    "summary.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "summary.json": "application/json",
    "coverage.geojson": "application/geo+json",
    "wechat.txt": "text/plain; charset=utf-8",
}
# summary.html is self-contained: its own inline style, no script at all.
SUMMARY_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


class CoverageFigures(BaseModel):
    """Villages (cells, ratio, km, minutes, patrols, last visit, stale cells) and posts."""

    township: str
    period: dict[str, str]
    as_of: str
    villages: list[dict[str, Any]]
    posts: list[dict[str, Any]]


class Summaries(BaseModel):
    """Weekly summaries on file, newest week first."""

    items: list[dict[str, Any]]
    total: int


class BuildRequest(BaseModel):
    """Build the summary of one past ISO week for a township (default: the caller's) or the county."""

    week: str = Field(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W48")
    township_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    county: bool = Field(default=False, description="the county's summary (county accounts)")


class BuildProgress(BaseModel):
    """Where a build stands: queued → running → done (or failed, with why)."""

    id: str
    state: str
    step: int
    steps: int
    week: str
    area: str
    message: str | None = None


def _period(first: Any, last: Any, settings: Any) -> tuple[Any, Any]:
    today = datetime.now(UTC).astimezone(settings.tz).date()
    last = last or today
    return first or last - timedelta(days=6), last


@router.get(
    "/coverage", response_model=CoverageFigures, responses=error_responses(401, 403, 404, 422, 503)
)
async def get_coverage(
    *,
    database: DatabaseDep, settings: SettingsDep, principal: ReaderDep, township_id: TownshipQuery = None,
    first: Annotated[Day | None, Query(alias="from", description="first local day (default: 7 days ago)")] = None,
    last: Annotated[Day | None, Query(alias="to", description="last local day, included (default: today)")] = None,
) -> CoverageFigures:  # fmt: skip
    """The figures of `fieldops coverage --format json` for the period."""
    chosen = township_in_view(principal, township_id)
    start, end = _period(first, last, settings)
    data = await database.run(
        coverage_figures, township_id=chosen, first=start, last=end, settings=settings
    )
    return CoverageFigures(**data)


@router.get(
    "/coverage/map",
    response_model=FeatureCollection,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def get_coverage_map(
    *,
    database: DatabaseDep, settings: SettingsDep, principal: ReaderDep, township_id: TownshipQuery = None,
    first: Annotated[Day | None, Query(alias="from", description="first local day")] = None,
    last: Annotated[Day | None, Query(alias="to", description="last local day, included")] = None,
) -> FeatureCollection:  # fmt: skip
    """Villages by ratio, covered cells by effort, crossings by fill rate, cells stale 14 days (GeoJSON)."""
    chosen = township_in_view(principal, township_id)
    start, end = _period(first, last, settings)
    found = await database.run(
        coverage_map, township_id=chosen, first=start, last=end, settings=settings
    )
    return FeatureCollection(**found)


@router.get("/reports/weekly", response_model=Summaries, responses=error_responses(401, 403, 503))
async def get_summaries(
    database: DatabaseDep, settings: SettingsDep, principal: ReaderDep
) -> Summaries:
    """The weekly summaries written so far in the caller's scope, with their files."""
    items = await database.run(list_summaries, principal=principal, settings=settings)
    return Summaries(items=items, total=len(items))


@router.get(
    "/reports/weekly/{week}/{area}/{name}",
    response_class=FileResponse,
    responses={
        200: {
            "content": {t.split(";")[0]: {} for t in FILE_TYPES.values()},
            "description": "the file",
        },
        **error_responses(401, 403, 404, 422, 503),
    },
)
async def get_summary_file(
    *,
    database: DatabaseDep, settings: SettingsDep, principal: ReaderDep, week: Week, area: Area, name: FileName
) -> FileResponse:  # fmt: skip
    """One file of a weekly summary (summary.html opens in the browser; the rest download)."""
    path = await database.run(
        summary_file, principal=principal, settings=settings, week=week, area=area, name=name
    )
    inline = name == "summary.html"
    headers = {"Cache-Control": "private, no-cache"}
    if inline:
        headers["Content-Security-Policy"] = SUMMARY_CSP
    return FileResponse(
        path, media_type=FILE_TYPES[name], headers=headers,
        content_disposition_type="inline" if inline else "attachment",
        filename=f"{week}-{area}-{name}",
    )  # fmt: skip


@router.post(
    "/reports/weekly", status_code=202, response_model=BuildProgress,
    responses=error_responses(401, 403, 404, 422, 503),
)  # fmt: skip
async def post_summary_build(
    *,
    request: Request, body: BuildRequest, database: DatabaseDep, settings: SettingsDep,
    client: ClientDep, principal: DispatcherDep,
) -> BuildProgress:  # fmt: skip
    """Build one past week's summary as a worker task (dispatchers, within their township)."""
    from ops.services.weekly_builds import read_progress, start_build

    today = datetime.now(UTC).astimezone(settings.tz).date()
    area = "county" if body.county else str(body.township_id or township_in_view(principal, None))
    township, monday = await database.run(
        build_target, principal=principal, settings=settings, week=body.week, area=area,
        today=today,
    )  # fmt: skip
    work = request.app.state.intake  # Redis and the broker, not the database
    build_id = await work.run(
        start_build, client=client, settings=settings, township=township, monday=monday,
        area=area, by=principal.name,
    )  # fmt: skip
    found = await work.run(read_progress, settings=settings, principal=principal, build_id=build_id)
    return BuildProgress(**found)


@router.get(
    "/reports/weekly/builds/{build_id}", response_model=BuildProgress,
    responses=error_responses(401, 403, 404, 422, 503),
)  # fmt: skip
async def get_summary_build(
    request: Request, settings: SettingsDep, principal: ReaderDep,
    build_id: Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$", description="the build's id")],
) -> BuildProgress:  # fmt: skip
    """Where a build stands (queued, running, done or failed)."""
    from ops.services.weekly_builds import read_progress

    found = await request.app.state.intake.run(
        read_progress, settings=settings, principal=principal, build_id=build_id
    )
    return BuildProgress(**found)
