"""`fieldops import shifts`: recurring shift templates per post."""

from __future__ import annotations

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
from ops.models import Post, ShiftTemplate
from ops.services.townships import get_or_create_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

SHIFT_COLUMNS = [
    Column("post", ("岗位", "post")),
    Column("weekdays", ("星期", "weekdays")),
    Column("start", ("开始", "start")),
    Column("end", ("结束", "end")),
    Column("min_staff", ("最少人数", "min_staff")),
    Column("max_staff", ("最多人数", "max_staff"), required=False),
    Column("roles", ("角色", "roles"), required=False),
    Column("composition", ("构成", "composition"), required=False),
    Column("kind", ("班次类型", "kind"), required=False),
    Column("only_on", ("仅在", "only_on"), required=False),
    Column("extra_on", ("加人", "extra_on"), required=False),
]
_BY_FIELD = columns_by_field(SHIFT_COLUMNS)


def _parse_row(reader: RowReader, posts: dict[str, Post]) -> dict[str, Any] | None:
    code = reader.get("post", cells.required_text)
    post = posts.get(code) if code else None
    if code and post is None:
        known = "、".join(sorted(posts)) or "—（请先导入 GeoJSON / import geo first）"
        reader.fail(
            "post",
            bilingual(f"没有岗位“{code}”（现有：{known}）", f"no post {code!r} (known: {known})"),
        )
    days = reader.get("weekdays", cells.weekdays)
    start = reader.get("start", cells.local_time)
    end = reader.get("end", cells.local_time)
    low = reader.get("min_staff", lambda v: cells.optional_int(v, low=0, high=50))
    high = reader.get("max_staff", lambda v: cells.optional_int(v, low=1, high=50))
    roles = reader.get("roles", lambda v: cells.roles(v, required=False))
    mix = reader.get("composition", cells.composition) or []
    kind = reader.get("kind", rule_cells.optional_kind)
    only_on = reader.get("only_on", rule_cells.optional_day_kind)
    extra_on = reader.get("extra_on", rule_cells.extra_people)
    if low is None and reader.ok:
        reader.fail("min_staff", bilingual("不能为空", "must not be empty"))
    if start is not None and start == end:
        reader.fail("end", bilingual("结束时间与开始相同", "ends when it starts"))
    high = high if high is not None else max(low or 1, 1)
    if low is not None and high < low:
        reader.fail(
            "max_staff",
            bilingual(
                f"最多人数 {high} 小于最少人数 {low}", f"max_staff {high} is below min_staff {low}"
            ),
        )
    for item in mix:
        if item["min"] > high:
            reader.fail(
                "composition",
                bilingual(
                    f"构成要求 {item['min']} 人，超过最多人数 {high}",
                    f"needs {item['min']}, more than max_staff {high}",
                ),
            )
    if not reader.ok or post is None:
        return None
    return {
        "post_id": post.id,
        "weekdays": days,
        "start_local": start,
        "end_local": end,
        "min_staff": low,
        "max_staff": high,
        "roles_any": roles,
        "composition": mix,
        "kind": kind,
        "only_on": only_on,
        "extra_on": extra_on,
    }


def import_shifts(
    *, session: Session, path: Path, township_name: str, settings: Settings
) -> ImportReport:
    """Validate every row, then upsert templates keyed by (post, start, end) in one transaction."""
    rows = read_rows(path, SHIFT_COLUMNS, max_mb=settings.max_import_mb)
    township = get_or_create_township(session=session, name=township_name)
    posts = {
        p.code: p for p in session.exec(select(Post).where(Post.township_id == township.id)).all()
    }
    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    first_seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        reader = RowReader(row, _BY_FIELD, problems)
        values = _parse_row(reader, posts)
        if values is None:
            continue
        key = (values["post_id"], values["start_local"], values["end_local"])
        if key in first_seen:
            label = f"{cells.text(row.cells.get('post'))} {key[1]}-{key[2]}"
            problems.append(duplicate_problem(row, _BY_FIELD["post"], label, first_seen[key]))
            continue
        first_seen[key] = row.number
        records.append(values | {"township_id": township.id})
    if problems:
        raise InputError(problems, source=path.name)
    existing = {
        (t.post_id, t.start_local, t.end_local): t
        for t in session.exec(
            select(ShiftTemplate).where(ShiftTemplate.township_id == township.id)
        ).all()
    }
    report = ImportReport(what="班次模板 shifts", township=township.name)
    for values in records:
        key = (values["post_id"], values["start_local"], values["end_local"])
        report.count(upsert(session, existing.get(key), ShiftTemplate, values))
    session.commit()
    return report
