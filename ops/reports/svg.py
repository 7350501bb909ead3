"""The SVG drawing surface shared by the weekly page's map: lon/lat fitted into a box, room for labels.

Lon/lat degrees are projected equirectangularly with x scaled by cos(mid-latitude): true enough for
a township tens of kilometres across, and it needs no tiles or projection library. The map itself
is drawn by ops.reports.coverage_map, its symbols and legend by ops.reports.map_symbols.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

M_PER_DEGREE = 111_320.0  # metres per degree of latitude (and of longitude at the equator)

Box = tuple[float, float, float, float]  # west/left, south/top, east/right, north/bottom
Ring = Sequence[Sequence[float]]


def text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK characters are square, Latin ones about 0.6 em."""
    return sum(size if ord(c) >= 0x2E80 else 0.6 * size for c in text)


@dataclass(frozen=True)
class Frame:
    """An equirectangular projection fitted into a width x height SVG box."""

    west: float
    north: float
    kx: float
    scale: float  # SVG units per degree of latitude
    left: float
    top: float
    width: float
    height: float

    @classmethod
    def fit(
        cls, bounds: Box, width: float, pad: float, *, min_span_m: float = 0.0,
        aspect: tuple[float, float] = (0.45, 1.2),
    ) -> Frame:  # fmt: skip
        """Fit bounds (west, south, east, north) with a margin; height/width within `aspect`."""
        west, south, east, north = bounds
        kx = math.cos(math.radians((south + north) / 2))
        half = min_span_m / M_PER_DEGREE / 2
        if north - south < 2 * half:
            south, north = (south + north) / 2 - half, (south + north) / 2 + half
        if (east - west) * kx < 2 * half:
            west, east = (west + east) / 2 - half / kx, (west + east) / 2 + half / kx
        span_x, span_y = max((east - west) * kx, 1e-9), max(north - south, 1e-9)
        inner = width - 2 * pad
        low, high = aspect
        scale = min(inner / span_x, (high * width - 2 * pad) / span_y)
        height = min(max(span_y * scale + 2 * pad, low * width), high * width)
        left = (width - span_x * scale) / 2
        top = (height - span_y * scale) / 2
        return cls(west, north, kx, scale, left, top, width, height)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG coordinates of a lon/lat point."""
        return (
            self.left + (lon - self.west) * self.kx * self.scale,
            self.top + (self.north - lat) * self.scale,
        )

    def path(self, polygons: Sequence[Sequence[Ring]]) -> str:
        """SVG path data for polygons with holes (draw with fill-rule evenodd)."""
        parts = []
        for rings in polygons:
            for ring in rings:
                points = [self.xy(p[0], p[1]) for p in ring]
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        return "".join(parts)


def bounds(points: Sequence[Sequence[float]]) -> Box:
    """The smallest box (min x, min y, max x, max y) holding every point."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(box: Box, taken: Sequence[Box]) -> bool:
    """Whether `box` overlaps any box already taken."""
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken)


def fits(box: Box, frame: Frame, taken: Sequence[Box]) -> bool:
    """Whether `box` lies inside the frame without covering anything already drawn."""
    inside = box[0] >= 0 and box[1] >= 0 and box[2] <= frame.width and box[3] <= frame.height
    return inside and not overlaps(box, taken)
