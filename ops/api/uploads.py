"""Uploading the staff, leave or shift file (.xlsx or .csv) from the browser: `fieldops import`.

The same all-or-nothing importers as the CLI (ops.services.uploads): a file with any bad row is
answered 422 with every problem in `errors[]` (record = the row, field = the column) and nothing is
written. Bodies are capped at 11 MB (413); a file past FIELDOPS_MAX_IMPORT_MB is 422. Dispatchers
only, for their own township (county accounts name one; another township is 403).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from ops.api.deps import DatabaseDep, DispatcherDep, SettingsDep
from ops.api.errors import error_responses
from ops.api.staff import TownshipPath
from ops.services.staff_list import township_for_write
from ops.services.uploads import import_upload

router = APIRouter(prefix="/api/v1", tags=["staff"])
UploadDep = Annotated[
    UploadFile, File(description="the sheet: .xlsx, or .csv in UTF-8 or GBK (Excel, WPS)")
]
UPLOAD_ERRORS = error_responses(401, 403, 404, 413, 422, 503)


class ImportAnswer(BaseModel):
    """What the import did (it is the CLI's report): counts per outcome and any warnings."""

    kind: str
    file: str
    what: str
    township: str
    created: int
    updated: int
    unchanged: int
    warnings: list[str]
    summary: str


async def _run(
    *, kind: str, file: UploadFile, township_id: int, database: Any, settings: Any,
    principal: Any,
) -> ImportAnswer:  # fmt: skip
    chosen = township_for_write(principal, township_id)
    data = await file.read()
    report = await database.run(
        import_upload, kind=kind, township_id=chosen, filename=file.filename, data=data,
        settings=settings,
    )  # fmt: skip
    return ImportAnswer(**report)


@router.post(
    "/townships/{township_id}/staff/upload", response_model=ImportAnswer, responses=UPLOAD_ERRORS
)
async def upload_staff(
    township_id: TownshipPath, file: UploadDep, database: DatabaseDep, settings: SettingsDep,
    principal: DispatcherDep,
) -> ImportAnswer:  # fmt: skip
    """The staff list (编号 姓名 电话 角色 所属村 每周最多班次 …), upserted by id, all or nothing."""
    return await _run(kind="staff", file=file, township_id=township_id, database=database,
                      settings=settings, principal=principal)  # fmt: skip


@router.post(
    "/townships/{township_id}/leave/upload", response_model=ImportAnswer, responses=UPLOAD_ERRORS
)
async def upload_leave(
    township_id: TownshipPath, file: UploadDep, database: DatabaseDep, settings: SettingsDep,
    principal: DispatcherDep,
) -> ImportAnswer:  # fmt: skip
    """Leave (编号 开始 结束 原因), dates or local date-times, all or nothing."""
    return await _run(kind="leave", file=file, township_id=township_id, database=database,
                      settings=settings, principal=principal)  # fmt: skip


@router.post(
    "/townships/{township_id}/shifts/upload", response_model=ImportAnswer, responses=UPLOAD_ERRORS
)
async def upload_shifts(
    township_id: TownshipPath, file: UploadDep, database: DatabaseDep, settings: SettingsDep,
    principal: DispatcherDep,
) -> ImportAnswer:  # fmt: skip
    """Shift templates (岗位 星期 开始 结束 最少人数 …), upserted by post and times, all or nothing."""
    return await _run(kind="shifts", file=file, township_id=township_id, database=database,
                      settings=settings, principal=principal)  # fmt: skip
