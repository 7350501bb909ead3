"""`fieldops import disputes | petitions | events`: the office's own spreadsheets, all or nothing.

Each row is checked by the same item models the API uses (ops.records.schemas) and the same
database checks (township, village, theme day); any problem names its row and column and
nothing is written. A row's id is made from its content (or taken from 编号 when given), so
importing the same sheet twice stores each record once.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlmodel import Session, SQLModel, select

from ops.errors import InputError, Problem, bilingual
from ops.importing.tabular import EXAMPLE_MARK, Column, read_rows
from ops.importing.upsert import ImportReport
from ops.intake.schemas import error_message
from ops.intake.store import insert_ignoring_duplicates
from ops.models import DisputeCase, LawEvent, Petition, Village
from ops.models.base import utc_now
from ops.records.schemas import DisputeItem, EventItem, PetitionItem
from ops.records.store import _office_problem, _townships
from ops.services.townships import get_or_create_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

_ID = Column("id", ("编号", "id"), required=False)
_WORDS: dict[str, dict[str, Any]] = {
    "category": {"草场": "grassland", "邻里": "neighbour", "婚姻家庭": "family", "家庭": "family",
                 "债务": "debt", "劳务": "labour", "牲畜": "livestock", "土地": "land", "其他": "other"},
    "status": {"发现": "found", "调解中": "mediating", "调解成功": "mediated", "调解失败": "failed",
               "移交": "referred"},
    "satisfaction": {"满意": "satisfied", "基本满意": "basically_satisfied", "不满意": "unsatisfied"},
    "kind": {"普法宣传": "publicity", "培训": "training", "学习": "study"},
    "online": {"线上": True, "线下": False, "是": True, "否": False},
}  # fmt: skip
KINDS: dict[str, tuple[type[Any], type[SQLModel], str, list[Column]]] = {
    "disputes": (DisputeItem, DisputeCase, "dispute", [_ID,
        Column("village", ("村", "village"), required=False),
        Column("category", ("类别", "category")),
        Column("parties", ("当事人", "parties"), required=False),
        Column("summary", ("简要情况", "summary"), required=False),
        Column("amount_yuan", ("涉及金额（元）", "amount_yuan"), required=False),
        Column("status", ("状态", "status")),
        Column("found_on", ("发现日期", "found_on")),
        Column("mediating_on", ("调解日期", "mediating_on"), required=False),
        Column("closed_on", ("结案日期", "closed_on"), required=False),
        Column("mediator", ("调解员", "mediator"), required=False)]),
    "petitions": (PetitionItem, Petition, "petition", [_ID,
        Column("received_on", ("受理日期", "received_on")),
        Column("subject", ("事项", "subject")),
        Column("handled_on", ("办理日期", "handled_on"), required=False),
        Column("resolved_on", ("化解日期", "resolved_on"), required=False),
        Column("satisfaction", ("满意度", "satisfaction"), required=False)]),
    "events": (EventItem, LawEvent, "event", [_ID,
        Column("kind", ("类型", "kind")),
        Column("held_on", ("日期", "held_on")),
        Column("theme", ("主题日", "theme"), required=False),
        Column("title", ("名称", "title"), required=False),
        Column("place", ("地点", "place"), required=False),
        Column("online", ("线上线下", "online"), required=False),
        Column("people_reached", ("受教育人数", "people_reached"), required=False),
        Column("items_given", ("发放资料份数", "items_given"), required=False),
        Column("banners", ("悬挂横幅条数", "banners"), required=False),
        Column("questions_answered", ("解答法律疑问个数", "questions_answered"), required=False)]),
}  # fmt: skip


def _cell(field: str, value: Any) -> Any:
    """A cell as the item model expects it: days as text, whole numbers as ints, words as codes."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return _WORDS.get(field, {}).get(value, value)
    return value


def _item(
    row_cells: dict[str, Any], township_id: int, villages: dict[str, int], kind: str
) -> dict[str, Any]:
    item = {k: v for k, v in ((f, _cell(f, c)) for f, c in row_cells.items()) if v is not None}
    village = item.pop("village", None)
    if village is not None:
        item["village_id"] = villages.get(str(village), 0)  # 0: no such village (named below)
    given = item.pop("id", None)
    content = repr(sorted((k, str(v)) for k, v in item.items()))
    item["id"] = (
        str(given)
        if given
        else str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}:{township_id}:{content}"))
    )
    return item | {"township_id": township_id}


def import_records(
    *, session: Session, path: Path, township_name: str, settings: Settings, kind: str
) -> ImportReport:
    """Check every row, then store the records in one transaction (a record already stored stays)."""
    model, table, record_kind, columns = KINDS[kind]
    by_field = {c.field: c for c in columns}
    rows = read_rows(path, columns, max_mb=settings.max_import_mb)
    township = get_or_create_township(session=session, name=township_name)
    town = int(township.id or 0)
    found = session.exec(select(Village).where(Village.township_id == town)).all()
    villages = {v.code: int(v.id or 0) for v in found} | {v.name: int(v.id or 0) for v in found}
    problems: list[Problem] = []
    payloads: list[dict[str, Any]] = []
    for row in rows:
        item = _item(row.cells, town, villages, record_kind)
        if item.get("village_id") == 0:
            message = bilingual("本乡没有这个村", "no such village in this township")
            problems.append(Problem(row.record, by_field["village"].label, message))
            item.pop("village_id")
        try:
            checked = model.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                name = str(error["loc"][0]) if error["loc"] else ""
                column = by_field.get("village" if name == "village_id" else name)
                problems.append(
                    Problem(row.record, column.label if column else name, error_message(error))
                )
            continue
        payload = checked.model_dump(mode="json")
        problem = _office_problem(session, record_kind, payload, _townships(session, {town}), {
            v: town for v in villages.values()})  # fmt: skip
        if problem:
            name, _, message = problem.partition(": ")
            column = by_field.get("village" if name == "village_id" else name)
            problems.append(Problem(row.record, column.label if column else name, message))
            continue
        payloads.append(payload)
    if problems:
        raise InputError(problems, source=path.name)
    report = ImportReport(what=f"{kind}", township=township.name)
    key: Any = table.id  # type: ignore[attr-defined]
    known = set(session.exec(select(key).where(key.in_([p["id"] for p in payloads]))).all())
    fields = set(table.model_fields)
    now = utc_now()
    rows_out = []
    for payload in payloads:
        report.count("unchanged" if payload["id"] in known else "created")
        known.add(payload["id"])
        values = {
            k: date.fromisoformat(v) if k.endswith("_on") and v else v for k, v in payload.items()
        }
        rows_out.append({k: v for k, v in values.items() if k in fields} | {
            "recorded_by": f"导入 {path.name}"[:100], "received_at": now, "updated_at": now})  # fmt: skip
    insert_ignoring_duplicates(session, table, rows_out)
    session.commit()
    return report


def template_rows(kind: str) -> tuple[list[Column], list[object]]:
    """The columns of a records template and its example row."""
    examples: dict[str, list[object]] = {
        "disputes": [f"{EXAMPLE_MARK}-1", "SW01", "草场", "", "两户草场边界纠纷", 600, "调解成功",
                     "2024-03-02", "2024-03-03", "2024-03-05", "次仁"],
        "petitions": [f"{EXAMPLE_MARK}-1", "2024-05-06", "低保评定", "2024-05-07", "2024-05-20",
                      "满意"],
        "events": [f"{EXAMPLE_MARK}-1", "普法宣传", "2024-04-15", "4.15 全民国家安全教育日",
                   "国家安全法宣讲", "搬迁点广场", "线下", 80, 120, 3, 4],
    }  # fmt: skip
    example = examples[kind]
    return KINDS[kind][3], example
