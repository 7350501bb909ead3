"""The weekly page's figures: the coverage map section and the four-week trend section.

These turn the summary's rows and the coverage FeatureCollection into the values the SVG modules
draw (ops.reports.coverage_map, ops.reports.trend_chart).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ops.reports.coverage_map import coverage_map
from ops.reports.map_symbols import MapCrossing, MapVillage, map_legend
from ops.reports.page_cells import Column, Row, number, pct, raw, section, table, week_dates
from ops.reports.page_text import Words
from ops.reports.scrub import close_bidi
from ops.reports.trend_chart import Series, trend_chart, trend_legend

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


def map_section(summary: Row, geojson: Row, w: Words) -> str:
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
    tip = w.fill("tip_village", name=f"{close_bidi(group)} {name}".strip(), p=pct(ratio), **cells)
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
    tip = w.fill("tip_crossing", name=name, p=pct(rate), **shifts)
    return MapCrossing(name, float(lon), float(lat), rate, tip)


def trend_section(trend: Sequence[Row], w: Words) -> str:
    """The rates as lines, and every trended figure in a small table underneath."""
    if not trend:
        return section("trend-section", w("sec_trend"), f'<p class="empty">{w("no_trend")}</p>')
    weeks = []
    for row in trend:
        monday, sunday = week_dates(str(row["week"]))
        week_no = monday.isocalendar()[1]
        label = f"W{week_no}" if w.lang == "en" else f"第{week_no}周"
        weeks.append((label, f"{monday:%m/%d}–{sunday:%m/%d}"))
    series = [
        Series(w.raw(label), colour, shape, [row.get(key) for row in trend])
        for key, label, colour, shape in TREND_SERIES
    ]
    chart = trend_chart(weeks, series, {k: w.raw(k) for k in CHART_WORDS})
    figure = (
        f'<figure class="chart-box">{chart}<figcaption>{trend_legend(series)}</figcaption></figure>'
    )
    columns: list[Column] = [("metric", "", raw("label"))] + [
        (f"{label}\n{dates}", "num", raw(f"w{i}")) for i, (label, dates) in enumerate(weeks)
    ]
    rows = [
        {"label": w(label)} | {f"w{i}": pct(r.get(key)) for i, r in enumerate(trend)}
        for key, label, _, _ in TREND_SERIES
    ] + [
        {"label": w(f"t_{key}")} | {f"w{i}": number(r.get(key)) for i, r in enumerate(trend)}
        for key in TREND_COUNTS
    ]
    return section("trend-section", w("sec_trend"), figure + table("trend-table", columns, rows, w))
