"""Write the period figures: figures.docx (Word), figures.xlsx (every counted row), figures.json."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.intake.schemas import HAZARD_CATEGORIES
from ops.models import Township
from ops.records.labels import (
    DISPUTE_CATEGORY_LABELS,
    label,
)
from ops.reports.folder import write_together
from ops.reports.period import Period, build_period
from ops.reports.period_text import figure_rows
from ops.reports.period_workbook import render_workbook
from ops.reports.scrub import json_text, xml_text
from ops.services.townships import get_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

FILES = ("figures.docx", "figures.xlsx", "figures.json")
_CHINESE_NUMBERS = "一二三四五六七八九十"


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
               ["figure", "this period", "a year earlier", "change"], figure_rows(area, lang))  # fmt: skip
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
