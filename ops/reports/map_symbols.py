"""How the coverage map shows its figures: village shades, crossing circles, text sizes, the legend.

Values in, markup out; every text from data is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ops.reports.scrub import html_text
from ops.reports.svg import Ring

# ColorBrewer YlGn, five classes: pale = little of the village patrolled, dark green = most of it.
COVERAGE_CLASSES = (
    (0.2, "#ffffcc"),
    (0.4, "#c2e699"),
    (0.6, "#78c679"),
    (0.8, "#31a354"),
    (math.inf, "#006837"),
)
NO_DATA = "#d9d9d9"
R_MIN, R_MAX = 3.5, 13.0  # crossing circle radius for fill rate 0 and 1 (SVG units, about px)
LOW_FILL = 0.5  # crossings with fewer of their shifts filled are drawn in the warning colour
NAME, RATIO, SMALL = 15.0, 13.0, 12.0  # map text sizes in SVG units on a wide screen
PHONE = 1.6  # map text grows by this on a phone (MAP_CSS); labels reserve room for that size
MAP_CSS = (
    f".map-label{{font-size:{SMALL}px}}.map-label .name,.map-label.group{{font-size:{NAME}px;font-weight:700}}"
    f".map-label .ratio{{font-size:{RATIO}px}}@media (max-width:480px){{"
    f".map-label{{font-size:{SMALL * PHONE}px}}.map-label .name,.map-label.group{{font-size:{NAME * PHONE}px}}"
    f".map-label .ratio{{font-size:{RATIO * PHONE}px}}}}"
)


@dataclass(frozen=True)
class MapVillage:
    """A village to shade: its polygons (rings of [lon, lat]), coverage ratio and hover text."""

    name: str
    polygons: Sequence[Sequence[Ring]]
    ratio: float | None
    tip: str
    group: str = ""  # its township, when a county is drawn


@dataclass(frozen=True)
class MapCrossing:
    """A crossing to mark: where it is, the share of its shifts filled (None: none planned)."""

    name: str
    lon: float
    lat: float
    fill_rate: float | None
    tip: str


def coverage_colour(ratio: float | None) -> str:
    """The fill for a coverage ratio (0..1) on the sequential scale."""
    if ratio is None:
        return NO_DATA
    return next(colour for upper, colour in COVERAGE_CLASSES if ratio < upper)


def crossing_radius(fill_rate: float | None) -> float:
    """Circle radius (SVG units) whose area grows with the fill rate."""
    return R_MIN + (R_MAX - R_MIN) * math.sqrt(max(0.0, min(1.0, fill_rate or 0.0)))


def map_legend(words: Mapping[str, str]) -> str:
    """HTML legend: the coverage classes and three crossing circle sizes."""
    edges = [0.0, *(upper for upper, _ in COVERAGE_CLASSES[:-1]), 1.0]
    swatches = [
        f'<li><i style="background:{colour}"></i>{edges[i]:.0%}–{edges[i + 1]:.0%}</li>'
        for i, (_, colour) in enumerate(COVERAGE_CLASSES)
    ] + [f'<li><i style="background:{NO_DATA}"></i>{html_text(words["no_data"])}</li>']
    sizes = [
        f'<li><svg width="28" height="28" viewBox="-14 -14 28 28" aria-hidden="true">'
        f'<circle class="crossing{" low" if f < LOW_FILL else ""}" r="{crossing_radius(f):.1f}"/>'
        f"</svg>{f:.0%}</li>"
        for f in (0.25, 0.5, 1.0)
    ]
    return (
        f'<div class="legend"><p>{html_text(words["legend_coverage"])}</p>'
        f'<ul class="swatches">{"".join(swatches)}</ul>'
        f'<p>{html_text(words["legend_crossings"])}</p><ul class="sizes">{"".join(sizes)}</ul>'
        f'<p class="note">{html_text(words["legend_low"])}</p>'
        f'<p class="note">{html_text(words["map_note"])}</p></div>'
    )
