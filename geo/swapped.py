"""Spot features whose positions were written [lat, lon] instead of GeoJSON's [lon, lat].

Two rules, either one is enough:

1. Against the rest of the file: the feature's own centre is far from the median centre of the
   other features, while its swapped centre sits near that median. "Near" scales with how spread
   out the other features are (at least 1 degree); "far" is more than three times "near". A
   genuine feature never passes this, because its own centre is near the median.
2. Against China, for a file on its own (one feature, or every feature swapped the same way): the
   centre lies outside China's bounding box while the swapped centre lies inside it, e.g. a
   village drawn at [32.27, 91.70]. FieldOps serves Chinese townships, so a genuine file in the
   Arctic north of Xinjiang's longitudes would be misread; none is expected.

These are heuristics in degrees on purpose: they compare positions, they measure nothing.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from geo.crs import FloatArray

CHINA_LON = (73.4, 135.1)
CHINA_LAT = (18.1, 53.6)
MIN_NEAR_DEGREES = 1.0
LEAVE_ONE_OUT_LIMIT = 200  # above this, one feature cannot move the median: use the global one


def _in_china(points: FloatArray) -> npt.NDArray[np.bool_]:
    lon, lat = points[:, 0], points[:, 1]
    inside = (CHINA_LON[0] <= lon) & (lon <= CHINA_LON[1])
    return np.asarray(inside & (CHINA_LAT[0] <= lat) & (lat <= CHINA_LAT[1]), dtype=np.bool_)


def _chebyshev(points: FloatArray, reference: FloatArray) -> FloatArray:
    return np.asarray(np.max(np.abs(points - reference), axis=-1), dtype=np.float64)


def _swapped_against_the_rest(centres: FloatArray) -> npt.NDArray[np.bool_]:
    count = len(centres)
    flags = np.zeros(count, dtype=np.bool_)
    if count < 3:  # a reference needs at least two other features
        return flags
    if count > LEAVE_ONE_OUT_LIMIT:  # one feature cannot move these medians: compute them once
        median = np.median(centres, axis=0)
        near = max(3.0 * float(np.median(_chebyshev(centres, median))), MIN_NEAR_DEGREES)
        own_all = _chebyshev(centres, median)
        swapped_all = _chebyshev(centres[:, ::-1], median)
        return np.asarray((swapped_all <= near) & (near < own_all / 3.0), dtype=np.bool_)
    for i in range(count):
        others = np.delete(centres, i, axis=0)
        median = np.median(others, axis=0)
        near = max(3.0 * float(np.median(_chebyshev(others, median))), MIN_NEAR_DEGREES)
        own = float(_chebyshev(centres[i], median))
        swapped = float(_chebyshev(centres[i, ::-1], median))
        flags[i] = swapped <= near < own / 3.0
    return flags


def swapped_reasons(centres: FloatArray) -> list[str | None]:
    """Explain, for each (lon, lat) feature centre of a file, why it looks written as (lat, lon)."""
    points = np.asarray(centres, dtype=np.float64).reshape(-1, 2)
    if not len(points):
        return []
    by_rest = _swapped_against_the_rest(points)
    by_china = ~_in_china(points) & _in_china(points[:, ::-1])
    reasons: list[str | None] = []
    for i, (lon, lat) in enumerate(points):
        where = f"read as [lon, lat] it lies at [{lon:.3f}, {lat:.3f}]"
        if by_rest[i]:
            ref_lon, ref_lat = np.median(np.delete(points, i, axis=0), axis=0)
            context = f"far from the rest of the file near [{ref_lon:.3f}, {ref_lat:.3f}]"
        elif by_china[i]:
            context = "outside China, while read as [lat, lon] it would be inside"
        else:
            reasons.append(None)
            continue
        reasons.append(
            f"coordinates look swapped: {where}, {context}; "
            "GeoJSON positions are [longitude, latitude]"
        )
    return reasons
