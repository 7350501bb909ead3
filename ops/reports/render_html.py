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
from ops.reports.page_text import CSS, LABELS
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
