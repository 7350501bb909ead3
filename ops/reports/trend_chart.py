"""The weekly page's four-week trend chart as inline SVG, with its legend.

Values in, markup out; every text from data is escaped here. Each line has its own marker shape
so the series read apart without colour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ops.reports.scrub import html_text

CHART_WIDTH = 560.0  # SVG units


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
                tip = html_text(f"{line.label} {label}: {value:.0%}")
                points.append(
                    f"<g>{marker(line.marker, x, y_of(value), line.colour)}<title>{tip}</title></g>"
                )
    if not points:
        out.append(_text("axis", left + plot_w / 2, middle, words["no_trend"]))
    return (
        f'<svg id="trend" class="chart" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-labelledby="trend-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="trend-title">{html_text(words["trend_title"])}</title>{"".join(out + points)}</svg>'
    )
