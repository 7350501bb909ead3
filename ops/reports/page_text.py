"""The weekly page's words (Chinese and English) and its stylesheet, kept apart from the layout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ops.intake.schemas import HAZARD_CATEGORIES
from ops.reports.scrub import close_bidi, html_text

LABELS: dict[str, tuple[str, str]] = {
    "doc_title": ("{place} {week} 工作周报", "{place} weekly summary {week}"),
    "h1": ("基层平安工作周报", "weekly field operations summary"),
    "townships_n": ("共 {n} 个乡镇：", "{n} townships: "),
    "sep": ("、", ", "),
    "generated": ("生成于 {at}", "generated {at}"),
    "footer": (
        "本页可离线打开，不加载任何外部资源；页面上每个数字都在同目录的 summary.json 中。",
        "This page opens offline and loads nothing from outside; every figure is in summary.json.",
    ),
    "sec_kpis": ("本周要点", "This week at a glance"),
    "sec_map": ("村巡逻覆盖与路口到岗", "Village coverage and crossings"),
    "sec_trend": ("近四周趋势", "Last four weeks"),
    "sec_townships": ("各乡镇", "Townships"),
    "sec_villages": ("各村巡逻", "Villages"),
    "sec_posts": ("路口劝导", "Crossings"),
    "sec_hazards": ("隐患台账", "Hazard ledger"),
    "sec_staff": ("人员出勤", "Staff"),
    "sec_defs": ("各项数字怎么算", "How each figure is computed"),
    "k_patrols": ("村巡逻班次", "Village patrols"),
    "k_persuasion": ("路口劝导班次", "Crossing shifts"),
    "k_on_time": ("准时率", "On-time rate"),
    "k_no_shows": ("缺勤人次", "No-shows"),
    "k_people": ("劝导人次", "People reached"),
    "k_violations": ("交通违法", "Traffic violations"),
    "k_h_reported": ("隐患上报", "Hazards reported"),
    "k_h_closed": ("隐患办结", "Hazards closed"),
    "k_h_open": ("未办结隐患", "Hazards open"),
    "k_h_overdue": ("逾期隐患", "Hazards overdue"),
    "k_coverage": ("村平均覆盖率", "Mean village coverage"),
    "k_stale": ("久未巡网格", "Stale cells"),
    "d_rate": ("到岗/计划，到岗率 {p}", "filled / planned, {p}"),
    "d_on_time": ("准时 {a} · 迟到 {b} · 缺勤 {c} · 补签 {d}", "on time {a} · late {b} · missed {c} · made up {d}"),
    "d_person_shifts": ("人次，过了宽限期仍未签到", "person-shifts with no check-in"),
    "d_people": ("本周上报中的劝导人次", "from this week's reports"),
    "d_week": ("本周", "this week"),
    "d_at_end": ("截至周日 24 时", "at the week's end"),
    "d_lowest": ("最低：{name} {p}", "lowest: {name} {p}"),
    "d_stale": ("共 {n} 个网格，14 天以上无人巡到", "of {n} cells, unvisited 14+ days"),
    "d_none": ("无", "none"),
    "vs_last": ("较上周", "vs last week"),
    "same": ("持平", "no change"),
    "no_prev": ("上周无可比数据", "nothing to compare last week"),
    "pts": (" 个百分点", " pts"),
    "better": ("好转", "better"),
    "worse": ("变差", "worse"),
    "verdict": ("，{word}", ", {word}"),
    "hint_up": ("↑ 越高越好", "↑ higher is better"),
    "hint_down": ("↓ 越低越好", "↓ lower is better"),
    "hint_neutral": ("升降本身不分好坏", "up or down is neither good nor bad by itself"),
    "map_title": ("各村本周网格覆盖率与路口到岗率地图", "Map of village coverage and crossings"),
    "inset_title": ("路口放大图（圆圈越大，到岗越全）", "Crossings enlarged (bigger = better staffed)"),
    "crossings_here": ("路口见放大图", "crossings: see inset"),
    "north": ("北", "N"),
    "map_empty": ("没有村界数据，无法绘制地图。", "No village boundaries to map."),
    "legend_coverage": ("村网格覆盖率（本周巡到的网格占比）", "Village coverage (share of cells patrolled)"),
    "legend_crossings": ("路口圆圈面积 = 班次到岗率", "Crossing circle area = share of shifts filled"),
    "legend_low": ("橙色：不到一半的班次有人到岗。", "Orange: under half of the shifts filled."),
    "no_data": ("无数据", "no data"),
    "map_note": ("等距圆柱投影，仅作示意；悬停可看数字。", "Simple projection, for orientation; hover for figures."),
    "tip_village": ("{name}：覆盖率 {p}（{a}/{b} 个网格）", "{name}: {p} covered ({a}/{b} cells)"),
    "tip_crossing": ("{name}：到岗 {a}/{b} 班次（{p}）", "{name}: {a}/{b} shifts filled ({p})"),
    "trend_title": ("近四周比率趋势图", "Rates over the last four weeks"),
    "x_axis": ("周（ISO 周次与日期）", "ISO week and dates"),
    "y_axis": ("比率 %", "rate %"),
    "no_trend": ("暂无数据", "no data yet"),
    "metric": ("指标", "figure"),
    "s_patrol": ("巡逻到岗率", "patrol rate"),
    "s_persuasion": ("劝导到岗率", "crossing fill rate"),
    "s_on_time": ("准时率", "on-time rate"),
    "s_coverage": ("村平均覆盖率", "mean village coverage"),
    "t_no_shows": ("缺勤人次", "no-shows"),
    "t_people_reached": ("劝导人次", "people reached"),
    "t_violations_total": ("交通违法", "traffic violations"),
    "t_hazards_reported": ("隐患上报", "hazards reported"),
    "c_village": ("村", "Village"),
    "c_villages": ("村数", "Villages"),
    "c_township": ("乡镇", "Township"),
    "c_coverage": ("覆盖率", "Coverage"),
    "c_cells": ("已巡/网格", "Cells covered"),
    "c_km": ("里程 km", "km"),
    "c_minutes": ("时长 分钟", "Minutes"),
    "c_patrols": ("巡逻次数", "Patrols"),
    "c_patrol_shifts": ("班次 到岗/计划", "Shifts filled"),
    "c_last_visit": ("最近巡到", "Last visit"),
    "c_stale": ("久未巡网格", "Stale cells"),
    "never": ("无记录", "never"),
    "c_post": ("路口", "Crossing"),
    "c_shifts_planned": ("计划班次", "Planned"),
    "c_shifts_filled": ("到岗班次", "Filled"),
    "c_on_time": ("准时", "On time"),
    "c_late": ("迟到", "Late"),
    "c_missed": ("缺勤", "Missed"),
    "c_minutes_present": ("在岗分钟", "Minutes present"),
    "c_people_reached": ("劝导人次", "People reached"),
    "c_violations": ("违法（按类别）", "Violations by category"),
    "c_recorded": ("上报时间", "Reported"),
    "c_category": ("类别", "Category"),
    "c_place": ("地点", "Place"),
    "c_state": ("状态", "State"),
    "c_owner": ("责任人", "Owner"),
    "c_due": ("期限", "Due"),
    "c_overdue": ("逾期", "Overdue"),
    "c_reporter": ("上报人", "Reporter"),
    "c_desc": ("情况", "Description"),
    "overdue_days": ("逾期 {n} 天", "{n} d overdue"),
    "c_id": ("编号", "ID"),
    "c_name": ("姓名", "Name"),
    "c_shifts": ("班次", "Shifts"),
    "c_reports": ("上报", "Reports"),
    "n_villages": ("覆盖率由低到高排列；色块与地图一致。", "Lowest coverage first; swatches match the map."),
    "n_posts": ("有缺勤的路口底色标黄。", "Crossings with missed shifts are shaded."),
    "n_hazards": ("本周上报的和周末仍未办结的隐患；逾期的排在最前。",
                  "Reported this week or still open at its end; overdue first."),
    "n_townships": ("各乡镇合计，由村和路口数据汇总。", "Per township, summed from villages and crossings."),
    "e_townships": ("没有乡镇数据。", "No townships."),
    "n_staff": ("有缺勤的人员底色标黄。", "People with missed shifts are shaded."),
    "e_villages": ("本周没有村巡逻数据。", "No village data this week."),
    "e_posts": ("本周没有路口班次。", "No crossing shifts this week."),
    "e_hazards": ("本周没有隐患上报，也没有未办结的隐患。", "No hazards reported and none open."),
    "e_staff": ("没有人员数据。", "No staff data."),
    "def_patrols": ("村巡逻", "Village patrols"),
    "def_persuasion": ("路口劝导", "Crossing shifts"),
    "def_on_time_rate": ("准时率", "On-time rate"),
    "def_no_shows": ("缺勤", "No-shows"),
    "def_people_reached": ("劝导人次", "People reached"),
    "def_violations": ("交通违法", "Traffic violations"),
    "def_hazards": ("隐患", "Hazards"),
    "def_coverage": ("村覆盖率", "Village coverage"),
    "def_stale_cells": ("久未巡网格", "Stale cells"),
}  # fmt: skip


class Words:
    """Labels in one language: `w("key", name=...)` fills the label in, then escapes it all."""

    def __init__(self, lang: str) -> None:
        self.lang = "en" if lang == "en" else "zh"
        self.index = 1 if self.lang == "en" else 0

    def __call__(self, key: str, **values: Any) -> str:
        return html_text(self.fill(key, **values))

    def fill(self, key: str, **values: Any) -> str:
        """The label filled in, unescaped; a value's right-to-left override ends with the value."""
        closed = {k: close_bidi(v) if isinstance(v, str) else v for k, v in values.items()}
        return self.raw(key).format(**closed)

    def raw(self, key: str) -> str:
        """The label unescaped, for the SVG modules (which escape what they write)."""
        return LABELS[key][self.index]

    def pick(self, pair: Sequence[str]) -> str:
        """The Chinese or English half of a (zh, en) pair."""
        return pair[self.index] if len(pair) > self.index else pair[0]

    def category(self, code: str) -> str:
        """A hazard category's name in this language (the code itself if unknown)."""
        return self.pick(HAZARD_CATEGORIES.get(code, (code,)))


CSS = """
:root{--ink:#1d2733;--dim:#5b6776;--line:#d8dee6;--head:#eef2f7;--good:#1a7f37;--bad:#c62828;
--accent:#1f4e79;--warn:#fff6d6;--alert:#fde8e7}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#f6f8fb;font:15px/1.55 "Noto Sans CJK SC","Source Han Sans SC",
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",system-ui,sans-serif}
main{max-width:1100px;margin:0 auto;padding:0 12px 24px}
header{background:var(--accent);color:#fff;margin:0 -12px 8px;padding:16px 16px 12px}
h1{font-size:1.45rem;margin:0;line-height:1.3}h1 span{font-weight:400;font-size:1.05rem;display:inline-block}
header p{margin:4px 0 0}.week{opacity:.8;font-size:.9em}.made,.towns{font-size:.85rem;opacity:.85}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px;margin:12px 0}
h2{font-size:1.15rem;margin:0 0 10px;padding-left:8px;border-left:4px solid var(--accent)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(155px,1fr));gap:8px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 10px;background:#fbfcfe}
.card h3{font-size:.9rem;margin:0;color:var(--dim);font-weight:500}
.card p{margin:0}.value{font-size:1.75rem;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.value small{font-size:.95rem;color:var(--dim);font-weight:400}
.detail{font-size:.8rem;color:var(--dim);min-height:1.2em}
.change{font-size:.85rem;font-weight:600;margin-top:4px!important}
.good{color:var(--good)}.bad{color:var(--bad)}.neutral,.flat,.none{color:var(--dim)}
.none{font-weight:400}.hint{font-size:.72rem;color:var(--dim)}
.map-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:12px;align-items:start}
figure{margin:0}svg.map,svg.chart{display:block;width:100%;height:auto}
figcaption{font-size:.85rem;color:var(--dim);text-align:center}
.map-bg{fill:#f4f1ea}.village{stroke:#5b5b5b;stroke-width:1}.village-bg{stroke:#8a8a8a;stroke-width:1;opacity:.6}
.crossing{fill:#1f4e79;fill-opacity:.85;stroke:#fff;stroke-width:1.5}
.crossing.none{fill:#fff;stroke:#555;stroke-dasharray:2 2}
.inset-frame{fill:none;stroke:#1f4e79;stroke-width:2}
.map-label{fill:#1d2733;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.crossing.low{fill:#d55e00}
.scale path{fill:none;stroke:#333;stroke-width:1.5}.north path{fill:#333}
.inset{border:1px solid var(--line);border-radius:6px;overflow:hidden;margin-bottom:8px}
.crossing-key{margin:4px 8px 6px;padding-left:1.6em;font-size:.82rem}
.legend p{margin:6px 0 2px;font-size:.85rem;font-weight:600}.legend .note{font-weight:400;color:var(--dim)}
.legend ul,.series{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px;font-size:.82rem}
.legend li,.series li{display:flex;align-items:center;gap:4px}
.swatches i,.sw{display:inline-block;width:16px;height:12px;border:1px solid #777;vertical-align:-1px}
.sw{margin-right:6px}.series{justify-content:center;margin-top:4px}
.chart-box{max-width:720px;margin:0 auto 8px}
#trend-table{width:auto;min-width:60%;margin:0 auto}.chart-bg{fill:#fbfcfe;stroke:var(--line)}
.grid{stroke:#dde3ea;stroke-width:1}.tick{font-size:13px;fill:#3d4a5a}.tick.dim{font-size:11px;fill:#7a8594}
.axis{font-size:13px;fill:#3d4a5a}.series polyline,polyline.series{fill:none;stroke-width:2.5}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.88rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600;white-space:nowrap}td{white-space:nowrap}
td.desc{white-space:normal;min-width:12em;max-width:24em;color:var(--dim)}
.num{text-align:right}tbody tr:nth-child(even){background:#fafbfd}
tr.warn{background:var(--warn)!important}tr.overdue{background:var(--alert)!important}
td:first-child,th:first-child{position:sticky;left:0;z-index:1;background:#fff}th:first-child{background:var(--head)}
tbody tr:nth-child(even) td:first-child{background:#fafbfd}tbody tr.warn td:first-child{background:var(--warn)}
tbody tr.overdue td:first-child{background:var(--alert)}
.badge{color:#fff;background:var(--bad);border-radius:3px;padding:0 5px;font-weight:600;font-size:.8rem}
.note{font-size:.82rem;color:var(--dim);margin:0 0 6px}.empty{color:var(--dim);font-style:italic}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;font-size:.9rem}
dt{font-weight:600}dd{margin:0;color:#3d4a5a}
footer{font-size:.8rem;color:var(--dim);text-align:center}
@media (max-width:720px){.map-grid{grid-template-columns:1fr}dl{grid-template-columns:1fr}dd{margin-bottom:6px}}
@media (max-width:400px){main{padding:0 6px 16px}header{margin:0 -6px 6px}section{padding:10px 8px}
.cards{grid-template-columns:1fr 1fr;gap:6px}.value{font-size:1.45rem}body{font-size:14px}}
@page{size:A4;margin:12mm 10mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:10pt}main{max-width:none;padding:0}
header{margin:0 0 6px;padding:8px 10px}section{border:0;padding:4px 0;margin:6px 0}
.cards{grid-template-columns:repeat(4,1fr);gap:4px}.card{padding:4px 8px}.value{font-size:16pt}
svg.map{max-height:100mm}.chart-box{max-width:150mm}.card,figure,.legend,dl,tr{break-inside:avoid}
thead{display:table-header-group}h2{break-after:avoid}
.table-wrap{overflow:visible}td,th{white-space:normal}td:first-child,td.num{white-space:nowrap}
.map-grid{grid-template-columns:3fr 2fr}
td:first-child,th:first-child{position:static}}
"""
