"""summary.html: the weekly summary as one self-contained page a supervisor opens offline.

Nothing is fetched: CSS and SVG are inline, text uses the system's CJK fonts, there is no script,
and a Content-Security-Policy forbids any request. Chinese labels by default, English with
lang="en"; data (names, places, descriptions) stays as recorded and is always escaped. Readable
at 360 px (wide tables scroll inside their own box) and printable on A4 (rows never split).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

from ops.intake.hazards import STATE_LABELS
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.reports.svg import (
    MAP_CSS,
    MapCrossing,
    MapVillage,
    Series,
    coverage_colour,
    coverage_map,
    map_legend,
    trend_chart,
    trend_legend,
)

Row = Mapping[str, Any]
Column = tuple[str, str, Callable[[Row], str]]  # label key, CSS class, cell HTML from a row
TREND_SERIES = (  # key, label, colour (Okabe-Ito: apart for colour-blind eyes too), marker
    ("patrol_rate", "s_patrol", "#0072b2", "circle"),
    ("persuasion_rate", "s_persuasion", "#e69f00", "square"),
    ("on_time_rate", "s_on_time", "#cc79a7", "triangle"),
    ("mean_village_coverage", "s_coverage", "#009e73", "diamond"),
)
TREND_COUNTS = ("no_shows", "people_reached", "violations_total", "hazards_reported")
MAP_WORDS = ("map_title", "inset_title", "crossings_here", "north", "legend_coverage",
             "legend_crossings", "legend_low", "no_data", "map_note")  # fmt: skip
CHART_WORDS = ("x_axis", "y_axis", "no_trend", "trend_title")


class Words:
    """Labels in one language: `w("key", n=3)` formats and escapes; data never passes through here."""

    def __init__(self, lang: str) -> None:
        self.lang = "en" if lang == "en" else "zh"
        self.index = 1 if self.lang == "en" else 0

    def __call__(self, key: str, **values: Any) -> str:
        return escape(self.raw(key).format(**values))

    def raw(self, key: str) -> str:
        """The label unescaped, for the SVG module (which escapes what it writes)."""
        return LABELS[key][self.index]

    def pick(self, pair: Sequence[str]) -> str:
        """The Chinese or English half of a (zh, en) pair."""
        return pair[self.index] if len(pair) > self.index else pair[0]


def render_html(summary: Row, geojson: Row, *, lang: str = "zh") -> str:
    """The whole page for `build_weekly`'s summary and the coverage FeatureCollection."""
    w = Words(lang)
    county = len(summary.get("townships") or []) > 1
    parts = [
        _header(summary, w),
        _cards(summary.get("kpis") or {}, w),
        _map_section(summary, geojson, w),
        _trend_section(summary.get("trend") or [], w),
        _townships(summary, w) if county else "",
        _villages(summary, w, county=county),
        _posts(summary, w, county=county),
        _hazards(summary, w),
        _staff(summary.get("staff") or [], w, county=county),
        _definitions(summary.get("definitions") or {}, w),
    ]
    title = w("doc_title", place=summary.get("township", ""), week=summary.get("week", ""))
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if w.lang == "en" else "zh-CN"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        f"<title>{title}</title><style>{CSS}{MAP_CSS}</style></head><body><main>{''.join(parts)}"
        f"<footer><p>{w('footer')}</p></footer></main></body></html>\n"
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _n(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _num(key: str, digits: int = 0) -> Callable[[Row], str]:
    return lambda row: _n(row.get(key), digits)


def _raw(key: str) -> Callable[[Row], str]:
    """A cell already made HTML."""
    return lambda row: str(row[key])


def _text(key: str) -> Callable[[Row], str]:
    return lambda row: escape(str(row.get(key) or ""))


def _local(text: str | None, year: int) -> str:
    """An ISO local time as MM-DD HH:MM, with the year only when it is not the week's."""
    if not text:
        return "—"
    moment = datetime.fromisoformat(text)
    return moment.strftime("%m-%d %H:%M" if moment.year == year else "%Y-%m-%d %H:%M")


def _week_dates(week: str) -> tuple[date, date]:
    year, number = week.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return monday, monday + timedelta(days=6)


def _header(summary: Row, w: Words) -> str:
    first, last = _week_dates(str(summary["week"]))
    year, number, _ = first.isocalendar()
    if w.lang == "en":
        period = f"ISO week {number}, {year} · {first:%-d %b} – {last:%-d %b %Y}"
    else:
        period = f"{year}年第{number}周 · {first.month}月{first.day}日至{last.month}月{last.day}日"
    towns = summary.get("townships") or []
    listed = (
        f"{w('townships_n', n=len(towns))}{escape(w.raw('sep').join(towns))}"
        if len(towns) > 1
        else ""
    )
    made = (summary.get("generated_at") or "")[:16].replace("T", " ")
    return (
        f"<header><h1>{escape(str(summary.get('township', '')))} <span>{w('h1')}</span></h1>"
        f'<p class="period">{escape(period)} <span class="week">{escape(str(summary["week"]))}'
        f'</span></p><p class="towns">{listed}</p><p class="made">{w("generated", at=made)}</p>'
        "</header>"
    )


def _change(delta: float | None, direction: int, w: Words, *, rate: bool) -> str:
    """The change from last week: an arrow, the amount and a word for better or worse."""
    if delta is None:
        return f'<p class="change none">{w("no_prev")}</p>'
    if delta == 0:
        return f'<p class="change flat">{w("vs_last")} {w("same")}</p>'
    amount = f"{abs(delta) * 100:.1f}{w('pts')}" if rate else f"{abs(delta):g}"
    tone = "neutral" if direction == 0 else ("good" if delta * direction > 0 else "bad")
    verdict = w("verdict", word=w.raw("better" if tone == "good" else "worse"))
    arrow = "▲" if delta > 0 else "▼"
    said = verdict if tone != "neutral" else ""
    return f'<p class="change {tone}">{w("vs_last")} {arrow} {amount}{said}</p>'


def _cards(k: Row, w: Words) -> str:
    """Headline figures; direction +1: up is good, -1: up is bad, 0: neither by itself."""
    low = k.get("lowest_village")
    lowest = w("d_lowest", name=low["name"], p=_pct(low["coverage_ratio"])) if low else w("d_none")
    found = w.raw("sep").join(
        f"{_category(c, w)} {n}" for c, n in (k.get("violations") or {}).items() if n
    )
    out_of = "{}<small>/{}</small>".format
    cards = [  # label, value, detail, change key, direction, is a rate
        ("k_patrols", out_of(_n(k.get("patrols_done")), _n(k.get("patrols_planned"))),
         w("d_rate", p=_pct(k.get("patrol_rate"))), "patrols_done", 1, False),
        ("k_persuasion", out_of(_n(k.get("persuasion_filled")), _n(k.get("persuasion_planned"))),
         w("d_rate", p=_pct(k.get("persuasion_rate"))), "persuasion_filled", 1, False),
        ("k_on_time", _pct(k.get("on_time_rate")),
         w("d_on_time", a=_n(k.get("on_time")), b=_n(k.get("late")), c=_n(k.get("no_shows"))),
         "on_time_rate", 1, True),
        ("k_no_shows", _n(k.get("no_shows")), w("d_person_shifts"), "no_shows", -1, False),
        ("k_people", _n(k.get("people_reached")), w("d_people"), "people_reached", 1, False),
        ("k_violations", _n(k.get("violations_total")), escape(found) or w("d_none"),
         "violations_total", 0, False),
        ("k_h_reported", _n(k.get("hazards_reported")), w("d_week"), "hazards_reported", 0, False),
        ("k_h_closed", _n(k.get("hazards_closed")), w("d_week"), "hazards_closed", 1, False),
        ("k_h_open", _n(k.get("hazards_open")), w("d_at_end"), "hazards_open", -1, False),
        ("k_h_overdue", _n(k.get("hazards_overdue")), w("d_at_end"), "hazards_overdue", -1, False),
        ("k_coverage", _pct(k.get("mean_village_coverage")), lowest, "mean_village_coverage", 1, True),
        ("k_stale", _n(k.get("stale_cells")), w("d_stale", n=_n(k.get("cells_total"))),
         "stale_cells", -1, False),
    ]  # fmt: skip
    hints = {1: w("hint_up"), -1: w("hint_down"), 0: w("hint_neutral")}
    change = k.get("change") or {}
    body = "".join(
        f'<div class="card" id="kpi-{key}"><h3>{w(label)}</h3><p class="value">{value}</p>'
        f'<p class="detail">{detail}</p>{_change(change.get(key), sign, w, rate=rate)}'
        f'<p class="hint">{hints[sign]}</p></div>'
        for label, value, detail, key, sign, rate in cards
    )
    return f'<section id="kpis"><h2>{w("sec_kpis")}</h2><div class="cards">{body}</div></section>'


def _category(code: str, w: Words) -> str:
    return w.pick(HAZARD_CATEGORIES.get(code, (code,)))


def _map_section(summary: Row, geojson: Row, w: Words) -> str:
    """Villages from the GeoJSON shaded by this week's ratio; crossings sized by fill rate."""
    rows = summary.get("villages") or []
    by_key = {(str(v.get("township", "")), str(v["id"])): v for v in rows}
    by_id = {str(v["id"]): v for v in rows}
    villages, crossings = [], []
    for feature in geojson.get("features") or []:
        props, geometry = feature.get("properties") or {}, feature.get("geometry") or {}
        kind = props.get("kind")
        if kind == "village" and geometry.get("type") in ("Polygon", "MultiPolygon"):
            key = (str(props.get("township", "")), str(props.get("id", "")))
            row = by_key.get(key) or by_id.get(key[1]) or props
            parts = geometry.get("coordinates") or []
            parts = [parts] if geometry["type"] == "Polygon" else parts
            polygons = [rings for rings in parts if rings and len(rings[0]) >= 4]
            villages.append(
                _village(row, polygons, w, county=len(summary.get("townships") or []) > 1)
            )
        elif kind == "post" and props.get("post_kind", "intersection") != "village":
            crossings.append(_crossing(props, *geometry["coordinates"][:2], w=w))
    if not crossings:  # a merged county collection may carry villages only
        crossings = [
            _crossing(p, p["lon"], p["lat"], w=w)
            for p in summary.get("posts") or []
            if p.get("kind") != "village" and p.get("lon") is not None
        ]
    main, inset = coverage_map(villages, crossings, {k: w.raw(k) for k in MAP_WORDS})
    if not main:
        body = f'<p class="empty">{w("map_empty")}</p>'
    else:
        caption = f"<figcaption>{w('inset_title')}</figcaption>"
        inset = f'<figure class="inset">{inset}{caption}</figure>' if inset else ""
        legend = map_legend({k: w.raw(k) for k in MAP_WORDS})
        body = (
            f'<div class="map-grid"><figure class="main-map">{main}</figure>'
            f'<div class="side">{inset}{legend}</div></div>'
        )
    return f'<section id="map-section"><h2>{w("sec_map")}</h2>{body}</section>'


def _village(row: Row, polygons: Any, w: Words, *, county: bool) -> MapVillage:
    ratio = row.get("coverage_ratio")
    name = str(row.get("name", ""))
    cells = {"a": row.get("cells_covered", "—"), "b": row.get("cells_total", "—")}
    group = str(row.get("township", "")) if county else ""
    tip = w.raw("tip_village").format(name=f"{group} {name}".strip(), p=_pct(ratio), **cells)
    return MapVillage(name, polygons, ratio, tip, group)


def _crossing(props: Row, lon: float, lat: float, *, w: Words) -> MapCrossing:
    planned = props.get("shifts_planned") or 0
    rate = (
        props["fill_rate"]
        if "fill_rate" in props
        else (props.get("shifts_filled", 0) / planned if planned else None)
    )
    name = str(props.get("name", ""))
    shifts = {"a": props.get("shifts_filled", "—"), "b": props.get("shifts_planned", "—")}
    tip = w.raw("tip_crossing").format(name=name, p=_pct(rate), **shifts)
    return MapCrossing(name, float(lon), float(lat), rate, tip)


def _trend_section(trend: Sequence[Row], w: Words) -> str:
    """The rates as lines, and every trended figure in a small table underneath."""
    if not trend:
        return _section("trend-section", w("sec_trend"), f'<p class="empty">{w("no_trend")}</p>')
    weeks = []
    for row in trend:
        monday, sunday = _week_dates(str(row["week"]))
        number = monday.isocalendar()[1]
        label = f"W{number}" if w.lang == "en" else f"第{number}周"
        weeks.append((label, f"{monday:%m/%d}–{sunday:%m/%d}"))
    series = [
        Series(w.raw(label), colour, shape, [row.get(key) for row in trend])
        for key, label, colour, shape in TREND_SERIES
    ]
    chart = trend_chart(weeks, series, {k: w.raw(k) for k in CHART_WORDS})
    figure = (
        f'<figure class="chart-box">{chart}<figcaption>{trend_legend(series)}</figcaption></figure>'
    )
    columns: list[Column] = [("metric", "", _raw("label"))] + [
        (f"{label}\n{dates}", "num", _raw(f"w{i}")) for i, (label, dates) in enumerate(weeks)
    ]
    rows = [
        {"label": w(label)} | {f"w{i}": _pct(r.get(key)) for i, r in enumerate(trend)}
        for key, label, _, _ in TREND_SERIES
    ] + [
        {"label": w(f"t_{key}")} | {f"w{i}": _n(r.get(key)) for i, r in enumerate(trend)}
        for key in TREND_COUNTS
    ]
    return _section(
        "trend-section", w("sec_trend"), figure + _table("trend-table", columns, rows, w)
    )


def _section(ident: str, title: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{title}</h2>{body}</section>'


def _table(
    ident: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
    w: Words,
    row_class: Callable[[Row], str] = lambda row: "",
) -> str:
    """A table in its own horizontally scrolling box; a label with a newline gets a second line."""
    head = "".join(
        f'<th class="{css}" scope="col">{_head(label, w)}</th>' for label, css, _ in columns
    )
    body = "".join(
        f'<tr class="{row_class(row)}">'
        + "".join(f'<td class="{css}">{cell(row)}</td>' for _, css, cell in columns)
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="table-wrap"><table id="{ident}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _head(label: str, w: Words) -> str:
    if label in LABELS:
        return w(label)
    first, _, second = label.partition("\n")
    return escape(first) + (f"<br><small>{escape(second)}</small>" if second else "")


def _listing(
    ident: str, w: Words, rows: Sequence[Row], columns: Sequence[Column],
    row_class: Callable[[Row], str] = lambda row: "",
) -> str:  # fmt: skip
    """A section holding one table, with its note, or a sentence when there is nothing to list."""
    if not rows:
        return _section(ident, w(f"sec_{ident}"), f'<p class="empty">{w(f"e_{ident}")}</p>')
    table = _table(f"{ident}-table", columns, rows, w, row_class)
    return _section(ident, w(f"sec_{ident}"), f'<p class="note">{w(f"n_{ident}")}</p>{table}')


def _where(county: bool) -> list[Column]:
    return [("c_township", "", _text("township"))] if county else []


def _villages(summary: Row, w: Words, *, county: bool) -> str:
    """Lowest coverage first, with this week's patrol shifts from the village's post."""
    year = int(str(summary["week"])[:4])
    shifts = {
        (p.get("township"), p["id"]): p
        for p in summary.get("posts") or []
        if p.get("kind") == "village"
    }

    def filled(v: Row) -> str:
        post = shifts.get((v.get("township"), v["id"]))
        return f"{post['shifts_filled']}/{post['shifts_planned']}" if post else "—"

    columns: list[Column] = [
        ("c_village", "", lambda v: _swatch(v.get("coverage_ratio")) + escape(str(v.get("name", "")))),
        *_where(county),
        ("c_coverage", "num", lambda v: _pct(v.get("coverage_ratio"))),
        ("c_cells", "num", lambda v: f"{_n(v.get('cells_covered'))}/{_n(v.get('cells_total'))}"),
        ("c_km", "num", _num("km", 1)),
        ("c_minutes", "num", _num("minutes")),
        ("c_patrols", "num", _num("patrols")),
        ("c_patrol_shifts", "num", filled),
        ("c_last_visit", "", lambda v: _local(v["last_visit"], year) if v.get("last_visit") else w("never")),
        ("c_stale", "num", _num("stale_cells")),
    ]  # fmt: skip
    rows = sorted(
        summary.get("villages") or [], key=lambda v: (v.get("coverage_ratio") or 0, str(v["id"]))
    )
    return _listing("villages", w, rows, columns)


def _swatch(ratio: float | None) -> str:
    return f'<i class="sw" style="background:{coverage_colour(ratio)}"></i>'


def _posts(summary: Row, w: Words, *, county: bool) -> str:
    """Crossings (and any post not shown as a village), with violations in words."""
    villages = {(v.get("township"), v["id"]) for v in summary.get("villages") or []}
    posts = [p for p in summary.get("posts") or []
             if not (p.get("kind") == "village" and (p.get("township"), p["id"]) in villages)]  # fmt: skip
    order = list(HAZARD_CATEGORIES)

    def violations(p: Row) -> str:
        found = sorted(((c, n) for c, n in (p.get("violations") or {}).items() if n),
                       key=lambda item: order.index(item[0]) if item[0] in order else len(order))  # fmt: skip
        return escape(w.raw("sep").join(f"{_category(c, w)} {n}" for c, n in found)) or "—"

    columns: list[Column] = [("c_post", "", _text("name")), *_where(county)] + [
        (f"c_{key}", "num", _num(key))
        for key in ("shifts_planned", "shifts_filled", "on_time", "late", "missed", "minutes_present", "people_reached")
    ] + [("c_violations", "", violations)]  # fmt: skip
    return _listing("posts", w, posts, columns, lambda p: "warn" if p.get("missed") else "")


def _hazards(summary: Row, w: Words) -> str:
    """Overdue first, then open, then closed; each group in the order reported."""
    ledger = summary.get("hazards") or []
    rows = sorted(
        ledger,
        key=lambda h: (
            not h.get("overdue"),
            h.get("state") == "closed",
            h.get("recorded_at") or "",
        ),
    )
    sunday = _week_dates(str(summary["week"]))[1]

    def state(h: Row) -> str:
        return escape(
            w.pick(STATE_LABELS.get(h.get("state", ""), (h.get("state_zh") or h.get("state", ""),)))
        )

    def overdue(h: Row) -> str:
        days = (sunday - datetime.fromisoformat(h["due"]).date()).days if h.get("due") else 0
        return (
            f'<b class="badge">{w("overdue_days", n=max(days, 0))}</b>' if h.get("overdue") else ""
        )

    def description(h: Row) -> str:
        text = str(h.get("description") or "")
        return f'<span title="{escape(text)}">{escape(text[:60] + ("…" if len(text) > 60 else ""))}</span>'

    columns: list[Column] = [
        ("c_recorded", "", lambda h: _local(h.get("recorded_at"), sunday.year)),
        ("c_category", "", lambda h: escape(_category(str(h.get("category", "")), w))),
        ("c_place", "", _text("place")), ("c_state", "", state),
        ("c_owner", "", lambda h: escape(str(h.get("owner") or "—"))),
        ("c_due", "", lambda h: _local(h.get("due"), sunday.year)), ("c_overdue", "", overdue),
        ("c_reporter", "", _text("reporter")), ("c_desc", "desc", description),
    ]  # fmt: skip
    return _listing("hazards", w, rows, columns, lambda h: "overdue" if h.get("overdue") else "")


def _staff(staff: Sequence[Row], w: Words, *, county: bool) -> str:
    columns: list[Column] = [("c_name", "", _text("name")), ("c_id", "", _text("id")), *_where(county)] + [
        (f"c_{key}", "num", _num(key)) for key in ("shifts", "on_time", "late", "missed", "people_reached", "reports")
    ]  # fmt: skip
    return _listing("staff", w, staff, columns, lambda s: "warn" if s.get("missed") else "")


def _townships(summary: Row, w: Words) -> str:
    """A county's figures per township, summed from the village and post rows."""
    sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for v in summary.get("villages") or []:
        sums[v.get("township", "")]["coverage"].append(v.get("coverage_ratio") or 0.0)
    for p in summary.get("posts") or []:
        kind = "patrol" if p.get("kind") == "village" else "crossing"
        for key in ("shifts_planned", "shifts_filled", "missed"):
            sums[p.get("township", "")][f"{kind}_{key}"].append(p.get(key, 0))
    rows = []
    for name in summary.get("townships") or []:
        t = {key: sum(values) for key, values in sums[name].items()}
        ratios = sums[name]["coverage"]
        rows.append({
            "name": escape(name), "villages": len(ratios),
            "coverage": _pct(sum(ratios) / len(ratios) if ratios else None),
            "patrols": f"{t.get('patrol_shifts_filled', 0):g}/{t.get('patrol_shifts_planned', 0):g}",
            "crossings": f"{t.get('crossing_shifts_filled', 0):g}/{t.get('crossing_shifts_planned', 0):g}",
            "missed": _n(t.get("patrol_missed", 0) + t.get("crossing_missed", 0)),
        })  # fmt: skip
    columns: list[Column] = [
        ("c_township", "", _raw("name")), ("c_villages", "num", _num("villages")),
        ("k_coverage", "num", _raw("coverage")), ("k_patrols", "num", _raw("patrols")),
        ("k_persuasion", "num", _raw("crossings")), ("k_no_shows", "num", _raw("missed")),
    ]  # fmt: skip
    return _listing("townships", w, rows, columns)


def _definitions(definitions: Mapping[str, str], w: Words) -> str:
    """Each definition is written "中文 / English"; the page shows its own language's half."""
    items = []
    for key, text in definitions.items():
        halves = re.split(r"\s*/\s+", str(text), maxsplit=1)
        label = w(f"def_{key}") if f"def_{key}" in LABELS else escape(key)
        items.append(f"<dt>{label}</dt><dd>{escape(w.pick(halves).strip())}</dd>")
    body = f"<dl>{''.join(items)}</dl>" if items else f'<p class="empty">{w("d_none")}</p>'
    return _section("definitions", w("sec_defs"), body)


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
    "d_on_time": ("准时 {a} · 迟到 {b} · 缺勤 {c}", "on time {a} · late {b} · missed {c}"),
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
