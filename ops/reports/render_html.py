"""summary.html: the weekly summary as one self-contained page a supervisor opens offline.

Nothing is fetched: CSS and SVG are inline, text uses the system's CJK fonts, there is no script,
and a Content-Security-Policy forbids any request. Chinese labels by default, English with
lang="en"; data (names, places, descriptions) stays as recorded, always escaped and without the
characters HTML cannot show (ops.reports.scrub.html_text). Readable
at 360 px (wide tables scroll inside their own box) and printable on A4 (rows never split).

This module assembles the page and writes its header, headline cards and definitions; the tables
are in ops.reports.page_listings, the map and trend in ops.reports.page_figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ops.reports.map_symbols import MAP_CSS
from ops.reports.page_cells import Row, number, pct, section, week_dates
from ops.reports.page_figures import map_section, trend_section
from ops.reports.page_listings import (
    hazards_section,
    posts_section,
    staff_section,
    townships_section,
    villages_section,
)
from ops.reports.page_text import CSS, LABELS, Words
from ops.reports.scrub import html_text


def render_html(summary: Row, geojson: Row, *, lang: str = "zh") -> str:
    """The whole page for `build_weekly`'s summary and the coverage FeatureCollection."""
    w = Words(lang)
    county = len(summary.get("townships") or []) > 1
    parts = [
        _header(summary, w),
        _cards(summary.get("kpis") or {}, w),
        map_section(summary, geojson, w),
        trend_section(summary.get("trend") or [], w),
        townships_section(summary, w) if county else "",
        villages_section(summary, w, county=county),
        posts_section(summary, w, county=county),
        hazards_section(summary, w),
        staff_section(summary.get("staff") or [], w, county=county),
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


def _header(summary: Row, w: Words) -> str:
    first, last = week_dates(str(summary["week"]))
    year, week_no, _ = first.isocalendar()
    if w.lang == "en":
        period = f"ISO week {week_no}, {year} · {first:%-d %b} – {last:%-d %b %Y}"
    else:
        period = f"{year}年第{week_no}周 · {first.month}月{first.day}日至{last.month}月{last.day}日"
    towns = summary.get("townships") or []
    listed = (
        f"{w('townships_n', n=len(towns))}{html_text(w.raw('sep').join(towns))}"
        if len(towns) > 1
        else ""
    )
    made = (summary.get("generated_at") or "")[:16].replace("T", " ")
    return (
        f"<header><h1>{html_text(str(summary.get('township', '')))} <span>{w('h1')}</span></h1>"
        f'<p class="period">{html_text(period)} <span class="week">{html_text(str(summary["week"]))}'
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
    lowest = w("d_lowest", name=low["name"], p=pct(low["coverage_ratio"])) if low else w("d_none")
    found = w.raw("sep").join(
        f"{w.category(c)} {n}" for c, n in (k.get("violations") or {}).items() if n
    )
    out_of = "{}<small>/{}</small>".format
    cards = [  # label, value, detail, change key, direction, is a rate
        ("k_patrols", out_of(number(k.get("patrols_done")), number(k.get("patrols_planned"))),
         w("d_rate", p=pct(k.get("patrol_rate"))), "patrols_done", 1, False),
        ("k_persuasion", out_of(number(k.get("persuasion_filled")), number(k.get("persuasion_planned"))),
         w("d_rate", p=pct(k.get("persuasion_rate"))), "persuasion_filled", 1, False),
        ("k_on_time", pct(k.get("on_time_rate")),
         w("d_on_time", a=number(k.get("on_time")), b=number(k.get("late")), c=number(k.get("no_shows")),
           d=number(k.get("made_up", 0))),
         "on_time_rate", 1, True),
        ("k_no_shows", number(k.get("no_shows")), w("d_person_shifts"), "no_shows", -1, False),
        ("k_people", number(k.get("people_reached")), w("d_people"), "people_reached", 1, False),
        ("k_violations", number(k.get("violations_total")), html_text(found) or w("d_none"),
         "violations_total", 0, False),
        ("k_h_reported", number(k.get("hazards_reported")), w("d_week"), "hazards_reported", 0, False),
        ("k_h_closed", number(k.get("hazards_closed")), w("d_week"), "hazards_closed", 1, False),
        ("k_h_open", number(k.get("hazards_open")), w("d_at_end"), "hazards_open", -1, False),
        ("k_h_overdue", number(k.get("hazards_overdue")), w("d_at_end"), "hazards_overdue", -1, False),
        ("k_coverage", pct(k.get("mean_village_coverage")), lowest, "mean_village_coverage", 1, True),
        ("k_stale", number(k.get("stale_cells")), w("d_stale", n=number(k.get("cells_total"))),
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


def _definitions(definitions: Mapping[str, str], w: Words) -> str:
    """Each definition is written "中文 / English"; the page shows its own language's half."""
    items = []
    for key, text in definitions.items():
        halves = re.split(r"\s*/\s+", str(text), maxsplit=1)
        label = w(f"def_{key}") if f"def_{key}" in LABELS else html_text(key)
        items.append(f"<dt>{label}</dt><dd>{html_text(w.pick(halves).strip())}</dd>")
    body = f"<dl>{''.join(items)}</dl>" if items else f'<p class="empty">{w("d_none")}</p>'
    return section("definitions", w("sec_defs"), body)
