"""Blank `.xlsx` templates with Chinese headers, one example row and a sheet explaining columns."""

from __future__ import annotations

from pathlib import Path

from ops.errors import InputError, Problem, bilingual
from ops.importing.leave import LEAVE_COLUMNS
from ops.importing.shifts import SHIFT_COLUMNS
from ops.importing.staff import STAFF_COLUMNS
from ops.importing.tabular import EXAMPLE_MARK, Column

_NOTES = {
    "id": "人员编号，唯一 / unique staff id",
    "name": "姓名 / full name",
    "phone": "手机号 / mobile number",
    "roles": "交通劝导员、巡逻队员、网格员、联户长、党员、奋进队员、村干部；多个用、分隔",
    "home_village": "所属村：村编号或村名 / home village code or name",
    "max_shifts_per_week": "每周最多班次，空白为不限 / blank: no limit",
    "active": "是/否，空白为是 / yes/no, blank: yes",
    "staff_id": "人员编号 / staff id",
    "from": "开始日期或时间：2026-12-01 或 2026-12-01 08:00",
    "to": "结束日期（含当天）或时间 / last day (inclusive) or a local time",
    "reason": "原因 / reason",
    "post": "路口编号或村编号 / crossing or village code",
    "weekdays": "每天、1-5、1,3,5（1=周一）/ daily, 1-5, 1,3,5 (1 = Monday)",
    "start": "开始时间 HH:MM",
    "end": "结束时间 HH:MM，早于开始表示次日 / earlier than start: next day",
    "min_staff": "最少人数 / minimum people",
    "max_staff": "最多人数，空白同最少 / blank: same as minimum",
    "composition": "构成：党员>=1；多项用;分隔；网格员|党员>=1 表示其一 / several with ;",
    "kind": "班次类型，如 早班、晚班、夜班、巡逻（规则按此区分）/ shift kind, free text",
    "only_on": "仅在某类日子排：集市日、宣传日、节日 / only on market, campaign or holiday days",
    "extra_on": "某类日子加人：宣传日+1；集市日+2 / people added on those days",
    "max_consecutive_days": "最多连续上班天数（含上期末）/ most days running",
    "min_consecutive_days_off": "两段上班之间至少连休几天 / days off in a row, at least",
    "min_days_off_per_week": "每周至少休息几天 / days off each week, at least",
    "max_weekends": "排班期内最多上几个周末 / most weekends per roster period",
    "min_minutes": "排班期内至少多少分钟 / minutes per roster period, at least",
    "max_minutes": "排班期内最多多少分钟 / minutes per roster period, at most",
    "category": "草场、邻里、婚姻家庭、债务、劳务、牲畜、土地、其他 / dispute category",
    "status": "发现、调解中、调解成功、调解失败、移交 / found, mediating, mediated, failed, referred",
    "satisfaction": "满意、基本满意、不满意 / satisfied, basically satisfied, unsatisfied",
    "online": "线上或线下 / online or offline",
    "theme": "主题日：平安建设宣传月、4.15 全民国家安全教育日、平安宣传周、9.16 平西藏宣传日…",
    "village": "村编号或村名 / village code or name",
    "max_shifts_by_kind": "各类班次上限：夜班=4；早班=6 / per kind, e.g. night=4",
}

_TEMPLATES: dict[str, tuple[list[Column], list[object]]] = {
    "staff": (
        STAFF_COLUMNS,
        [
            f"{EXAMPLE_MARK}-001",
            "扎西次仁",
            "13900000000",
            "交通劝导员、党员",
            "SW01",
            5,
            "是",
            6,
            2,
            1,
            2,
            None,
            None,
            "夜班=4",
        ],
    ),
    "leave": (LEAVE_COLUMNS, [f"{EXAMPLE_MARK}-001", "2026-12-01", "2026-12-03", "病假"]),
    "shifts": (
        SHIFT_COLUMNS,
        [
            f"{EXAMPLE_MARK}-X1",
            "每天",
            "08:00",
            "11:00",
            1,
            2,
            "交通劝导员",
            "党员>=1",
            "早班",
            None,
            "宣传日+1",
        ],
    ),
}


def write_template(kind: str, out: Path) -> None:
    """Write the template for `kind` (staff, leave, shifts, disputes, petitions, events) to `out`."""
    from openpyxl.styles import Font, PatternFill

    from ops.reports.sheet import new_workbook, write_row

    if out.suffix.lower() != ".xlsx":
        raise InputError(
            [Problem("--out", str(out), bilingual("模板须为 .xlsx", "templates are .xlsx files"))]
        )
    if kind in ("disputes", "petitions", "events"):
        from ops.importing.records import template_rows

        columns, example = template_rows(kind)
    else:
        columns, example = _TEMPLATES[kind]
    sheets = {"staff": "人员", "leave": "请假", "shifts": "班次", "disputes": "矛盾纠纷",
              "petitions": "信访事项", "events": "宣传培训学习"}  # fmt: skip
    workbook, sheet = new_workbook(sheets[kind])
    for cell in write_row(sheet, [column.headers[0] for column in columns]):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in write_row(sheet, example):
        cell.font = Font(italic=True, color="808080")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = (
            16 if column.field != "roles" else 28
        )
    notes = workbook.create_sheet("说明")
    write_row(notes, ["列 column", "英文表头 English header", "必填 required", "说明 notes"])
    for column in columns:
        required = "是" if column.required else "否"
        write_row(
            notes, [column.headers[0], column.headers[1], required, _NOTES.get(column.field, "")]
        )
    write_row(notes, [])
    write_row(
        notes,
        [
            f"以“{EXAMPLE_MARK}”开头的行导入时跳过 / rows starting with {EXAMPLE_MARK} are skipped on import"
        ],
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(out)
