"""Build the demo database from the illustrative Sewu Township data shipped in the package."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ops.errors import FieldOpsError, bilingual
from ops.runtime.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ops.importing.upsert import ImportReport

DEMO_DATA = Path(__file__).with_name("data")
DEMO_TOWNSHIP = "色务乡"
LEAVE_ANCHOR = date(2026, 12, 1)  # leave.csv is written around this day; the demo moves it to today


@dataclass
class DemoResult:
    """Where the demo database is and what went into it."""

    settings: Settings
    reports: list[ImportReport] = field(default_factory=list)


def demo_settings(base: Settings, *, configured_database: bool = False) -> Settings:
    """Settings for the demo: its own data directory, and its own SQLite file unless told to load
    into the configured database (`fieldops demo --load-only` with FIELDOPS_DATABASE_URL set)."""
    update: dict[str, object] = {"data_dir": base.data_dir.expanduser() / "demo"}
    if not configured_database:
        update["database_url"] = None
    return base.model_copy(update=update)


class DemoRefusedError(FieldOpsError):
    """The configured database already holds townships: the demo never writes over real data."""


def build_demo(base: Settings, *, today: date, configured_database: bool = False) -> DemoResult:
    """Create a fresh demo database and load the township through the same importers people use.

    With `configured_database` the township goes into FIELDOPS_DATABASE_URL, which must hold no
    township yet (DemoRefusedError otherwise: nothing is written); else into a SQLite file of its own.
    """
    from ops.importing.geo import import_geo
    from ops.importing.leave import import_leave
    from ops.importing.shifts import import_shifts
    from ops.importing.staff import import_staff
    from ops.runtime.db import make_engine, session_scope
    from ops.runtime.migrate import upgrade

    settings = demo_settings(base, configured_database=configured_database)
    if settings.data_dir.exists():
        shutil.rmtree(settings.data_dir)
    settings.data_dir.mkdir(parents=True)
    engine = make_engine(settings)
    upgrade(engine)
    if configured_database:
        _refuse_if_in_use(engine)
    result = DemoResult(settings=settings)
    leave_file = _leave_moved_to(today, settings.data_dir / "leave.csv")
    files = (
        (import_geo, DEMO_DATA / "sewu.geojson"),
        (import_staff, DEMO_DATA / "staff.csv"),
        (import_shifts, DEMO_DATA / "shifts.csv"),
        (import_leave, leave_file),
    )
    with session_scope(engine) as session:
        for run, path in files:
            result.reports.append(
                run(session=session, path=path, township_name=DEMO_TOWNSHIP, settings=settings)
            )
    engine.dispose()
    return result


def _refuse_if_in_use(engine: Engine) -> None:
    from sqlmodel import Session, select

    from ops.models import Township

    with Session(engine) as session:
        found = session.exec(select(Township.name)).first()
    if found is not None:
        engine.dispose()
        raise DemoRefusedError(
            bilingual(
                f"数据库中已有乡镇（{found}）：演示数据只装入空数据库，未写入任何数据",
                f"the database already holds townships ({found}): the demo loads only into an "
                "empty one; nothing written",
            )
        )


def _leave_moved_to(today: date, out: Path) -> Path:
    """Copy the shipped leave sheet with every date shifted so that its anchor day is today."""
    shift = today - LEAVE_ANCHOR

    def move(match: re.Match[str]) -> str:
        moved = datetime.strptime(match[0], "%Y-%m-%d").date() + shift  # noqa: DTZ007 (a bare date)
        return moved.isoformat()

    text = (DEMO_DATA / "leave.csv").read_text(encoding="utf-8-sig")
    out.write_text(re.sub(r"\d{4}-\d{2}-\d{2}", move, text), encoding="utf-8-sig")
    return out
