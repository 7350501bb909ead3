"""Write the period figures: figures.docx (Word), figures.xlsx (every counted row), figures.json."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.intake.schemas import HAZARD_CATEGORIES
from ops.models import Township
from ops.records.labels import (
    DISPUTE_CATEGORY_LABELS,
    DISPUTE_STEP_LABELS,
    EVENT_KIND_LABELS,
    SATISFACTION_LABELS,
    VISIT_PURPOSE_LABELS,
    label,
)
from ops.reports.period import AREAS, Period, build_period
from ops.reports.period_text import figure_name, yoy
from ops.reports.scrub import json_text, xml_text
from ops.reports.sheet import looks_like_formula, safe_text
from ops.reports.weekly_files import write_together
from ops.services.townships import get_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

FILES = ("figures.docx", "figures.xlsx", "figures.json")
# Excel's day 0 for dates from 1 March 1900 on (its day 60 is the 29 February 1900 that never was)
EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 (a wall-clock origin: cells hold local times)
_CHINESE_NUMBERS = "一二三四五六七八九十"
_STATES = {"reported": ("已上报", "reported"), "dispatched": ("已派发", "dispatched"),
           "in_progress": ("处置中", "in progress"), "verifying": ("待核查", "verifying"),
           "closed": ("已办结", "closed")}  # fmt: skip


@dataclass(frozen=True)
class PeriodReport:
    """Where the files are, and the figures they hold."""

    folder: Path
    summary: dict[str, Any]


def write_period(
    *,
    session: Session,
    township: str | None,
    period: Period,
    out: Path,
    settings: Settings,
    lang: str = "zh",
    now: datetime | None = None,
) -> PeriodReport:
    """The period figures of a township (every township when `township` is None), as FILES in `out`."""
    now = now or datetime.now(UTC)
    if township is None:
        townships = list(session.exec(select(Township).order_by(col(Township.name))).all())
        title = (f"{settings.county_name}（{len(townships)}个乡镇）" if lang != "en"
                 else f"{settings.county_name} ({len(townships)} townships)")  # fmt: skip
    else:
        townships, title = [get_township(session=session, name=township)], None
    summary, rows = build_period(
        session=session, townships=townships, period=period, settings=settings, now=now, title=title
    )
    contents = {
        "figures.docx": render_docx(summary, lang),
        "figures.xlsx": render_workbook(summary, rows, lang),
        "figures.json": json_text(summary, indent=2).encode(),
    }
    write_together(out, contents)
    return PeriodReport(out, summary)


def _shown(figure: str, value: Any) -> str:
    if value is None:
        return "—"
    if figure == "satisfaction_rate":
        return f"{round(value * 100)}%"
    return str(value)


def _title(summary: dict[str, Any], lang: str) -> str:
    zh = lang != "en"
    label_ = summary["period"]["label" if zh else "label_en"]
    return (
        f"{summary['township']}{label_}主要工作数据"
        if zh
        else f"{summary['township']}: figures for {label_}"
    )


def render_docx(summary: dict[str, Any], lang: str = "zh") -> bytes:
    """The Word document: a section per area, its sentence, its figures table, its breakdown."""
    from docx import Document
    from docx.oxml.ns import qn

    zh = lang != "en"
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体" if zh else "Calibri"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    doc.add_heading(xml_text(_title(summary, lang)), level=0)
    period, earlier = summary["period"], summary["previous_period"]
    doc.add_paragraph(
        f"统计时段：{period['from']} 至 {period['to']}；同比对照：{earlier['from']} 至 {earlier['to']}；"
        f"依据 FieldOps 记录自动统计，生成于 {summary['generated_at'][:16].replace('T', ' ')}。"
        if zh else
        f"Period {period['from']} to {period['to']}, compared with {earlier['from']} to {earlier['to']}; "
        f"counted from the FieldOps records at {summary['generated_at'][:16].replace('T', ' ')}."
    )  # fmt: skip
    doc.add_heading("主要做法及成效" if zh else "What was done", level=1)
    for number, area in enumerate(summary["areas"]):
        name = area["title"] if zh else area["title_en"]
        heading = f"（{_CHINESE_NUMBERS[number % 10]}）{name}" if zh else f"{number + 1}. {name}"
        doc.add_heading(xml_text(heading), level=2)
        doc.add_paragraph(xml_text(area["sentence" if zh else "sentence_en"]))
        _table(doc, ["指标", "本期", "上年同期", "同比"] if zh else
               ["figure", "this period", "a year earlier", "change"], _figure_rows(area, lang))  # fmt: skip
        extra = _breakdown_rows(area, lang)
        if extra:
            _table(doc, extra[0], extra[1])
    doc.add_heading("口径说明" if zh else "Definitions", level=1)
    for key, text in summary["definitions"].items():
        zh_text, _, en_text = text.partition(" / ")
        doc.add_paragraph(xml_text(f"{key}: {zh_text if zh else en_text}"), style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = xml_text(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = xml_text(text)
    doc.add_paragraph()


def _figure_rows(area: dict[str, Any], lang: str) -> list[list[str]]:
    key, previous = area["key"], area["previous"]
    rows = []
    for figure, value in area["figures"].items():
        before = None if previous is None else previous.get(figure)
        change = yoy(value, before, lang, rate=figure == "satisfaction_rate") if previous else ""
        rows.append([figure_name(key, figure, lang), _shown(figure, value),
                     _shown(figure, before) if previous is not None else "—", change or "—"])  # fmt: skip
    return rows


def _breakdown_rows(area: dict[str, Any], lang: str) -> tuple[list[str], list[list[str]]] | None:
    zh, extra = lang != "en", area.get("breakdown")
    if not extra:
        return None
    if area["key"] == "publicity":
        head = (["主题日", "次数", "受教育群众", "资料和宣传品", "横幅", "解答疑问"] if zh else
                ["theme day", "events", "people", "items", "banners", "questions"])  # fmt: skip
        return head, [
            [theme or ("其他" if zh else "other")] + [str(t.get(k, 0)) for k in
             ("events", "people_reached", "items_given", "banners", "questions_answered")]
            for theme, t in extra.items()
        ]  # fmt: skip
    table = DISPUTE_CATEGORY_LABELS if area["key"] == "disputes" else HAZARD_CATEGORIES
    head = ["类别", "起数"] if zh else ["kind", "count"]
    return head, [[label(table, code, lang), str(n)] for code, n in sorted(extra.items())]


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
              ("status", "状态", "state", lambda v: label(_STATES, v, lang)),
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
        for row in _figure_rows(area, lang)
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
