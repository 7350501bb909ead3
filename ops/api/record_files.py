"""Files of office records (a dispute's agreement, an event's photos) and the theme-day list.

POST /api/v1/disputes/{id}/attachments      a JPEG/PNG photo or PDF agreement (dispatchers)
POST /api/v1/law-events/{id}/attachments    a JPEG/PNG photo of the event (dispatchers)
GET  .../attachments/{sha256}               the file, for whoever may read the record
GET  /api/v1/themes                         the township's theme days (office accounts)
POST /api/v1/themes                         add a theme day to the township's list (dispatchers)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from ops.api.deps import DatabaseDep, DispatcherDep, PrincipalDep, SettingsDep
from ops.api.errors import error_responses
from ops.api.reads import stored_file
from ops.api.records import RecordId
from ops.errors import ForbiddenError, bilingual
from ops.identity.auth import Principal
from ops.intake.fields import QueryRowId, RowId, _Text
from ops.records import files, themes
from ops.services.township_map import township_in_view

router = APIRouter(prefix="/api/v1", tags=["records"])
Sha256 = Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="the file's SHA-256")]
ThemeName = Annotated[_Text, Field(min_length=1, max_length=64)]
# one file, checked by its content: a JPEG/PNG photo or a PDF (agreements), at most 10 MB
Upload = Annotated[
    UploadFile, File(description="one JPEG or PNG photo (a dispute: or a PDF), at most 10 MB")
]


class FileAnswer(BaseModel):
    """A stored file of a record."""

    record_id: str
    sha256: str
    content_type: str
    size: int


def _declare_files(kind: str, path: str, what: str) -> None:
    async def upload(
        record_id: RecordId,
        database: DatabaseDep,
        settings: SettingsDep,
        principal: DispatcherDep,
        file: Upload,
    ) -> FileAnswer:
        data = await file.read()
        stored = await database.run(
            files.save_record_file, kind=kind, record_id=record_id, data=data, by=principal,
            settings=settings,
        )  # fmt: skip
        return FileAnswer(
            record_id=record_id, sha256=stored.sha256, content_type=stored.content_type,
            size=stored.size,
        )  # fmt: skip

    async def download(
        record_id: RecordId,
        sha256: Sha256,
        database: DatabaseDep,
        settings: SettingsDep,
        principal: PrincipalDep,
    ) -> FileResponse:
        found = await database.run(
            files.find_record_file, kind=kind, record_id=record_id, sha256=sha256,
            principal=principal, settings=settings,
        )  # fmt: skip
        return stored_file(found.path, found.content_type, found.sha256)

    upload.__doc__ = f"Attach {what} to a record of the township (dispatchers), stored once."
    upload.__name__ = f"post_{kind}_attachment"
    download.__doc__ = f"One file of a {kind} record the caller may read."
    download.__name__ = f"get_{kind}_attachment"
    router.post(
        f"{path}/{{record_id}}/attachments", status_code=201, response_model=FileAnswer,
        responses=error_responses(401, 403, 404, 413, 422, 503),
    )(upload)  # fmt: skip
    router.get(
        f"{path}/{{record_id}}/attachments/{{sha256}}", response_class=FileResponse,
        responses={200: {"content": {t: {} for t in files.ACCEPTS[kind][1]}, "description": "the file"},
                   **error_responses(401, 404, 422, 503)},
    )(download)  # fmt: skip


_declare_files("dispute", "/disputes", "the agreement (a JPEG or PNG photo, or a PDF)")
_declare_files("event", "/law-events", "a JPEG or PNG photo of the event")


class ThemeList(BaseModel):
    """A township's theme days: the built-in list, then those its office added."""

    township_id: int
    themes: list[str]


class NewTheme(BaseModel):
    """A theme day to add to a township's list."""

    township_id: RowId
    name: ThemeName


def _township(principal: Principal, township_id: int | None) -> int:
    if not principal.reads_all:
        raise ForbiddenError(bilingual("仅调度员和督导可查看", "dispatchers and supervisors only"))
    return township_in_view(principal, township_id)


@router.get("/themes", response_model=ThemeList, responses=error_responses(401, 403, 404, 422, 503))
async def get_themes(
    database: DatabaseDep,
    principal: PrincipalDep,
    township_id: Annotated[
        QueryRowId | None, Query(description="county accounts: the township")
    ] = None,
) -> ThemeList:
    """The theme days events of a township may be held for (office accounts)."""
    town = _township(principal, township_id)
    names = await database.run(themes.themes_for, township_id=town)
    return ThemeList(township_id=town, themes=names)


@router.post("/themes", status_code=201, response_model=ThemeList,
             responses=error_responses(401, 403, 404, 422, 503))  # fmt: skip
async def post_theme(body: NewTheme, database: DatabaseDep, principal: DispatcherDep) -> ThemeList:
    """Add a theme day (e.g. a local festival) to the township's list (dispatchers); once."""
    if not principal.sees_township(body.township_id):
        raise ForbiddenError(bilingual("只能修改本乡镇的列表", "only your own township's list"))
    names = await database.run(themes.add_theme, township_id=body.township_id, name=body.name)
    return ThemeList(township_id=body.township_id, themes=names)
