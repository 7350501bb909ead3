"""The weekly summaries on disk, for the console: which exist, their files, and building one.

Summaries live where `fieldops report weekly` (with --out there), the scheduler's Monday job and
the console's builds write them: `$FIELDOPS_DATA_DIR/reports/<ISO week>/<township name>/`, and
`county/` for the county. A township's accounts see their township's; county accounts all.

A build runs as the Celery task `fieldops.report.weekly_build`; its progress is a small Redis hash
(`queued` → `running` → `done` or `failed`), kept a day.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from ops.errors import ForbiddenError, InputError, NotFoundError, Problem, bilingual
from ops.intake.fields import INT32_MAX
from ops.models import Township
from ops.reports.weekly_files import FILES

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

WEEK = re.compile(r"^\d{4}-W\d{2}$")
COUNTY = "county"
PROGRESS_TTL_S = 86_400
STEPS = ("queued", "running", "done")


def reports_root(settings: Settings) -> Path:
    """Where weekly summaries are written."""
    return settings.data_dir.expanduser() / "reports"


def _township(session: Session, area: str) -> Township | None:
    """The township an area names by id; None when no row can have that id (PostgreSQL's INTEGER)."""
    if not area.isdecimal() or int(area) > INT32_MAX:
        return None
    return session.get(Township, int(area))


def _townships(session: Session) -> dict[str, int]:
    return {t.name: t.id or 0 for t in session.exec(select(Township))}


def list_summaries(
    *, session: Session, principal: Principal, settings: Settings
) -> list[dict[str, Any]]:
    """Every summary folder in the caller's scope, newest week first."""
    root = reports_root(settings)
    ids = _townships(session)
    found = []
    for folder in sorted(root.glob("*/*"), reverse=True) if root.is_dir() else []:
        week, name = folder.parent.name, folder.name
        if not WEEK.match(week) or not (folder / "summary.html").is_file():
            continue
        area = COUNTY if name == COUNTY else ids.get(name)
        if area is None or not _may_read(principal, area):
            continue
        files = [f for f in FILES if (folder / f).is_file()]
        written = datetime.fromtimestamp((folder / "summary.html").stat().st_mtime, UTC)
        found.append(
            {
                "week": week,
                "area": str(area),
                "township": name if area != COUNTY else None,
                "files": files,
                "written_at": written.astimezone(settings.tz).isoformat(),
            }
        )
    found.sort(key=lambda item: (item["week"], item["area"] != COUNTY), reverse=True)
    return found


def _may_read(principal: Principal, area: int | str) -> bool:
    if principal.is_staff:
        return False
    if area == COUNTY:
        return principal.township_id is None
    return principal.sees_township(int(area))


def summary_file(
    *, session: Session, principal: Principal, settings: Settings, week: str, area: str, name: str
) -> Path:
    """The path of one file of one summary in the caller's scope; 404 otherwise."""
    missing = NotFoundError(bilingual("没有这份周报", "no such weekly summary"))
    if name not in FILES or not WEEK.match(week):
        raise missing
    if area == COUNTY:
        folder_name = COUNTY
    else:
        township = _township(session, area)
        if township is None:
            raise missing
        folder_name = township.name
    if not _may_read(principal, area if area == COUNTY else int(area)):
        raise missing
    path = reports_root(settings) / week / folder_name / name
    if not path.is_file():
        raise missing
    return path


def build_target(
    *, session: Session, principal: Principal, settings: Settings, week: str, area: str,
    today: date,
) -> tuple[str | None, date]:  # fmt: skip
    """The township name (None: the county) and Monday of a past week a dispatcher may build."""
    from ops.reports.weekly import parse_week

    try:
        monday = parse_week(week)
    except InputError:
        message = bilingual(
            "周应写作 2026-W48，且须为实际存在的周", "weeks are written like 2026-W48"
        )
        raise InputError([Problem("body", "week", message)]) from None
    if monday > today or (today - monday).days < 7:
        message = bilingual("只能生成已经过去的周", "only a week that has ended can be built")
        raise InputError([Problem("body", "week", message)])
    if area == COUNTY:
        if principal.township_id is not None:
            raise ForbiddenError(bilingual("仅全县账号可生成全县周报", "county accounts only"))
        return None, monday
    township = _township(session, area)
    if township is None:
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    if not principal.sees_township(township.id):
        raise ForbiddenError(bilingual("不能为其他乡镇生成周报", "that township is not yours"))
    return township.name, monday
