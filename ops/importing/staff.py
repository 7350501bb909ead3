"""`fieldops import staff`: the staff list from Excel or CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from ops.errors import InputError, Problem, bilingual
from ops.importing import cells, rule_cells
from ops.importing.tabular import Column, read_rows
from ops.importing.upsert import (
    ImportReport,
    RowReader,
    columns_by_field,
    duplicate_problem,
    upsert,
)
from ops.models import StaffMember, Village
from ops.services.townships import get_or_create_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

STAFF_COLUMNS = [
    Column("id", ("编号", "id")),
    Column("name", ("姓名", "name")),
    Column("phone", ("电话", "phone"), required=False),
    Column("roles", ("角色", "roles")),
    Column("home_village", ("所属村", "home_village"), required=False),
    Column("max_shifts_per_week", ("每周最多班次", "max_shifts_per_week"), required=False),
    Column("active", ("在岗", "active"), required=False),
    Column("max_consecutive_days", ("最多连续天数", "max_consecutive_days"), required=False),
    Column(
        "min_consecutive_days_off", ("最少连休天数", "min_consecutive_days_off"), required=False
    ),
    Column("min_days_off_per_week", ("每周最少休息天数", "min_days_off_per_week"), required=False),
    Column("max_weekends", ("最多周末数", "max_weekends"), required=False),
    Column("min_minutes", ("最少分钟", "min_minutes"), required=False),
    Column("max_minutes", ("最多分钟", "max_minutes"), required=False),
    Column("max_shifts_by_kind", ("班次类型上限", "max_shifts_by_kind"), required=False),
]
# (column, lowest, highest) of the per-person limits, all optional whole numbers
LIMITS = (
    ("max_consecutive_days", 1, 62),
    ("min_consecutive_days_off", 1, 7),
    ("min_days_off_per_week", 0, 7),
    ("max_weekends", 0, 53),
    ("min_minutes", 0, 100_000),
    ("max_minutes", 0, 100_000),
)
_BY_FIELD = columns_by_field(STAFF_COLUMNS)
_YES = {"", "是", "在岗", "y", "yes", "true", "1", "√"}
_NO = {"否", "离岗", "停用", "n", "no", "false", "0", "×"}


def _bounded(low: int, high: int) -> Callable[[Any], int | None]:
    return lambda value: cells.optional_int(value, low=low, high=high)


def _active(value: Any) -> bool:
    raw = cells.text(value).lower()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise ValueError(bilingual(f"“{raw}”应为 是/否", f"{raw!r} should be yes/no"))


def import_staff(
    *, session: Session, path: Path, township_name: str, settings: Settings
) -> ImportReport:
    """Validate every row, then upsert staff by id in one transaction; raise InputError on any problem."""
    rows = read_rows(path, STAFF_COLUMNS, max_mb=settings.max_import_mb)
    township = get_or_create_township(session=session, name=township_name)
    villages = session.exec(select(Village).where(Village.township_id == township.id)).all()
    village_ids = {v.code: v.id for v in villages} | {v.name: v.id for v in villages}
    existing = {s.id: s for s in session.exec(select(StaffMember)).all()}
    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    first_seen: dict[str, int] = {}
    for row in rows:
        reader = RowReader(row, _BY_FIELD, problems)
        staff_id = reader.get("id", lambda v: cells.short_text(v, limit=64))
        name = reader.get("name", lambda v: cells.short_text(v, limit=100))
        phone = reader.get("phone", cells.phone)
        roles = reader.get("roles", lambda v: cells.roles(v, required=True))
        weekly = reader.get("max_shifts_per_week", lambda v: cells.optional_int(v, low=0, high=21))
        active = reader.get("active", _active)
        limits = {key: reader.get(key, _bounded(lo, hi)) for key, lo, hi in LIMITS}
        by_kind = reader.get("max_shifts_by_kind", rule_cells.kind_caps)
        low, high = limits["min_minutes"], limits["max_minutes"]
        if low is not None and high is not None and low > high:
            reader.fail(
                "min_minutes",
                bilingual(
                    f"最少分钟 {low} 大于最多分钟 {high}", f"min_minutes {low} > max_minutes {high}"
                ),
            )
        home = cells.text(row.cells.get("home_village"))
        home_id = village_ids.get(home) if home else None
        if home and home_id is None:
            known = (
                "、".join(sorted(v.code for v in villages))
                or "—（请先导入 GeoJSON / import geo first）"
            )
            reader.fail(
                "home_village",
                bilingual(
                    f"没有村“{home}”（现有：{known}）", f"no village {home!r} (known: {known})"
                ),
            )
        if staff_id is not None:
            if staff_id in first_seen:
                problems.append(
                    duplicate_problem(row, _BY_FIELD["id"], staff_id, first_seen[staff_id])
                )
                continue
            first_seen[staff_id] = row.number
            other = existing.get(staff_id)
            if other is not None and other.township_id != township.id:
                reader.fail(
                    "id",
                    bilingual(
                        f"编号“{staff_id}”已属于另一个乡镇",
                        f"id {staff_id!r} belongs to another township",
                    ),
                )
        if reader.ok:
            records.append(
                {
                    "id": staff_id,
                    "township_id": township.id,
                    "name": name,
                    "phone": phone,
                    "roles": roles,
                    "home_village_id": home_id,
                    "max_shifts_per_week": weekly,
                    "active": True if active is None else active,
                    "max_shifts_by_kind": by_kind,
                }
                | limits
            )
    if problems:
        raise InputError(problems, source=path.name)
    report = ImportReport(what="人员 staff", township=township.name)
    for values in records:
        report.count(upsert(session, existing.get(values["id"]), StaffMember, values))
    session.commit()
    return report
