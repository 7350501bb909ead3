"""`fieldops roster requests`: people's wishes to work a day (or a kind of shift) or to be off."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import InputError, Problem, bilingual
from ops.importing import cells, rule_cells
from ops.importing.tabular import Column, read_rows
from ops.importing.upsert import ImportReport, RowReader, columns_by_field, upsert
from ops.models import RosterRequest, StaffMember
from ops.services.townships import get_or_create_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

REQUEST_COLUMNS = [
    Column("staff_id", ("编号", "staff_id")),
    Column("day", ("日期", "date")),
    Column("wish", ("意愿", "wish")),
    Column("shift_kind", ("班次类型", "shift_kind"), required=False),
    Column("weight", ("权重", "weight"), required=False),
]
_BY_FIELD = columns_by_field(REQUEST_COLUMNS)


def import_requests(
    *, session: Session, path: Path, township_name: str, settings: Settings
) -> ImportReport:
    """Validate every row, then upsert requests by (person, day, kind) in one transaction."""
    rows = read_rows(path, REQUEST_COLUMNS, max_mb=settings.max_import_mb)
    township = get_or_create_township(session=session, name=township_name)
    staff_ids = set(
        session.exec(select(StaffMember.id).where(StaffMember.township_id == township.id)).all()
    )
    problems: list[Problem] = []
    records: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        reader = RowReader(row, _BY_FIELD, problems)
        staff_id = reader.get("staff_id", cells.required_text)
        day = reader.get("day", rule_cells.a_date)
        wants = reader.get("wish", rule_cells.wish)
        kind = reader.get("shift_kind", rule_cells.optional_kind)
        weight = reader.get("weight", lambda v: cells.optional_int(v, low=1, high=100))
        if staff_id is not None and staff_id not in staff_ids:
            reader.fail(
                "staff_id",
                bilingual(
                    f"本乡镇没有编号为“{staff_id}”的人员",
                    f"no staff member {staff_id!r} in this township",
                ),
            )
        if reader.ok:
            records[(staff_id, day, kind)] = {
                "staff_id": staff_id,
                "day": day,
                "shift_kind": kind,
                "wants_work": wants,
                "weight": weight or 1,
            }
    if problems:
        raise InputError(problems, source=path.name)
    wanted = {key[0] for key in records}
    existing = {
        (r.staff_id, r.day, r.shift_kind): r
        for r in session.exec(
            select(RosterRequest).where(col(RosterRequest.staff_id).in_(wanted))
        ).all()
    }
    report = ImportReport(what="排班意愿 requests", township=township.name)
    for key, values in records.items():
        report.count(upsert(session, existing.get(key), RosterRequest, values))
    session.commit()
    return report
