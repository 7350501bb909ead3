"""Does a position sent as WGS84 sit where its GCJ-02 or BD-09 copy would? Found in metres, never guessed.

Two questions FieldOps asks:

- An import without `--crs`: do the file's crossings and villages lie where GCJ-02 (or BD-09) copies
  of the township's stored WGS84 positions would? `detect_shift` compares matched positions and
  says so only when reading the file as that system brings them home (a small residual) while
  reading it as WGS84 leaves them far off.
- A check-in judged off site: would it be on site had the phone sent GCJ-02 (WeChat's default) or
  BD-09? `diagnose_off_site` tries each with the caller's own on-site rule.

Both answer with a `ShiftFinding` whose `message()` is the text people read, Chinese first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from geo.china_crs import SHIFTED, Crs, to_wgs84, to_wgs84_arrays
from geo.crs import ArrayLike, geodesic_distance_m
from geo.model import TownshipGeometry

LABELS: dict[str, str] = {
    "wgs84": "WGS84",
    "cgcs2000": "CGCS2000",
    "gcj02": "GCJ-02",
    "bd09": "BD-09",
}
DEFAULT_TOLERANCE_M = 50.0  # how far a resurveyed position may move between two imports


@dataclass(frozen=True)
class ShiftFinding:
    """Positions that look like `crs` sent as WGS84, and how far off that puts them (metres)."""

    crs: Crs
    offset_m: float  # median distance between the positions as sent and where they belong
    compared: int = 1  # how many positions the finding rests on
    residual_m: float | None = None  # median distance left once they are read as `crs`

    @property
    def zh(self) -> str:
        """The finding in Chinese: 位置像是 GCJ-02 坐标（偏移 N 米）."""
        return f"位置像是 {LABELS[self.crs]} 坐标（偏移 {self.offset_m:.0f} 米）"

    @property
    def en(self) -> str:
        """The finding in English: position looks like GCJ-02 (offset N m)."""
        return f"position looks like {LABELS[self.crs]} (offset {self.offset_m:.0f} m)"

    def message(self) -> str:
        """Both, the way FieldOps messages read: Chinese / English."""
        return f"{self.zh} / {self.en}"


def _median_distance_m(
    lons: ArrayLike, lats: ArrayLike, true_lons: ArrayLike, true_lats: ArrayLike
) -> float:
    return float(np.median(geodesic_distance_m(lons, lats, true_lons, true_lats)))


def detect_shift(
    given_lons: ArrayLike,
    given_lats: ArrayLike,
    true_lons: ArrayLike,
    true_lats: ArrayLike,
    *,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> ShiftFinding | None:
    """Say whether positions given as WGS84 sit where GCJ-02 or BD-09 copies of the true ones would.

    Found when, read as that system, their median distance to the truth is within `tolerance_m`
    metres and at most a quarter of the distance read as WGS84; otherwise None.
    """
    given_lon = np.atleast_1d(np.asarray(given_lons, dtype=np.float64))
    given_lat = np.atleast_1d(np.asarray(given_lats, dtype=np.float64))
    if given_lon.size == 0:
        return None
    plain = _median_distance_m(given_lon, given_lat, true_lons, true_lats)
    candidates = []
    for crs in SHIFTED:
        read_lon, read_lat = to_wgs84_arrays(given_lon, given_lat, crs)
        residual = _median_distance_m(read_lon, read_lat, true_lons, true_lats)
        candidates.append(ShiftFinding(crs, plain, int(given_lon.size), residual))
    best = min(candidates, key=lambda finding: finding.residual_m or 0.0)
    assert best.residual_m is not None
    if best.residual_m <= tolerance_m and best.residual_m * 4 <= plain:
        return best
    return None


def diagnose_off_site(
    lon: float, lat: float, on_site: Callable[[float, float], bool]
) -> ShiftFinding | None:
    """For a position judged off site: the shifted system that would put it on site, if any.

    `on_site(lon, lat)` is the caller's rule on WGS84 degrees (radius, village buffer, slack).
    """
    for crs in SHIFTED:
        read_lon, read_lat = to_wgs84(lon, lat, crs)
        if on_site(read_lon, read_lat):
            return ShiftFinding(crs, float(geodesic_distance_m(lon, lat, read_lon, read_lat)))
    return None


def off_site_reason(lon: float, lat: float, on_site: Callable[[float, float], bool]) -> str | None:
    """Return "位置像是 GCJ-02 坐标（偏移 N 米）/ position looks like GCJ-02 (offset N m)", or None."""
    finding = diagnose_off_site(lon, lat, on_site)
    return None if finding is None else finding.message()


def anchor_points(
    villages: Mapping[str, Mapping[str, Any]], crossings: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Return one (lon, lat) per code: a village's centroid, a crossing's position.

    A centroid moves with its polygon, so matched codes compare like for like even when a label
    point would jump to another part of the shape.
    """
    points = dict(crossings)
    for code, geometry in villages.items():
        centre = shapely.geometry.shape(geometry).centroid
        points[code] = (float(centre.x), float(centre.y))
    return points


def township_anchors(township: TownshipGeometry) -> dict[str, tuple[float, float]]:
    """Return `anchor_points` of a parsed file's villages and crossings."""
    return anchor_points(
        {v.code: v.geometry for v in township.villages},
        {c.code: (c.lon, c.lat) for c in township.crossings},
    )


def detect_shift_by_code(
    given: Mapping[str, tuple[float, float]],
    truth: Mapping[str, tuple[float, float]],
    *,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> ShiftFinding | None:
    """Run `detect_shift` on the codes both mappings share (None when they share none)."""
    codes = sorted(set(given) & set(truth))
    if not codes:
        return None
    return detect_shift(
        [given[c][0] for c in codes],
        [given[c][1] for c in codes],
        [truth[c][0] for c in codes],
        [truth[c][1] for c in codes],
        tolerance_m=tolerance_m,
    )
