"""The weekly page's tables: villages, crossings, the hazard ledger, staff, and a county's townships."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from ops.intake.hazards import STATE_LABELS
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.reports.map_symbols import coverage_colour
from ops.reports.page_cells import (
    Column,
    Row,
    listing,
    local,
    num,
    number,
    pct,
    raw,
    text,
    week_dates,
    where,
)
from ops.reports.page_text import Words
from ops.reports.scrub import html_text


def villages_section(summary: Row, w: Words, *, county: bool) -> str:
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
        ("c_village", "", lambda v: _swatch(v.get("coverage_ratio")) + html_text(str(v.get("name", "")))),
        *where(county),
        ("c_coverage", "num", lambda v: pct(v.get("coverage_ratio"))),
        ("c_cells", "num", lambda v: f"{number(v.get('cells_covered'))}/{number(v.get('cells_total'))}"),
        ("c_km", "num", num("km", 1)),
        ("c_minutes", "num", num("minutes")),
        ("c_patrols", "num", num("patrols")),
        ("c_patrol_shifts", "num", filled),
        ("c_last_visit", "", lambda v: local(v["last_visit"], year) if v.get("last_visit") else w("never")),
        ("c_stale", "num", num("stale_cells")),
    ]  # fmt: skip
    rows = sorted(
        summary.get("villages") or [], key=lambda v: (v.get("coverage_ratio") or 0, str(v["id"]))
    )
    return listing("villages", w, rows, columns)


def _swatch(ratio: float | None) -> str:
    return f'<i class="sw" style="background:{coverage_colour(ratio)}"></i>'


def posts_section(summary: Row, w: Words, *, county: bool) -> str:
    """Crossings (and any post not shown as a village), with violations in words."""
    villages = {(v.get("township"), v["id"]) for v in summary.get("villages") or []}
    posts = [p for p in summary.get("posts") or []
             if not (p.get("kind") == "village" and (p.get("township"), p["id"]) in villages)]  # fmt: skip
    order = list(HAZARD_CATEGORIES)

    def violations(p: Row) -> str:
        found = sorted(((c, n) for c, n in (p.get("violations") or {}).items() if n),
                       key=lambda item: order.index(item[0]) if item[0] in order else len(order))  # fmt: skip
        return html_text(w.raw("sep").join(f"{w.category(c)} {n}" for c, n in found)) or "—"

    columns: list[Column] = [("c_post", "", text("name")), *where(county)] + [
        (f"c_{key}", "num", num(key))
        for key in ("shifts_planned", "shifts_filled", "on_time", "late", "missed", "minutes_present", "people_reached")
    ] + [("c_violations", "", violations)]  # fmt: skip
    return listing("posts", w, posts, columns, lambda p: "warn" if p.get("missed") else "")


def hazards_section(summary: Row, w: Words) -> str:
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
    sunday = week_dates(str(summary["week"]))[1]

    def state(h: Row) -> str:
        return html_text(
            w.pick(STATE_LABELS.get(h.get("state", ""), (h.get("state_zh") or h.get("state", ""),)))
        )

    def overdue(h: Row) -> str:
        days = (sunday - datetime.fromisoformat(h["due"]).date()).days if h.get("due") else 0
        return (
            f'<b class="badge">{w("overdue_days", n=max(days, 0))}</b>' if h.get("overdue") else ""
        )

    def description(h: Row) -> str:
        full = str(h.get("description") or "")
        return f'<span title="{html_text(full)}">{html_text(full[:60] + ("…" if len(full) > 60 else ""))}</span>'

    columns: list[Column] = [
        ("c_recorded", "", lambda h: local(h.get("recorded_at"), sunday.year)),
        ("c_category", "", lambda h: html_text(w.category(str(h.get("category", ""))))),
        ("c_place", "", text("place")), ("c_state", "", state),
        ("c_owner", "", lambda h: html_text(str(h.get("owner") or "—"))),
        ("c_due", "", lambda h: local(h.get("due"), sunday.year)), ("c_overdue", "", overdue),
        ("c_reporter", "", text("reporter")), ("c_desc", "desc", description),
    ]  # fmt: skip
    return listing("hazards", w, rows, columns, lambda h: "overdue" if h.get("overdue") else "")


def staff_section(staff: Sequence[Row], w: Words, *, county: bool) -> str:
    """Each person's shifts, attendance and reports this week."""
    columns: list[Column] = [("c_name", "", text("name")), ("c_id", "", text("id")), *where(county)] + [
        (f"c_{key}", "num", num(key)) for key in ("shifts", "on_time", "late", "missed", "people_reached", "reports")
    ]  # fmt: skip
    return listing("staff", w, staff, columns, lambda s: "warn" if s.get("missed") else "")


def townships_section(summary: Row, w: Words) -> str:
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
            "name": html_text(name), "villages": len(ratios),
            "coverage": pct(sum(ratios) / len(ratios) if ratios else None),
            "patrols": f"{t.get('patrol_shifts_filled', 0):g}/{t.get('patrol_shifts_planned', 0):g}",
            "crossings": f"{t.get('crossing_shifts_filled', 0):g}/{t.get('crossing_shifts_planned', 0):g}",
            "missed": number(t.get("patrol_missed", 0) + t.get("crossing_missed", 0)),
        })  # fmt: skip
    columns: list[Column] = [
        ("c_township", "", raw("name")), ("c_villages", "num", num("villages")),
        ("k_coverage", "num", raw("coverage")), ("k_patrols", "num", raw("patrols")),
        ("k_persuasion", "num", raw("crossings")), ("k_no_shows", "num", raw("missed")),
    ]  # fmt: skip
    return listing("townships", w, rows, columns)
