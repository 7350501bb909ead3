"""The weekly summary as a workbook in the shape assessors ask for, and as a short WeChat text."""

from __future__ import annotations

from datetime import date
from typing import Any

from ops.intake.hazards import STATE_LABELS
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.reports.scrub import one_line
from ops.reports.sheet import new_workbook, workbook_bytes, write_row

WECHAT_LIMIT = 1000


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _signed(value: float | None, *, percent: bool = False) -> str:
    if value is None:
        return ""
    return f"{value * 100:+.0f}个百分点" if percent else f"{value:+g}"


def _week_title(summary: dict[str, Any], lang: str) -> str:
    first, last = (date.fromisoformat(summary["period"][k]) for k in ("from", "to"))
    year, week = summary["week"].split("-W")
    place = one_line(summary["township"])
    if lang == "en":
        return f"{place} weekly patrol summary, week {int(week)} of {year} ({first:%d %b} – {last:%d %b})"
    days = f"{first.month}月{first.day}日—{last.month}月{last.day}日"
    return f"{place} {year}年第{int(week)}周（{days}）平安巡防周报"


def render_wechat(summary: dict[str, Any], lang: str = "zh") -> str:
    """Plain text for the group, at most 1,000 characters, Chinese by default."""
    k = summary["kpis"]
    done = k.get("change", {}).get("patrols_done", 0) or 0
    lowest = k.get("lowest_village")
    if lang == "en":
        low = (
            f", lowest {one_line(lowest['name'])} {_pct(lowest['coverage_ratio'])}"
            if lowest
            else ""
        )
        lines = [
            f"[{_week_title(summary, 'en')}]",
            f"Village patrols: {k['patrols_done']}/{k['patrols_planned']} done ({_pct(k['patrol_rate'])}), "
            f"{done:+g} vs last week",
            f"Crossing persuasion: {k['persuasion_filled']}/{k['persuasion_planned']} shifts filled "
            f"({_pct(k['persuasion_rate'])})",
            f"On time {_pct(k['on_time_rate'])}; no-shows {k['no_shows']}; made up by the office {k.get('made_up', 0)}",
            f"People reached {k['people_reached']}; traffic violations {k['violations_total']}",
            f"Hazards: {k['hazards_reported']} new, {k['hazards_closed']} closed, {k['hazards_open']} open "
            f"({k['hazards_overdue']} overdue)",
            f"Village coverage {_pct(k['mean_village_coverage'])} on average{low}; "
            f"{k['stale_cells']} cells unvisited for 14+ days",
        ]
    else:
        kinds = "、".join(f"{HAZARD_CATEGORIES[c][0]}{n}" for c, n in k["violations"].items() if n)
        low = f"，最低{one_line(lowest['name'])}{_pct(lowest['coverage_ratio'])}" if lowest else ""
        lines = [
            f"【{_week_title(summary, 'zh')}】",
            f"村巡逻：计划{k['patrols_planned']}班，到岗{k['patrols_done']}班（{_pct(k['patrol_rate'])}），较上周{done:+g}",
            f"路口劝导：计划{k['persuasion_planned']}班，到岗{k['persuasion_filled']}班（{_pct(k['persuasion_rate'])}）",
            f"准时率{_pct(k['on_time_rate'])}，缺勤{k['no_shows']}人次，补签{k.get('made_up', 0)}人次",
            f"劝导群众{k['people_reached']}人次；交通违法{k['violations_total']}起"
            + (f"（{kinds}）" if kinds else ""),
            f"隐患：新报{k['hazards_reported']}，办结{k['hazards_closed']}，"
            f"未办结{k['hazards_open']}（逾期{k['hazards_overdue']}）",
            f"村网格覆盖率平均{_pct(k['mean_village_coverage'])}{low}；14天以上未巡网格{k['stale_cells']}个",
            "详见周报附件。",
        ]
    text = "\n".join(lines)
    return text if len(text) <= WECHAT_LIMIT else text[: WECHAT_LIMIT - 1] + "…"


SHEETS = ("概览", "村", "路口", "人员", "隐患台账")


def render_xlsx(summary: dict[str, Any], lang: str = "zh") -> bytes:
    """The workbook: sheets 概览, 村, 路口, 人员, 隐患台账 (headers in `lang`)."""
    from openpyxl.styles import Font, PatternFill

    zh = lang != "en"
    workbook, first = new_workbook(SHEETS[0])
    _fill(first, [_week_title(summary, lang)], _overview_rows(summary, zh))
    tables = (
        (_VILLAGE_HEAD, [_village_row(v) for v in summary["villages"]]),
        (_POST_HEAD, [_post_row(p, zh) for p in summary["posts"]]),
        (_STAFF_HEAD, [_staff_row(s) for s in summary["staff"]]),
        (_HAZARD_HEAD, [_hazard_row(h, zh) for h in summary["hazards"]]),
    )
    for name, (head, rows) in zip(SHEETS[1:], tables, strict=True):
        _fill(workbook.create_sheet(name), head[zh], rows)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for column in sheet.columns:
            width = max(len(str(c.value or "")) * 1.6 for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(40, max(8, width))
    return workbook_bytes(workbook)


def _village_row(v: dict[str, Any]) -> list[Any]:
    figures = [
        v[k] for k in ("cells_total", "cells_covered", "coverage_ratio", "km", "minutes", "patrols")
    ]
    return [
        v.get("township", ""),
        v["id"],
        v["name"],
        *figures,
        v["last_visit"] or "",
        v["stale_cells"],
    ]


def _post_row(p: dict[str, Any], zh: bool) -> list[Any]:
    figures = [
        p[k]
        for k in ("shifts_planned", "shifts_filled", "on_time", "late", "missed", "minutes_present")
    ]
    found = "、".join(
        f"{HAZARD_CATEGORIES[c][0 if zh else 1]}{n}" for c, n in p["violations"].items()
    )
    return [
        p.get("township", ""),
        p["id"],
        p["name"],
        p["kind"],
        *figures,
        p["people_reached"],
        found,
    ]


def _staff_row(s: dict[str, Any]) -> list[Any]:
    figures = [s[k] for k in ("shifts", "on_time", "late", "missed", "people_reached")]
    return [s.get("township", ""), s["id"], s["name"], *figures]


def _hazard_row(h: dict[str, Any], zh: bool) -> list[Any]:
    words = 0 if zh else 1
    overdue = ("是" if zh else "yes") if h["overdue"] else ""
    return [
        h["recorded_at"][:16].replace("T", " "), HAZARD_CATEGORIES[h["category"]][words], h["place"],
        STATE_LABELS[h["state"]][words], h["owner"] or "", (h["due"] or "")[:10], overdue, h["reporter"],
        h["people_reached"], h["description"],
    ]  # fmt: skip


def _fill(sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
    write_row(sheet, header)
    for row in rows:
        write_row(sheet, row)


_VILLAGE_HEAD = {
    True: ["乡镇", "编号", "村", "网格数", "已覆盖", "覆盖率", "公里", "分钟", "巡逻次数", "最近巡到", "14天未巡网格"],
    False: ["township", "id", "village", "cells", "covered", "ratio", "km", "minutes", "patrols", "last visit",
            "stale cells"],
}  # fmt: skip
_POST_HEAD = {
    True: ["乡镇", "编号", "岗位", "类型", "计划班次", "到岗班次", "准时", "迟到", "缺勤", "在岗分钟", "劝导人次",
           "违法（按类别）"],
    False: ["township", "id", "post", "kind", "planned", "filled", "on time", "late", "missed", "minutes present",
            "people reached", "violations"],
}  # fmt: skip
_STAFF_HEAD = {
    True: ["乡镇", "编号", "姓名", "班次", "准时", "迟到", "缺勤", "劝导人次"],
    False: ["township", "id", "name", "shifts", "on time", "late", "missed", "people reached"],
}
_HAZARD_HEAD = {
    True: ["上报时间", "类别", "地点", "状态", "责任人", "期限", "逾期", "上报人", "劝导人次", "描述"],
    False: ["reported", "category", "place", "state", "owner", "due", "overdue", "reporter", "people reached",
            "description"],
}  # fmt: skip
OVERVIEW = [
    ("patrols_planned", "村巡逻计划班次", "village patrols planned"),
    ("patrols_done", "村巡逻到岗班次", "village patrols done"),
    ("persuasion_planned", "路口劝导计划班次", "persuasion shifts planned"),
    ("persuasion_filled", "路口劝导到岗班次", "persuasion shifts filled"),
    ("on_time_rate", "准时率", "on-time rate"),
    ("no_shows", "缺勤人次", "no-shows"),
    ("made_up", "补签人次", "made-up check-ins"),
    ("people_reached", "劝导人次", "people reached"),
    ("violations_total", "交通违法", "traffic violations"),
    ("hazards_reported", "新报隐患", "hazards reported"),
    ("hazards_closed", "办结隐患", "hazards closed"),
    ("hazards_open", "未办结隐患", "hazards open"),
    ("hazards_overdue", "逾期隐患", "hazards overdue"),
    ("mean_village_coverage", "平均村覆盖率", "mean village coverage"),
    ("stale_cells", "14天以上未巡网格", "cells unvisited 14+ days"),
]


def _overview_rows(summary: dict[str, Any], zh: bool) -> list[list[Any]]:
    k, change = summary["kpis"], summary["kpis"].get("change", {})
    rows: list[list[Any]] = [
        ["指标" if zh else "figure", "本周" if zh else "this week", "较上周" if zh else "change"]
    ]
    rows += [
        [zh_label if zh else en_label, k[key], change.get(key)]
        for key, zh_label, en_label in OVERVIEW
    ]
    lowest = k.get("lowest_village")
    if lowest:
        rows.append(
            [
                "覆盖率最低的村" if zh else "lowest village",
                f"{lowest['name']} {_pct(lowest['coverage_ratio'])}",
                None,
            ]
        )
    rows += [
        [("违法：" if zh else "violations: ") + HAZARD_CATEGORIES[c][0 if zh else 1], n, None]
        for c, n in k["violations"].items()
    ]
    rows.append([])
    rows += [[key, text, None] for key, text in summary.get("definitions", {}).items()]
    return rows
