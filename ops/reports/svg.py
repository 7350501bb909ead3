"""Inline SVG for the weekly page: the coverage map and the four-week trend chart.

Values in, markup out; every text from data is escaped here. Lon/lat degrees are projected
equirectangularly with x scaled by cos(mid-latitude): true enough for a township tens of kilometres
across, and it needs no tiles or projection library.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

# ColorBrewer YlGn, five classes: pale = little of the village patrolled, dark green = most of it.
COVERAGE_CLASSES = (
    (0.2, "#ffffcc"),
    (0.4, "#c2e699"),
    (0.6, "#78c679"),
    (0.8, "#31a354"),
    (math.inf, "#006837"),
)
NO_DATA = "#d9d9d9"
M_PER_DEGREE = 111_320.0  # metres per degree of latitude (and of longitude at the equator)
MAP_WIDTH, INSET_WIDTH, CHART_WIDTH = 600.0, 420.0, 560.0
R_MIN, R_MAX = 3.5, 13.0  # crossing circle radius for fill rate 0 and 1 (SVG units, about px)
INSET_BELOW = 60.0  # SVG units: crossings all closer together than this get an enlarged inset
LOW_FILL = 0.5  # crossings with fewer of their shifts filled are drawn in the warning colour
NAME, RATIO, SMALL = 15.0, 13.0, 12.0  # map text sizes in SVG units on a wide screen
PHONE = 1.6  # map text grows by this on a phone (MAP_CSS); labels reserve room for that size
MAP_CSS = (
    f".map-label{{font-size:{SMALL}px}}.map-label .name,.map-label.group{{font-size:{NAME}px;font-weight:700}}"
    f".map-label .ratio{{font-size:{RATIO}px}}@media (max-width:480px){{"
    f".map-label{{font-size:{SMALL * PHONE}px}}.map-label .name,.map-label.group{{font-size:{NAME * PHONE}px}}"
    f".map-label .ratio{{font-size:{RATIO * PHONE}px}}}}"
)

Box = tuple[float, float, float, float]
Ring = Sequence[Sequence[float]]


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


@dataclass(frozen=True)
class Series:
    """One line of the trend chart: ratios 0..1 per week (None where undefined)."""

    label: str
    colour: str
    marker: str  # "circle" | "square" | "triangle" | "diamond"
    values: Sequence[float | None]


def coverage_colour(ratio: float | None) -> str:
    """The fill for a coverage ratio (0..1) on the sequential scale."""
    if ratio is None:
        return NO_DATA
    return next(colour for upper, colour in COVERAGE_CLASSES if ratio < upper)


def crossing_radius(fill_rate: float | None) -> float:
    """Circle radius (SVG units) whose area grows with the fill rate."""
    return R_MIN + (R_MAX - R_MIN) * math.sqrt(max(0.0, min(1.0, fill_rate or 0.0)))


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


def _bounds(points: Sequence[Sequence[float]]) -> Box:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _overlaps(box: Box, taken: Sequence[Box]) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken)


def _label_point(polygons: Sequence[Sequence[Ring]]) -> tuple[float, float, float]:
    """An interior point of the village (lon, lat) and its area, for label order."""
    from shapely.geometry import MultiPolygon, Polygon

    shape = MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons if rings]).buffer(0)
    if shape.is_empty:  # a degenerate outline: fall back to the middle of its points
        west, south, east, north = _bounds([p for rings in polygons for p in rings[0]])
        return (west + east) / 2, (south + north) / 2, 0.0
    point = shape.representative_point()
    return point.x, point.y, shape.area


def coverage_map(
    villages: Sequence[MapVillage], crossings: Sequence[MapCrossing], words: Mapping[str, str]
) -> tuple[str, str]:
    """The map of villages and crossings, and an enlarged inset when the crossings are clustered."""
    outline = [p for v in villages for rings in v.polygons for ring in rings[:1] for p in ring]
    spots = [(c.lon, c.lat) for c in crossings]
    if not outline and not spots:
        return "", ""
    frame = Frame.fit(_bounds(outline or spots), MAP_WIDTH, 28.0, min_span_m=2000.0)
    cluster = _bounds([frame.xy(*s) for s in spots]) if spots else (0.0, 0.0, 0.0, 0.0)
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
        body.append(_label(words["crossings_here"], x1 + 4, (y0 + y1) / 2, taken))
        taken.append((x0, y0, x1, y1))
    else:
        body += _crossing_marks(frame, crossings, taken)
    if len({v.group for v in villages}) > 1:
        body += _group_labels(frame, villages, taken)
    body += _village_labels(frame, villages, taken) + _furniture(frame, words)
    main = _svg("map", frame, words["map_title"], body)
    return main, _inset(villages, crossings, words) if inset else ""


def _inset(
    villages: Sequence[MapVillage], crossings: Sequence[MapCrossing], words: Mapping[str, str]
) -> str:
    """The crossings enlarged, each named (or numbered, with a key underneath) beside its circle."""
    zoom = Frame.fit(
        _bounds([(c.lon, c.lat) for c in crossings]), INSET_WIDTH, 60.0,
        min_span_m=400.0, aspect=(0.8, 1.0),
    )  # fmt: skip
    body = [f'<rect class="map-bg" width="{zoom.width:.0f}" height="{zoom.height:.0f}"/>']
    body += _village_shapes(zoom, villages, "village-bg")
    taken: list[Box] = []
    body += _crossing_marks(zoom, crossings, taken)
    labels, key = _crossing_labels(zoom, crossings, taken)
    body += labels + _furniture(zoom, words)
    listed = f'<ol class="crossing-key">{"".join(key)}</ol>' if key else ""
    return _svg("map-inset", zoom, words["inset_title"], body) + listed


def _svg(ident: str, frame: Frame, title: str, body: list[str]) -> str:
    return (
        f'<svg id="{ident}" class="map" viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" '
        f'role="img" aria-labelledby="{ident}-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _village_shapes(frame: Frame, villages: Sequence[MapVillage], css: str) -> list[str]:
    return [
        f'<path class="{css}" fill="{coverage_colour(v.ratio)}" fill-rule="evenodd" '
        f'd="{frame.path(v.polygons)}"><title>{escape(v.tip)}</title></path>'
        for v in villages
        if v.polygons
    ]


def _fits(box: Box, frame: Frame, taken: Sequence[Box]) -> bool:
    inside = box[0] >= 0 and box[1] >= 0 and box[2] <= frame.width and box[3] <= frame.height
    return inside and not _overlaps(box, taken)


def _group_labels(frame: Frame, villages: Sequence[MapVillage], taken: list[Box]) -> list[str]:
    """A county map names each township once, in the middle of its villages."""
    groups: dict[str, list[Sequence[float]]] = {}
    for v in villages:
        groups.setdefault(v.group, []).extend(p for rings in v.polygons for p in rings[0])
    out = []
    size = NAME * PHONE
    for group, points in groups.items():
        west, south, east, north = _bounds(points)
        x, y = frame.xy((west + east) / 2, (south + north) / 2)
        half = text_width(group, size) / 2 + 2
        box = (x - half, y - size, x + half, y + 4)
        if group and _fits(box, frame, taken):
            taken.append(box)
            out.append(
                f'<text class="map-label group" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
                f"{escape(group)}</text>"
            )
    return out


def _village_labels(frame: Frame, villages: Sequence[MapVillage], taken: list[Box]) -> list[str]:
    """Name and ratio of each village big enough to carry them, biggest first, on or near it."""
    anchors = sorted(
        ((*_label_point(v.polygons), v) for v in villages if v.polygons), key=lambda a: -a[2]
    )
    out = []
    name_h, ratio_h = NAME * PHONE, RATIO * PHONE
    for lon, lat, _area, village in anchors:
        x, cy = frame.xy(lon, lat)
        ratio = "—" if village.ratio is None else f"{village.ratio:.0%}"
        half = max(text_width(village.name, name_h), text_width(ratio, ratio_h)) / 2 + 2
        west, _, east, _ = _bounds([frame.xy(p[0], p[1]) for r in village.polygons for p in r[0]])
        if 2 * half > 1.6 * (east - west):
            continue  # a label much wider than the village would hide its neighbours
        for y in (cy, cy - name_h - ratio_h, cy + name_h + ratio_h):
            box = (x - half, y - name_h, x + half, y + ratio_h * 1.15 + 2)
            if _fits(box, frame, taken):
                taken.append(box)
                out.append(
                    f'<text class="map-label" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
                    f'<tspan class="name">{escape(village.name)}</tspan>'
                    f'<tspan class="ratio" x="{x:.1f}" dy="1.15em">{ratio}</tspan></text>'
                )
                break
    return out


def _crossing_marks(frame: Frame, crossings: Sequence[MapCrossing], taken: list[Box]) -> list[str]:
    """A circle per crossing whose area grows with its fill rate; the biggest drawn first."""
    marks = []
    for crossing in sorted(crossings, key=lambda c: -(c.fill_rate or 0.0)):
        x, y = frame.xy(crossing.lon, crossing.lat)
        r, rate = crossing_radius(crossing.fill_rate), crossing.fill_rate
        state = " none" if rate is None else " low" if rate < LOW_FILL else ""
        marks.append(
            f'<circle class="crossing{state}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
            f"<title>{escape(crossing.tip)}</title></circle>"
        )
        taken.append((x - r, y - r, x + r, y + r))
    return marks


def _crossing_labels(
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
                 if _fits((x + dx - shift, y + dy - size, x + dx - shift + width, y + dy + 3), frame, taken)),
                None,
            )  # fmt: skip
            if spot is None:
                continue
            dx, dy, anchor, box = spot
            taken.append(box)
            labels.append(
                f'<text class="map-label" x="{x + dx:.1f}" y="{y + dy:.1f}" '
                f'text-anchor="{anchor}">{escape(mark)}</text>'
            )
            if mark != text:
                key.append(f'<li value="{number}">{escape(text)}</li>')
            break
    return labels, key


def _label(text: str, x: float, y: float, taken: list[Box]) -> str:
    taken.append((x, y - SMALL * PHONE, x + text_width(text, SMALL * PHONE), y + 4))
    return f'<text class="map-label" x="{x:.1f}" y="{y + 4:.1f}">{escape(text)}</text>'


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
        f"{escape(words['north'])}</text></g>",
    ]


def marker(kind: str, x: float, y: float, colour: str, size: float = 5.0) -> str:
    """A series marker; the shapes differ so the lines read apart without colour."""
    s = size
    if kind == "square":
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s}" height="{2 * s}" fill="{colour}"/>'
    if kind in ("triangle", "diamond"):
        shape = (
            [(0, -1.25), (1.25, 1), (-1.25, 1)]
            if kind == "triangle"
            else [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)]
        )
        points = " ".join(f"{x + dx * s:.1f},{y + dy * s:.1f}" for dx, dy in shape)
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s}" fill="{colour}"/>'


def map_legend(words: Mapping[str, str]) -> str:
    """HTML legend: the coverage classes and three crossing circle sizes."""
    edges = [0.0, *(upper for upper, _ in COVERAGE_CLASSES[:-1]), 1.0]
    swatches = [
        f'<li><i style="background:{colour}"></i>{edges[i]:.0%}–{edges[i + 1]:.0%}</li>'
        for i, (_, colour) in enumerate(COVERAGE_CLASSES)
    ] + [f'<li><i style="background:{NO_DATA}"></i>{escape(words["no_data"])}</li>']
    sizes = [
        f'<li><svg width="28" height="28" viewBox="-14 -14 28 28" aria-hidden="true">'
        f'<circle class="crossing{" low" if f < LOW_FILL else ""}" r="{crossing_radius(f):.1f}"/>'
        f"</svg>{f:.0%}</li>"
        for f in (0.25, 0.5, 1.0)
    ]
    return (
        f'<div class="legend"><p>{escape(words["legend_coverage"])}</p>'
        f'<ul class="swatches">{"".join(swatches)}</ul>'
        f'<p>{escape(words["legend_crossings"])}</p><ul class="sizes">{"".join(sizes)}</ul>'
        f'<p class="note">{escape(words["legend_low"])}</p>'
        f'<p class="note">{escape(words["map_note"])}</p></div>'
    )


def trend_legend(series: Sequence[Series]) -> str:
    """HTML legend: a line sample with its marker per series."""
    items = "".join(
        f'<li><svg width="30" height="14" viewBox="0 0 30 14" aria-hidden="true">'
        f'<path d="M0 7H30" stroke="{s.colour}" stroke-width="2.5"/>'
        f"{marker(s.marker, 15, 7, s.colour, 4)}</svg>{escape(s.label)}</li>"
        for s in series
    )
    return f'<ul class="series">{items}</ul>'


def _text(
    css: str, x: float, y: float, text: str, *, anchor: str = "middle", extra: str = ""
) -> str:
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _lines(series: Series, xs: Sequence[float], y_of: Callable[[float], float]) -> list[str]:
    """Polylines through consecutive defined values (a gap where a week has none), then markers."""
    out, run = [], []
    for x, value in [*zip(xs, series.values, strict=True), (0.0, None)]:
        if value is not None:
            run.append(f"{x:.1f},{y_of(value):.1f}")
            continue
        if len(run) > 1:
            out.append(
                f'<polyline class="series" stroke="{series.colour}" points="{" ".join(run)}"/>'
            )
        run = []
    return out


def trend_chart(
    weeks: Sequence[tuple[str, str]], series: Sequence[Series], words: Mapping[str, str]
) -> str:
    """Lines of ratios per week on a 0-100 % axis; weeks are (label, dates) pairs."""
    width, height, left, right, top, bottom = CHART_WIDTH, 270.0, 58.0, 18.0, 14.0, 62.0
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(weeks), 1)
    xs = [left + step * (i + 0.5) for i in range(len(weeks))]

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, value)))

    out = [f'<rect class="chart-bg" x="{left}" y="{top}" width="{plot_w}" height="{plot_h}"/>']
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        out.append(f'<path class="grid" d="M{left} {y_of(tick):.1f}H{width - right}"/>')
        out.append(_text("tick", left - 6, y_of(tick) + 4, f"{tick:.0%}", anchor="end"))
    for x, (label, dates) in zip(xs, weeks, strict=True):
        out.append(_text("tick", x, height - bottom + 18, label))
        out.append(_text("tick dim", x, height - bottom + 34, dates))
    middle = top + plot_h / 2
    out.append(_text("axis", left + plot_w / 2, height - 6, words["x_axis"]))
    out.append(
        _text(
            "axis",
            0,
            0,
            words["y_axis"],
            extra=f' transform="translate(15 {middle:.1f}) rotate(-90)"',
        )
    )
    points = []
    for line in series:
        out += _lines(line, xs, y_of)
        for x, value, (label, _) in zip(xs, line.values, weeks, strict=True):
            if value is not None:
                tip = escape(f"{line.label} {label}: {value:.0%}")
                points.append(
                    f"<g>{marker(line.marker, x, y_of(value), line.colour)}<title>{tip}</title></g>"
                )
    if not points:
        out.append(_text("axis", left + plot_w / 2, middle, words["no_trend"]))
    return (
        f'<svg id="trend" class="chart" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-labelledby="trend-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="trend-title">{escape(words["trend_title"])}</title>{"".join(out + points)}</svg>'
    )
