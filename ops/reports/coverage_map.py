"""The weekly page's coverage map as inline SVG: villages shaded, crossings as circles, an inset.

Values in, markup out; every text from data is escaped here. Symbols and legend come from
ops.reports.map_symbols, label placement from ops.reports.map_labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ops.reports.map_labels import crossing_labels, group_labels, side_label, village_labels
from ops.reports.map_symbols import (
    LOW_FILL,
    R_MAX,
    MapCrossing,
    MapVillage,
    coverage_colour,
    crossing_radius,
)
from ops.reports.scrub import html_text
from ops.reports.svg import M_PER_DEGREE, Box, Frame, bounds

MAP_WIDTH, INSET_WIDTH = 600.0, 420.0  # SVG units
INSET_BELOW = 60.0  # SVG units: crossings all closer together than this get an enlarged inset
FRAME_MARGIN = (
    R_MAX + 15.0
)  # SVG units around villages and crossings: a whole circle and its stroke


def coverage_map(
    villages: Sequence[MapVillage], crossings: Sequence[MapCrossing], words: Mapping[str, str]
) -> tuple[str, str]:
    """The map of villages and crossings, and an enlarged inset when the crossings are clustered."""
    outline = [
        (p[0], p[1]) for v in villages for rings in v.polygons for ring in rings[:1] for p in ring
    ]
    spots = [(c.lon, c.lat) for c in crossings]
    if not outline and not spots:
        return "", ""
    # Villages and crossings both decide the frame, with a margin wider than the largest circle:
    # a crossing beyond the villages' outline (a highway entrance) is never cut at the edge.
    frame = Frame.fit(bounds(outline + spots), MAP_WIDTH, FRAME_MARGIN, min_span_m=2000.0)
    cluster = bounds([frame.xy(*s) for s in spots]) if spots else (0.0, 0.0, 0.0, 0.0)
    inset = len(spots) > 1 and max(cluster[2] - cluster[0], cluster[3] - cluster[1]) < INSET_BELOW
    body = [f'<rect class="map-bg" width="{frame.width:.0f}" height="{frame.height:.0f}"/>']
    body += _village_shapes(frame, villages, "village")
    taken: list[Box] = []
    if inset:
        x0, y0, x1, y1 = cluster[0] - 6, cluster[1] - 6, cluster[2] + 6, cluster[3] + 6
        body.append(
            f'<rect class="inset-frame" x="{x0:.1f}" y="{y0:.1f}" '
            f'width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
        )
        body.append(side_label(words["crossings_here"], x1 + 4, (y0 + y1) / 2, taken))
        taken.append((x0, y0, x1, y1))
    else:
        body += _crossing_marks(frame, crossings, taken)
    if len({v.group for v in villages}) > 1:
        body += group_labels(frame, villages, taken)
    body += village_labels(frame, villages, taken) + _furniture(frame, words)
    main = _svg("map", frame, words["map_title"], body)
    return main, _inset(villages, crossings, words) if inset else ""


def _inset(
    villages: Sequence[MapVillage], crossings: Sequence[MapCrossing], words: Mapping[str, str]
) -> str:
    """The crossings enlarged, each named (or numbered, with a key underneath) beside its circle."""
    zoom = Frame.fit(
        bounds([(c.lon, c.lat) for c in crossings]), INSET_WIDTH, 60.0,
        min_span_m=400.0, aspect=(0.8, 1.0),
    )  # fmt: skip
    body = [f'<rect class="map-bg" width="{zoom.width:.0f}" height="{zoom.height:.0f}"/>']
    body += _village_shapes(zoom, villages, "village-bg")
    taken: list[Box] = []
    body += _crossing_marks(zoom, crossings, taken)
    labels, key = crossing_labels(zoom, crossings, taken)
    body += labels + _furniture(zoom, words)
    listed = f'<ol class="crossing-key">{"".join(key)}</ol>' if key else ""
    return _svg("map-inset", zoom, words["inset_title"], body) + listed


def _svg(ident: str, frame: Frame, title: str, body: list[str]) -> str:
    return (
        f'<svg id="{ident}" class="map" viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" '
        f'role="img" aria-labelledby="{ident}-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{html_text(title)}</title>' + "".join(body) + "</svg>"
    )


def _village_shapes(frame: Frame, villages: Sequence[MapVillage], css: str) -> list[str]:
    return [
        f'<path class="{css}" fill="{coverage_colour(v.ratio)}" fill-rule="evenodd" '
        f'd="{frame.path(v.polygons)}"><title>{html_text(v.tip)}</title></path>'
        for v in villages
        if v.polygons
    ]


def _crossing_marks(frame: Frame, crossings: Sequence[MapCrossing], taken: list[Box]) -> list[str]:
    """A circle per crossing whose area grows with its fill rate; the biggest drawn first."""
    marks = []
    for crossing in sorted(crossings, key=lambda c: -(c.fill_rate or 0.0)):
        x, y = frame.xy(crossing.lon, crossing.lat)
        r, rate = crossing_radius(crossing.fill_rate), crossing.fill_rate
        state = " none" if rate is None else " low" if rate < LOW_FILL else ""
        marks.append(
            f'<circle class="crossing{state}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
            f"<title>{html_text(crossing.tip)}</title></circle>"
        )
        taken.append((x - r, y - r, x + r, y + r))
    return marks


def _furniture(frame: Frame, words: Mapping[str, str]) -> list[str]:
    """A north arrow and a scale bar of a round length about a fifth of the width."""
    metres = frame.width / 5 * M_PER_DEGREE / frame.scale
    step = 10 ** math.floor(math.log10(metres))
    length_m = max(n * step for n in (1, 2, 5) if n * step <= metres)
    length = length_m / M_PER_DEGREE * frame.scale
    x, y = 12.0, frame.height - 14
    text = f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"
    return [
        f'<g class="scale"><path d="M{x} {y - 5}V{y}H{x + length:.1f}V{y - 5}"/>'
        f'<text class="map-label" x="{x + length + 5:.1f}" y="{y + 1}">{text}</text></g>',
        f'<g class="north"><path d="M{frame.width - 18} 10l7 18l-7-5l-7 5z"/>'
        f'<text class="map-label" x="{frame.width - 18}" y="42" text-anchor="middle">'
        f"{html_text(words['north'])}</text></g>",
    ]
