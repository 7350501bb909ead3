"""The roster board's API: a township's ISO week, its versions, hand edits, sick-call repairs,
publishing, generating (the `fieldops roster generate` task, with progress) and the files.

Reads: dispatchers and supervisors of the township (another township's: 404). Writes: its
dispatchers (another township's: 403). Every write names the version the caller saw; a save on a
version no longer in force is 409.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ops.api.deps import ClientDep, DatabaseDep, DispatcherDep, ReaderDep, SettingsDep
from ops.api.errors import error_responses
from ops.api.roster_models import (
    ChangeIn,
    EditRequest,
    PublishRequest,
    RepairPreview,
    RepairRequest,
    RepairSaved,
    RosterBoard,
    RosterJob,
    RosterVersion,
    Versions,
)
from ops.errors import ForbiddenError, NotFoundError, bilingual
from ops.identity.auth import Principal
from ops.services import roster_board, roster_edits

router = APIRouter(prefix="/api/v1", tags=["rosters"])
TownshipId = Annotated[int, Path(ge=1, le=2_147_483_647, description="the township's id")]
Week = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W49")]
READ = error_responses(401, 403, 404, 422, 503)
WRITE = error_responses(401, 403, 404, 409, 422, 503)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPAIR_TIME_LIMIT_S = 10.0


def _dumped(changes: list[ChangeIn] | None) -> list[dict[str, Any]] | None:
    return None if changes is None else [c.model_dump() for c in changes]


def _readable(principal: Principal, township_id: int) -> int:
    if not principal.sees_township(township_id):
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    return township_id


def _writable(principal: Principal, township_id: int) -> int:
    if not principal.sees_township(township_id):
        raise ForbiddenError(bilingual("只能修改本乡镇的排班", "only your own township's roster"))
    return township_id


@router.get("/rosters/jobs/{job_id}", response_model=RosterJob, responses=READ)
async def get_roster_job(
    request: Request, settings: SettingsDep, principal: ReaderDep,
    job_id: Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$", description="the job's id")],
) -> RosterJob:  # fmt: skip
    """Where a generate job stands."""
    from ops.services.roster_jobs import read_job

    found = await request.app.state.intake.run(
        read_job, settings=settings, principal=principal, job_id=job_id
    )
    return RosterJob(**found)


@router.get("/rosters/{township_id}/{week}", response_model=RosterBoard, responses=READ)
async def get_roster_board(
    township_id: TownshipId, week: Week, database: DatabaseDep, settings: SettingsDep,
    principal: ReaderDep,
) -> RosterBoard:  # fmt: skip
    """The week's board: each day as the roster version in force that day (`fieldops roster show`)."""
    today = datetime.now(UTC).astimezone(settings.tz).date()
    found = await database.run(
        roster_board.board, township_id=_readable(principal, township_id), week=week,
        settings=settings, today=today,
    )  # fmt: skip
    return RosterBoard(**found)


@router.get("/rosters/{township_id}/{week}/versions", response_model=Versions, responses=READ)
async def get_roster_versions(
    township_id: TownshipId, week: Week, database: DatabaseDep, principal: ReaderDep
) -> Versions:
    """Every stored version whose days meet the week (none is ever replaced), newest first."""
    items = await database.run(
        roster_board.versions, township_id=_readable(principal, township_id), week=week
    )
    return Versions(items=[RosterVersion(**v) for v in items])


@router.post(
    "/rosters/{township_id}/{week}/edits", status_code=201, response_model=RosterVersion,
    responses=WRITE,
)  # fmt: skip
async def post_roster_edit(
    *, township_id: TownshipId, week: Week, body: EditRequest, database: DatabaseDep,
    settings: SettingsDep, principal: DispatcherDep,
) -> RosterVersion:  # fmt: skip
    """Put a person on a shift or take them off; checked by every hard rule, saved as a new version.

    A change breaking a rule is 422 naming the rule; a stale `version` is 409.
    """
    roster_board.week_monday(week)
    found = await database.run(
        roster_edits.edit_roster, township_id=_writable(principal, township_id),
        version=body.version, shift=body.shift, staff_id=body.staff_id, action=body.action,
        settings=settings, by=principal.name,
    )  # fmt: skip
    return RosterVersion(**found)


@router.post(
    "/rosters/{township_id}/{week}/repair/preview", response_model=RepairPreview, responses=WRITE
)
async def post_repair_preview(
    *, township_id: TownshipId, week: Week, body: RepairRequest, database: DatabaseDep,
    settings: SettingsDep, principal: DispatcherDep,
) -> RepairPreview:  # fmt: skip
    """What `fieldops roster repair` would change for this sick call; nothing is stored."""
    roster_board.week_monday(week)
    found = await database.run(
        roster_edits.preview_repair, township_id=_writable(principal, township_id),
        version=body.version, staff_id=body.staff_id, from_time=body.from_time,
        settings=settings, time_limit=REPAIR_TIME_LIMIT_S,
    )  # fmt: skip
    return RepairPreview(**found)


@router.post(
    "/rosters/{township_id}/{week}/repair", status_code=201, response_model=RepairSaved,
    responses=WRITE,
)  # fmt: skip
async def post_repair(
    *, township_id: TownshipId, week: Week, body: RepairRequest, database: DatabaseDep,
    settings: SettingsDep, principal: DispatcherDep,
) -> RepairSaved:  # fmt: skip
    """Store the sick call's repair as a new version (and the absence as leave)."""
    roster_board.week_monday(week)
    found = await database.run(
        roster_edits.apply_repair, township_id=_writable(principal, township_id),
        version=body.version, staff_id=body.staff_id, from_time=body.from_time,
        settings=settings, time_limit=REPAIR_TIME_LIMIT_S, expected=_dumped(body.changes),
        by=principal.name,
    )  # fmt: skip
    return RepairSaved(**found)


@router.post("/rosters/{township_id}/{week}/publish", response_model=RosterVersion, responses=WRITE)
async def post_publish(
    township_id: TownshipId, week: Week, body: PublishRequest, database: DatabaseDep,
    principal: DispatcherDep,
) -> RosterVersion:  # fmt: skip
    """Mark a version as published (earlier published versions are kept as they were)."""
    roster_board.week_monday(week)
    found = await database.run(
        roster_edits.publish_roster, township_id=_writable(principal, township_id),
        version=body.version, by=principal.name,
    )  # fmt: skip
    return RosterVersion(**found)


@router.post(
    "/rosters/{township_id}/{week}/generate", status_code=202, response_model=RosterJob,
    responses=WRITE,
)  # fmt: skip
async def post_generate(
    *, request: Request, township_id: TownshipId, week: Week, database: DatabaseDep,
    settings: SettingsDep, client: ClientDep, principal: DispatcherDep,
) -> RosterJob:  # fmt: skip
    """Generate the week as a new version by the `fieldops roster generate` worker task."""
    from ops.services.roster_jobs import read_job, start_generate

    monday = roster_board.week_monday(week)
    township = await database.run(
        roster_board.township_named, township_id=_writable(principal, township_id)
    )
    work = request.app.state.intake  # Redis and the broker, not the database
    job_id = await work.run(
        start_generate, client=client, settings=settings, township_id=township_id,
        township=township.name, start=monday, days=7, by=principal.name,
    )  # fmt: skip
    found = await work.run(read_job, settings=settings, principal=principal, job_id=job_id)
    return RosterJob(**found)


FILES = {
    "wechat.txt": "text/plain; charset=utf-8",
    "roster.xlsx": XLSX,
    "roster.ics": "text/calendar; charset=utf-8",
}


@router.get(
    "/rosters/{township_id}/{week}/files/{name}",
    response_class=Response,
    responses={
        200: {"content": {t.split(";")[0]: {} for t in FILES.values()}, "description": "the file"},
        **READ,
    },
)
async def get_roster_file(
    *, township_id: TownshipId, week: Week, name: Literal["wechat.txt", "roster.xlsx", "roster.ics"],
    database: DatabaseDep, settings: SettingsDep, principal: ReaderDep, lang: Literal["zh", "en"] = "zh",
) -> Response:  # fmt: skip
    """The week as WeChat text, an xlsx (a sheet a day) or an .ics calendar, as `roster show` makes them."""
    from ops.reports import roster_formats as formats

    days = await database.run(
        roster_board.week_days, township_id=_readable(principal, township_id), week=week,
        settings=settings,
    )  # fmt: skip
    tz = settings.tz
    data: str | bytes
    if name == "wechat.txt":
        data = formats.render_week_wechat(days, tz, lang)
    elif name == "roster.xlsx":
        data = formats.render_days_xlsx(days, tz, lang)
    else:
        data = formats.render_ics(days, tz, lang=lang)
    disposition = "inline" if name == "wechat.txt" else "attachment"
    return Response(
        data, media_type=FILES[name],
        headers={"Content-Disposition": f'{disposition}; filename="{week}-{name}"', "Cache-Control": "no-store"},
    )  # fmt: skip
