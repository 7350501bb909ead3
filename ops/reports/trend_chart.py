"""The weekly page's four-week trend chart as inline SVG, with its legend.

Values in, markup out; every text from data is escaped here. Each line has its own marker shape
so the series read apart without colour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ops.reports.scrub import html_text

CHART_WIDTH, HEIGHT = 560.0, 270.0  # SVG units
LEFT, RIGHT, TOP, BOTTOM = 58.0, 18.0, 14.0, 62.0  # margins around the plot for ticks and titles
PLOT_W, PLOT_H = CHART_WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Series:
    """One line of the trend chart: ratios 0..1 per week (None where undefined)."""

    label: str
    colour: str
    marker: str  # "circle" | "square" | "triangle" | "diamond"
    values: Sequence[float | None]


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


def trend_legend(series: Sequence[Series]) -> str:
    """HTML legend: a line sample with its marker per series."""
    items = "".join(
        f'<li><svg width="30" height="14" viewBox="0 0 30 14" aria-hidden="true">'
        f'<path d="M0 7H30" stroke="{s.colour}" stroke-width="2.5"/>'
        f"{marker(s.marker, 15, 7, s.colour, 4)}</svg>{html_text(s.label)}</li>"
        for s in series
    )
    return f'<ul class="series">{items}</ul>'


def _text(
    css: str, x: float, y: float, text: str, *, anchor: str = "middle", extra: str = ""
) -> str:
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{html_text(text)}</text>'


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
    step = PLOT_W / max(len(weeks), 1)
    xs = [LEFT + step * (i + 0.5) for i in range(len(weeks))]
    out = _axes(xs, weeks, words)
    points = []
    for line in series:
        out += _lines(line, xs, _y)
        for x, value, (label, _) in zip(xs, line.values, weeks, strict=True):
            if value is not None:
                tip = html_text(f"{line.label} {label}: {value:.0%}")
                points.append(
                    f"<g>{marker(line.marker, x, _y(value), line.colour)}<title>{tip}</title></g>"
                )
    if not points:
        out.append(_text("axis", LEFT + PLOT_W / 2, TOP + PLOT_H / 2, words["no_trend"]))
    return (
        f'<svg id="trend" class="chart" viewBox="0 0 {CHART_WIDTH:.0f} {HEIGHT:.0f}" role="img" '
        f'aria-labelledby="trend-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="trend-title">{html_text(words["trend_title"])}</title>{"".join(out + points)}</svg>'
    )


def _y(value: float) -> float:
    """The height of a ratio (clamped to 0..1) on the plot."""
    return TOP + PLOT_H * (1 - max(0.0, min(1.0, value)))


def _axes(
    xs: Sequence[float], weeks: Sequence[tuple[str, str]], words: Mapping[str, str]
) -> list[str]:
    """The plot's background, percentage grid, week labels and axis titles."""
    out = [f'<rect class="chart-bg" x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}"/>']
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        out.append(f'<path class="grid" d="M{LEFT} {_y(tick):.1f}H{CHART_WIDTH - RIGHT}"/>')
        out.append(_text("tick", LEFT - 6, _y(tick) + 4, f"{tick:.0%}", anchor="end"))
    for x, (label, dates) in zip(xs, weeks, strict=True):
        out.append(_text("tick", x, HEIGHT - BOTTOM + 18, label))
        out.append(_text("tick dim", x, HEIGHT - BOTTOM + 34, dates))
    out.append(_text("axis", LEFT + PLOT_W / 2, HEIGHT - 6, words["x_axis"]))
    rotate = f' transform="translate(15 {TOP + PLOT_H / 2:.1f}) rotate(-90)"'
    out.append(_text("axis", 0, 0, words["y_axis"], extra=rotate))
    return out
