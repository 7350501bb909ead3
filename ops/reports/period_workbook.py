"""figures.xlsx of the period figures: 概览, then one sheet per area listing every counted row."""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ops.intake.hazards import STATE_LABELS
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.records.labels import (
    DISPUTE_CATEGORY_LABELS,
    DISPUTE_STEP_LABELS,
    EVENT_KIND_LABELS,
    SATISFACTION_LABELS,
    VISIT_PURPOSE_LABELS,
    label,
)
from ops.reports.period import AREAS
from ops.reports.period_text import figure_rows
from ops.reports.scrub import xml_text
from ops.reports.sheet import looks_like_formula, safe_text

# Excel's day 0 for dates from 1 March 1900 on (its day 60 is the 29 February 1900 that never was)
EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 (a wall-clock origin: cells hold local times)


# sheets of figures.xlsx: (area, sheet title zh, en, rows, filter, columns)
def _yes(value: bool, zh: bool) -> str:
    return ("是" if value else "否") if zh else ("yes" if value else "no")


def _columns(lang: str) -> dict[str, list[tuple[str, str, str, Any]]]:
    zh = lang != "en"
    event = [("township", "乡镇", "township", None), ("held_on", "日期", "date", None),
             ("kind", "类型", "kind", lambda v: label(EVENT_KIND_LABELS, v, lang)),
             ("theme", "主题日", "theme day", None), ("title", "名称", "title", None),
             ("place", "地点", "place", None),
             ("online", "线上", "online", lambda v: _yes(v, zh)),
             ("people_reached", "受教育群众", "people", None), ("items_given", "资料和宣传品", "items", None),
             ("banners", "横幅", "banners", None), ("questions_answered", "解答疑问", "questions", None),
             ("recorded_by", "录入", "recorded by", None), ("id", "编号", "id", None)]  # fmt: skip
    hazard = [("township", "乡镇", "township", None), ("recorded_at", "上报时间", "reported", None),
              ("category", "类别", "category", lambda v: label(HAZARD_CATEGORIES, v, lang)),
              ("status", "状态", "state", lambda v: label(STATE_LABELS, v, lang)),
              ("village", "村", "village", None), ("reporter", "上报人", "reporter", None),
              ("people_reached", "劝导人次", "people reached", None),
              ("description", "描述", "description", None), ("id", "编号", "id", None)]  # fmt: skip
    return {
        "events": event,
        "visits": [("township", "乡镇", "township", None), ("visited_at", "走访时间", "visited", None),
                   ("staff", "走访人", "visitor", None), ("village", "村", "village", None),
                   ("household", "户", "household", None),
                   ("purpose", "目的", "purpose", lambda v: label(VISIT_PURPOSE_LABELS, v, lang)),
                   ("disputes_found", "发现纠纷", "disputes found", None),
                   ("findings", "情况", "findings", None), ("id", "编号", "id", None)],
        "disputes": [("township", "乡镇", "township", None), ("found_on", "发现日期", "found", None),
                     ("village", "村", "village", None),
                     ("category", "类别", "category", lambda v: label(DISPUTE_CATEGORY_LABELS, v, lang)),
                     ("amount_yuan", "涉及资金（元）", "yuan", None),
                     ("status", "现状", "status", lambda v: label(DISPUTE_STEP_LABELS, v, lang)),
                     ("mediating_on", "调解日期", "mediating", None), ("closed_on", "结案日期", "closed", None),
                     ("mediator", "调解员", "mediator", None), ("summary", "简况", "summary", None),
                     ("id", "编号", "id", None)],
        "petitions": [("township", "乡镇", "township", None), ("received_on", "受理日期", "received", None),
                      ("subject", "事项", "subject", None), ("handled_on", "办理日期", "handled", None),
                      ("resolved_on", "化解日期", "resolved", None),
                      ("satisfaction", "满意度", "satisfaction", lambda v: label(SATISFACTION_LABELS, v, lang)),
                      ("id", "编号", "id", None)],
        "sweeps": hazard,
        "violations": hazard,
        "patrols": [("township", "乡镇", "township", None), ("day", "日期", "day", None),
                    ("starts_at", "开始", "starts", None), ("post", "巡逻点", "post", None),
                    ("people", "排班人员", "rostered", None), ("present", "到岗人员", "present", None),
                    ("filled", "到岗", "done", lambda v: _yes(v, zh))],
        "persuaders": [("township", "乡镇", "township", None), ("day", "日期", "day", None),
                       ("persuaders", "劝导员人数", "persuaders", None), ("names", "人员", "people", None)],
    }  # fmt: skip


_SHEETS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("study", "法治学习", "study", "events", "study"),
    ("publicity", "普法宣传", "publicity", "events", "publicity"),
    ("training", "培训指导", "training", "events", "training"),
    ("visits", "入户走访", "visits", "visits", None),
    ("sweeps", "隐患排查", "sweeps", "sweeps", None),
    ("disputes", "矛盾纠纷", "disputes", "disputes", None),
    ("petitions", "信访事项", "petitions", "petitions", None),
    ("patrols", "治安巡逻", "patrols", "patrols", None),
    ("traffic", "交通违法", "violations", "violations", None),
    ("traffic", "每日劝导员", "persuaders per day", "persuaders", None),
)


def render_workbook(
    summary: dict[str, Any], rows: dict[str, list[dict[str, Any]]], lang: str = "zh"
) -> bytes:
    """概览 (every figure with a year earlier), then one sheet per area listing every counted row.

    A county's year is hundreds of thousands of cells, so this workbook is streamed by XlsxWriter
    (about twice openpyxl's speed); cells get the same defences as ops.reports.sheet: text is
    always a string (never a formula), with the quote prefix when it starts like one.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True,
                                            "strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "remove_timezone": True})  # fmt: skip
    formats = {
        "head": workbook.add_format({"bold": True, "bg_color": "#DDEBF7"}),
        "quoted": workbook.add_format({"quote_prefix": True}),
        "day": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "time": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    for title, header, body in _tables(summary, rows, lang):
        sheet = workbook.add_worksheet(title)
        sheet.freeze_panes(1, 0)
        for index, name in enumerate(header):
            width = max(
                [len(str(name))] + [len(str(r[index])) for r in body[:200] if r[index] is not None]
            )
            sheet.set_column(index, index, min(40, max(8, width * 1.6)))
        for column, name in enumerate(header):
            sheet.write_string(0, column, safe_text(name), formats["head"])
        for number, values in enumerate(body, start=1):
            for column, value in enumerate(values):
                _put(sheet, number, column, value, formats)
    workbook.close()
    return buffer.getvalue()


def _put(sheet: Any, row: int, column: int, value: Any, formats: dict[str, Any]) -> None:
    if isinstance(value, str):
        shown, quoted = _text(value)
        if quoted:
            sheet.write_string(row, column, shown, formats["quoted"])
        else:
            sheet.write_string(row, column, shown)
    elif value is None:
        return
    elif isinstance(value, bool | int | float):
        sheet.write_number(row, column, value)
    elif isinstance(value, datetime):  # local wall-clock time, as an Excel date-time number
        moment = value.replace(tzinfo=None) - EXCEL_EPOCH
        sheet.write_number(row, column, moment.days + moment.seconds / 86400, formats["time"])
    elif isinstance(value, date):
        sheet.write_number(row, column, (value - EXCEL_EPOCH.date()).days, formats["day"])
    else:
        _put(sheet, row, column, str(value), formats)


def _text(value: str) -> tuple[str, bool]:
    """What a cell shows of `value`, and whether it needs the quote prefix (it starts like a formula)."""
    if value.isascii() and value.isprintable() and len(value) < 1000:  # ids and codes: as they are
        return value, looks_like_formula(value)
    return _any_text(value)


@lru_cache(maxsize=16_384)  # names, places and labels repeat on every row
def _any_text(value: str) -> tuple[str, bool]:
    return safe_text(value), looks_like_formula(xml_text(value))


def _tables(
    summary: dict[str, Any], rows: dict[str, list[dict[str, Any]]], lang: str
) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Every sheet as (title, header, rows of values)."""
    zh = lang != "en"
    sheets_of = {a: [t if zh else e for a2, t, e, _, _ in _SHEETS if a2 == a] for a, *_ in AREAS}
    overview = [
        [area["title"] if zh else area["title_en"], *row, "、".join(sheets_of[area["key"]])]
        for area in summary["areas"]
        for row in figure_rows(area, lang)
    ]
    tables = [(
        "概览" if zh else "overview",
        ["领域", "指标", "本期", "上年同期", "同比", "明细表"] if zh else
        ["area", "figure", "this period", "a year earlier", "change", "rows in"],
        overview,
    )]  # fmt: skip
    columns = _columns(lang)
    for _area, title, title_en, source, kind in _SHEETS:
        spec = columns[source]
        tables.append((
            title if zh else title_en,
            [zh_name if zh else en_name for _, zh_name, en_name, _ in spec],
            [[_cell(record[key], shown) for key, _, _, shown in spec]
             for record in rows[source] if kind is None or record["kind"] == kind],
        ))  # fmt: skip
    return tables


def _cell(value: Any, shown: Any) -> Any:
    if shown is not None:
        return shown(value)
    return "" if value is None else value
