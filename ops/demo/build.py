"""Build the demo database from the illustrative Sewu Township data shipped in the package."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ops.runtime.settings import Settings

if TYPE_CHECKING:
    from ops.importing.upsert import ImportReport

DEMO_DATA = Path(__file__).with_name("data")
DEMO_TOWNSHIP = "色务乡"
LEAVE_ANCHOR = date(2026, 12, 1)  # leave.csv is written around this day; the demo moves it to today


@dataclass
class DemoResult:
    """Where the demo database is and what went into it."""

    settings: Settings
    reports: list[ImportReport] = field(default_factory=list)


def demo_settings(base: Settings) -> Settings:
    """Settings for the demo: its own data directory and SQLite file, never the real database."""
    return base.model_copy(
        update={"data_dir": base.data_dir.expanduser() / "demo", "database_url": None}
    )


def build_demo(base: Settings, *, today: date) -> DemoResult:
    """Create a fresh demo database and load the township through the same importers people use."""
    from ops.importing.geo import import_geo
    from ops.importing.leave import import_leave
    from ops.importing.shifts import import_shifts
    from ops.importing.staff import import_staff
    from ops.runtime.db import make_engine, session_scope
    from ops.runtime.migrate import upgrade

    settings = demo_settings(base)
    if settings.data_dir.exists():
        shutil.rmtree(settings.data_dir)
    settings.data_dir.mkdir(parents=True)
    engine = make_engine(settings)
    upgrade(engine)
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


def _leave_moved_to(today: date, out: Path) -> Path:
    """Copy the shipped leave sheet with every date shifted so that its anchor day is today."""
    shift = today - LEAVE_ANCHOR

    def move(match: re.Match[str]) -> str:
        moved = datetime.strptime(match[0], "%Y-%m-%d").date() + shift  # noqa: DTZ007 (a bare date)
        return moved.isoformat()

    text = (DEMO_DATA / "leave.csv").read_text(encoding="utf-8-sig")
    out.write_text(re.sub(r"\d{4}-\d{2}-\d{2}", move, text), encoding="utf-8-sig")
    return out
