"""Where the coverage map's words go: names and figures placed where they fit and hide nothing.

Each function appends the box it uses to `taken`, so later labels keep clear of earlier ones and
of the circles. Every text from data is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ops.reports.map_symbols import (
    NAME,
    PHONE,
    RATIO,
    SMALL,
    MapCrossing,
    MapVillage,
    crossing_radius,
)
from ops.reports.scrub import html_text
from ops.reports.svg import Box, Frame, Ring, bounds, fits, text_width


def label_point(polygons: Sequence[Sequence[Ring]]) -> tuple[float, float, float]:
    """An interior point of the village (lon, lat) and its area, for label order."""
    from shapely.geometry import MultiPolygon, Polygon

    shape = MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons if rings]).buffer(0)
    if shape.is_empty:  # a degenerate outline: fall back to the middle of its points
        west, south, east, north = bounds([p for rings in polygons for p in rings[0]])
        return (west + east) / 2, (south + north) / 2, 0.0
    point = shape.representative_point()
    return point.x, point.y, shape.area


def group_labels(frame: Frame, villages: Sequence[MapVillage], taken: list[Box]) -> list[str]:
    """A county map names each township once, in the middle of its villages."""
    groups: dict[str, list[Sequence[float]]] = {}
    for v in villages:
        groups.setdefault(v.group, []).extend(p for rings in v.polygons for p in rings[0])
    out = []
    size = NAME * PHONE
    for group, points in groups.items():
        west, south, east, north = bounds(points)
        x, y = frame.xy((west + east) / 2, (south + north) / 2)
        half = text_width(group, size) / 2 + 2
        box = (x - half, y - size, x + half, y + 4)
        if group and fits(box, frame, taken):
            taken.append(box)
            out.append(
                f'<text class="map-label group" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
                f"{html_text(group)}</text>"
            )
    return out


def village_labels(frame: Frame, villages: Sequence[MapVillage], taken: list[Box]) -> list[str]:
    """Name and ratio of each village big enough to carry them, biggest first, on or near it."""
    anchors = sorted(
        ((*label_point(v.polygons), v) for v in villages if v.polygons), key=lambda a: -a[2]
    )
    out = []
    name_h, ratio_h = NAME * PHONE, RATIO * PHONE
    for lon, lat, _area, village in anchors:
        x, cy = frame.xy(lon, lat)
        ratio = "—" if village.ratio is None else f"{village.ratio:.0%}"
        half = max(text_width(village.name, name_h), text_width(ratio, ratio_h)) / 2 + 2
        west, _, east, _ = bounds([frame.xy(p[0], p[1]) for r in village.polygons for p in r[0]])
        if 2 * half > 1.6 * (east - west):
            continue  # a label much wider than the village would hide its neighbours
        for y in (cy, cy - name_h - ratio_h, cy + name_h + ratio_h):
            box = (x - half, y - name_h, x + half, y + ratio_h * 1.15 + 2)
            if fits(box, frame, taken):
                taken.append(box)
                out.append(
                    f'<text class="map-label" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
                    f'<tspan class="name">{html_text(village.name)}</tspan>'
                    f'<tspan class="ratio" x="{x:.1f}" dy="1.15em">{ratio}</tspan></text>'
                )
                break
    return out


def crossing_labels(
    frame: Frame, crossings: Sequence[MapCrossing], taken: list[Box]
) -> tuple[list[str], list[str]]:
    """Name and fill rate beside each circle, west first; where no name fits, a number and a key line."""
    labels, key = [], []
    size = SMALL * PHONE
    for number, crossing in enumerate(sorted(crossings, key=lambda c: (c.lon, -c.lat)), start=1):
        x, y = frame.xy(crossing.lon, crossing.lat)
        r = crossing_radius(crossing.fill_rate)
        share = "—" if crossing.fill_rate is None else f"{crossing.fill_rate:.0%}"
        text = f"{crossing.name} {share}"
        for mark in (text, str(number)):
            width = text_width(mark, size)
            spots = ((r + 3, size * 0.35, "start", 0.0), (-r - 3, size * 0.35, "end", width),
                     (0, -r - 4, "middle", width / 2), (0, r + size, "middle", width / 2),
                     (r, -r, "start", 0.0), (r, r + size, "start", 0.0),
                     (-r, -r, "end", width), (-r, r + size, "end", width))  # fmt: skip
            spot = next(
                ((dx, dy, anchor, (x + dx - shift, y + dy - size, x + dx - shift + width, y + dy + 3))
                 for dx, dy, anchor, shift in spots
                 if fits((x + dx - shift, y + dy - size, x + dx - shift + width, y + dy + 3), frame, taken)),
                None,
            )  # fmt: skip
            if spot is None:
                continue
            dx, dy, anchor, box = spot
            taken.append(box)
            labels.append(
                f'<text class="map-label" x="{x + dx:.1f}" y="{y + dy:.1f}" '
                f'text-anchor="{anchor}">{html_text(mark)}</text>'
            )
            if mark != text:
                key.append(f'<li value="{number}">{html_text(text)}</li>')
            break
    return labels, key


def side_label(text: str, x: float, y: float, taken: list[Box]) -> str:
    """A small label starting at (x, y), e.g. the pointer to the inset."""
    taken.append((x, y - SMALL * PHONE, x + text_width(text, SMALL * PHONE), y + 4))
    return f'<text class="map-label" x="{x:.1f}" y="{y + 4:.1f}">{html_text(text)}</text>'
