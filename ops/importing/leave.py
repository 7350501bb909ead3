"""`fieldops import leave`: who is away, from when to when."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import InputError, Problem, bilingual
from ops.importing import cells
from ops.importing.tabular import Column, read_rows
from ops.importing.upsert import ImportReport, RowReader, columns_by_field, upsert
from ops.models import Leave, StaffMember
from ops.services.townships import get_or_create_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

LEAVE_COLUMNS = [
    Column("staff_id", ("编号", "staff_id")),
    Column("from", ("开始", "from")),
    Column("to", ("结束", "to")),
    Column("reason", ("原因", "reason"), required=False),
]
_BY_FIELD = columns_by_field(LEAVE_COLUMNS)


def import_leave(
    *, session: Session, path: Path, township_name: str, settings: Settings
) -> ImportReport:
    """Validate every row, then add leave periods (keyed by person, start, end) in one transaction."""
    rows = read_rows(path, LEAVE_COLUMNS, max_mb=settings.max_import_mb)
    tz = settings.tz
    township = get_or_create_township(session=session, name=township_name)
    staff_ids = set(
        session.exec(select(StaffMember.id).where(StaffMember.township_id == township.id)).all()
    )
    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    for row in rows:
        reader = RowReader(row, _BY_FIELD, problems)
        staff_id = reader.get("staff_id", cells.required_text)
        starts = reader.get("from", lambda v: cells.local_moment(v, tz, end_of_day=False))
        ends = reader.get("to", lambda v: cells.local_moment(v, tz, end_of_day=True))
        reason = cells.text(row.cells.get("reason"))[:200]
        if staff_id is not None and staff_id not in staff_ids:
            reader.fail(
                "staff_id",
                bilingual(
                    f"本乡镇没有编号为“{staff_id}”的人员",
                    f"no staff member {staff_id!r} in this township",
                ),
            )
        if starts is not None and ends is not None and ends <= starts:
            reader.fail("to", bilingual("结束早于开始", "ends before it starts"))
        if reader.ok:
            records.append(
                {"staff_id": staff_id, "starts_at": starts, "ends_at": ends, "reason": reason}
            )
    if problems:
        raise InputError(problems, source=path.name)
    report = ImportReport(what="请假 leave", township=township.name)
    wanted = {r["staff_id"] for r in records}
    existing = {
        (lv.staff_id, lv.starts_at, lv.ends_at): lv
        for lv in session.exec(select(Leave).where(col(Leave.staff_id).in_(wanted))).all()
    }
    seen: set[tuple[Any, ...]] = set()
    for values in records:
        key = (values["staff_id"], values["starts_at"], values["ends_at"])
        if key in seen:
            report.count("unchanged")
            continue
        seen.add(key)
        report.count(upsert(session, existing.get(key), Leave, values))
    session.commit()
    return report
