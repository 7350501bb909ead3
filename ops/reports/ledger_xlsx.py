"""The hazard ledger as a township keeps it, in a workbook (every cell through ops.reports.sheet)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.intake.hazards import STATE_LABELS
from ops.reports.sheet import new_workbook, workbook_bytes, write_row

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings
    from ops.services.hazard_ledger import HazardFilter

HEADERS = (
    "编号",
    "类别",
    "地点",
    "上报人",
    "上报时间",
    "状态",
    "责任人",
    "期限",
    "办结时间",
    "处理情况",
)
WIDTHS = (38, 14, 18, 12, 18, 10, 12, 18, 18, 60)


def _local(text: str | None, settings: Settings) -> datetime | None:
    """A stored ISO time as a local wall-clock time for the sheet (Excel has no zones)."""
    if not text:
        return None
    return datetime.fromisoformat(text).astimezone(settings.tz).replace(tzinfo=None)


def handling(steps: list[dict[str, Any]], settings: Settings) -> str:
    """处理情况: each step on its own line, "MM-DD HH:MM 状态（谁）：说明"."""
    lines = []
    for step in steps:
        at = _local(step["at"], settings)
        when = at.strftime("%m-%d %H:%M") if at else ""
        who = step["by"] + (f" → {step['assignee']}" if step.get("assignee") else "")
        note = f"：{step['note']}" if step.get("note") else ""
        lines.append(f"{when} {STATE_LABELS.get(step['to'], (step['to'],))[0]}（{who}）{note}")
    return "\n".join(lines)


def ledger_row(item: dict[str, Any], settings: Settings) -> list[Any]:
    """One report as a ledger row."""
    closed = [s for s in item["transitions"] if s["to"] == "closed"]
    place = item["place"] or (
        f"{item['lon']:.5f}, {item['lat']:.5f}" if item["located"] else "未定位"
    )
    return [
        item["id"], item["category_label"]["zh"], place, f"{item['staff_name']}（{item['staff_id']}）",
        _local(item["recorded_at"], settings), STATE_LABELS[item["status"]][0], item["assignee"],
        _local(item["due"], settings),
        _local(closed[-1]["at"], settings) if closed and item["status"] == "closed" else None,
        handling(item["transitions"], settings),
    ]  # fmt: skip


def ledger_workbook(
    *, session: Session, principal: Principal, filters: HazardFilter, settings: Settings,
    now: datetime,
) -> bytes:  # fmt: skip
    """Every report in scope matching the filters (overdue first), one row each, as .xlsx bytes."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from ops.services.hazard_ledger import list_ledger

    items, _ = list_ledger(
        session=session, principal=principal, filters=filters, now=now, overdue_first=True
    )
    workbook, sheet = new_workbook("隐患台账")
    for cell in write_row(sheet, HEADERS):
        cell.font = Font(bold=True)
    for item in items:
        for cell in write_row(sheet, ledger_row(item, settings)):
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in (5, 8, 9):
        for cell in sheet.iter_cols(min_col=column, max_col=column, min_row=2):
            for one in cell:
                one.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return workbook_bytes(workbook)
