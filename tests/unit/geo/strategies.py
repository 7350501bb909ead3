"""Hypothesis strategies for the geo tests, in one place: raw tracks as devices might send them."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st

from geo.trackpoints import TrackPoints

from .trackbuilders import T0, square_village

LON0, LAT0 = 91.70, 32.25
METRES_PER_DEG_LON, METRES_PER_DEG_LAT = 94_300.0, 110_900.0
YEAR_1901 = -2_145_916_800.0  # 1901-01-01T00:00:00Z

VILLAGES = (
    square_village("W", 91.70, 32.25, 91.72, 32.27),
    square_village("E", 91.72, 32.25, 91.74, 32.27),
    square_village("F", 91.76, 32.25, 91.78, 32.27),
)

_steps = st.tuples(
    st.floats(-120, 120),  # metres east since the last fix
    st.floats(-120, 120),  # metres north
    st.sampled_from([0.0, 1.0, 5.0, 5.0, 5.0, 10.0, 60.0, 300.0, 700.0]),  # seconds since it
    st.sampled_from(["ok", "ok", "ok", "ok", "jump", "blind", "1901", "poor", "unknown"]),
)


@st.composite
def raw_tracks(draw: st.DrawFn, *, max_points: int = 24, start: float | None = None) -> TrackPoints:
    """Draw a track with jitter, same-second fixes, gaps, wild jumps, missing and 1901 times."""
    steps = draw(st.lists(_steps, min_size=1, max_size=max_points))
    x0 = draw(st.floats(0, 7000))
    y0 = draw(st.floats(0, 2200))
    dx, dy, dt, kind = (np.array(column) for column in zip(*steps, strict=True))
    x, y = x0 + np.cumsum(dx), y0 + np.cumsum(dy)
    x = np.where(kind == "jump", x + 900.0, x)  # one fix thrown far off the path
    t = (T0.timestamp() if start is None else start) + np.cumsum(dt.astype(np.float64))
    t = np.where(kind == "blind", np.nan, np.where(kind == "1901", YEAR_1901, t))
    accuracy = np.where(kind == "poor", 80.0, np.where(kind == "unknown", np.nan, 8.0))
    return TrackPoints.of(
        LON0 + x / METRES_PER_DEG_LON, LAT0 + y / METRES_PER_DEG_LAT, t, accuracy_m=accuracy
    )


@st.composite
def chunked(draw: st.DrawFn, points: TrackPoints) -> list[TrackPoints]:
    """Split a track into consecutive chunks at drawn cut points (seq travels with each point)."""
    n = len(points)
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, n - 1)), max_size=4)))) if n > 1 else []
    bounds = [0, *cuts, n]
    return [points.take(slice(a, b)) for a, b in itertools.pairwise(bounds)]


# Nagqu prefecture (那曲市), which holds Amdo County and Sewu Township: its bounding box in degrees.
NAGQU_LON, NAGQU_LAT = (83.9, 95.1), (29.9, 36.5)
nagqu_points = st.tuples(
    st.floats(*NAGQU_LON, allow_nan=False), st.floats(*NAGQU_LAT, allow_nan=False)
)
