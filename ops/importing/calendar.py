"""`fieldops calendar import`: the office calendar (local holidays, campaign and market days)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from ops.errors import InputError, Problem, bilingual
from ops.importing import cells, rule_cells
from ops.importing.tabular import Column, read_rows
from ops.importing.upsert import ImportReport, RowReader, columns_by_field, upsert
from ops.models import OfficeDay
from ops.services.townships import get_or_create_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

CALENDAR_COLUMNS = [
    Column("from", ("日期", "date")),
    Column("to", ("结束日期", "to"), required=False),
    Column("kind", ("类型", "kind")),
    Column("name", ("名称", "name"), required=False),
    Column("demand_factor", ("需求系数", "demand_factor"), required=False),
]
_BY_FIELD = columns_by_field(CALENDAR_COLUMNS)
MAX_SPAN_DAYS = 366  # one row may cover a month-long campaign, not an open-ended period


def _days(reader: RowReader) -> list[date]:
    first = reader.get("from", rule_cells.a_date)
    last = reader.get("to", lambda v: rule_cells.a_date(v) if cells.text(v) else None) or first
    if first is None or last is None:
        return []
    if last < first:
        reader.fail("to", bilingual("结束日期早于开始", "ends before it starts"))
        return []
    if (last - first).days >= MAX_SPAN_DAYS:
        reader.fail("to", bilingual("一行最多一年", "one row covers at most a year"))
        return []
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def import_calendar(
    *, session: Session, path: Path, township_name: str, settings: Settings
) -> ImportReport:
    """Validate every row, then upsert office days by (day, kind) in one transaction."""
    rows = read_rows(path, CALENDAR_COLUMNS, max_mb=settings.max_import_mb)
    township = get_or_create_township(session=session, name=township_name)
    problems: list[Problem] = []
    records: dict[tuple[date, str], dict[str, Any]] = {}
    for row in rows:
        reader = RowReader(row, _BY_FIELD, problems)
        days = _days(reader)
        kind = reader.get("kind", rule_cells.day_kind)
        factor = reader.get("demand_factor", rule_cells.factor)
        name = cells.text(row.cells.get("name"))[:100]
        if reader.ok and kind is not None:
            for day in days:  # a later row for the same day and kind wins, as in a diary
                records[(day, kind)] = {
                    "township_id": township.id,
                    "day": day,
                    "kind": kind,
                    "name": name,
                    "demand_factor": 1.0 if factor is None else factor,
                }
    if problems:
        raise InputError(problems, source=path.name)
    existing = {
        (d.day, d.kind): d
        for d in session.exec(select(OfficeDay).where(OfficeDay.township_id == township.id))
    }
    report = ImportReport(what="办公日历 office calendar", township=township.name)
    for key, values in sorted(records.items()):
        report.count(upsert(session, existing.get(key), OfficeDay, values))
    session.commit()
    return report
