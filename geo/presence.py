"""Is someone there? Vectorised presence tests in metres, for crossings and villages.

Both tests count the boundary as inside, like the village cell rule. Radii and buffers are metres,
measured geodesically or through `geo.crs`'s local projection, never in degrees.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from geo.crs import buffer_geometry_m, check_lon_lat, geodesic_distance_m

BoolArray = npt.NDArray[np.bool_]


def within_radius_m(
    lons: npt.ArrayLike, lats: npt.ArrayLike, centre_lon: float, centre_lat: float, radius_m: float
) -> BoolArray:
    """Return True for each lon/lat point within radius_m metres (geodesic) of the centre."""
    if not (np.isfinite(radius_m) and radius_m >= 0):
        raise ValueError(f"radius must be a non-negative number of metres, not {radius_m}")
    lon = np.asarray(lons, dtype=np.float64).ravel()
    lat = np.asarray(lats, dtype=np.float64).ravel()
    if lon.size == 0:
        return np.zeros(0, dtype=np.bool_)
    distance = geodesic_distance_m(lon, lat, centre_lon, centre_lat)
    return np.asarray(distance <= radius_m, dtype=np.bool_)


def within_polygon_m(
    lons: npt.ArrayLike,
    lats: npt.ArrayLike,
    geometry: Mapping[str, Any] | Any,
    buffer_m: float = 0.0,
) -> BoolArray:
    """Return True for each lon/lat point inside the (Multi)Polygon grown by buffer_m metres."""
    lon = np.asarray(lons, dtype=np.float64).ravel()
    lat = np.asarray(lats, dtype=np.float64).ravel()
    check_lon_lat(lon, lat)
    shape = geometry if isinstance(geometry, shapely.Geometry) else shapely.geometry.shape(geometry)
    if buffer_m:
        shape = buffer_geometry_m(shape, buffer_m)
    shapely.prepare(shape)
    return np.asarray(shapely.intersects_xy(shape, lon, lat), dtype=np.bool_)
