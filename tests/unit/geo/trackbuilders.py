"""Small track builders for the coverage tests: walks between lon/lat waypoints at a given pace."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import numpy as np

from geo.coverage import Period, VillageCells, village_cells
from geo.crs import geodesic_distance_m
from geo.effort import EffortTable, track_effort
from geo.trackpoints import TrackPoints
from geo.tracks import clean_track

T0 = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)  # 10:00 in Tibet (UTC+8), a Monday
NOW = datetime(2025, 6, 9, tzinfo=UTC)
WEEK = Period(date(2025, 6, 2), date(2025, 6, 8))


def ring(lon0: float, lat0: float, lon1: float, lat1: float) -> list[list[float]]:
    """Return a counter-clockwise rectangle ring in [lon, lat]."""
    return [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]


def square_village(code: str, lon0: float, lat0: float, lon1: float, lat1: float) -> VillageCells:
    """Return a rectangular village with its cells at resolution 9."""
    geometry = {"type": "Polygon", "coordinates": [ring(lon0, lat0, lon1, lat1)]}
    return village_cells(code, f"village {code}", geometry)


def walk(
    waypoints: Sequence[tuple[float, float]],
    *,
    speed_mps: float = 1.4,
    every_s: float = 5.0,
    start: datetime = T0,
) -> TrackPoints:
    """Return fixes every `every_s` seconds walking straight between waypoints at `speed_mps`."""
    lons, lats = [waypoints[0][0]], [waypoints[0][1]]
    for (lon0, lat0), (lon1, lat1) in itertools.pairwise(waypoints):
        metres = float(geodesic_distance_m(lon0, lat0, lon1, lat1))
        steps = max(1, round(metres / (speed_mps * every_s)))
        fractions = np.arange(1, steps + 1) / steps
        lons.extend((lon0 + (lon1 - lon0) * fractions).tolist())
        lats.extend((lat0 + (lat1 - lat0) * fractions).tolist())
    t = start.timestamp() + every_s * np.arange(len(lons))
    return TrackPoints.of(lons, lats, t)


def fixes(*points: tuple[float, float, float]) -> TrackPoints:
    """Return a track of (lon, lat, seconds after T0) fixes."""
    lon, lat, seconds = (np.array(column, dtype=np.float64) for column in zip(*points, strict=True))
    return TrackPoints.of(lon, lat, T0.timestamp() + seconds)


def effort_of(points: TrackPoints, patrol: str = "P1") -> EffortTable:
    """Clean a track as of NOW and return its effort at resolution 9 (days in UTC+8)."""
    return track_effort(clean_track(points, now=NOW), patrol, day_offset=timedelta(hours=8))


def covered(effort: EffortTable) -> set[int]:
    """Return the covered cells of an effort table as integers."""
    return set(effort.cell.tolist())


def after(seconds: float) -> datetime:
    """Return T0 plus some seconds."""
    return T0 + timedelta(seconds=seconds)
