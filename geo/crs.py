"""Every degrees-versus-metres decision in FieldOps, in one place.

Coordinates everywhere else are WGS84 longitude/latitude in degrees, in that order. Distances and
areas are geodesic on the WGS84 ellipsoid (pyproj's Geod, Karney's algorithms); buffers and other
planar operations in metres go through a local azimuthal-equidistant projection centred on the
shape, which keeps distances from the centre exact and others within a fraction of a percent over
a township. Nothing here ever treats a degree as a fixed number of metres.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pyproj
import shapely

from geo.errors import CoordinateError

FloatArray = npt.NDArray[np.float64]
ArrayLike = float | npt.ArrayLike

WGS84_GEOD = pyproj.Geod(ellps="WGS84")
LON_RANGE = (-180.0, 180.0)
LAT_RANGE = (-90.0, 90.0)
SQUARE_METRES_PER_KM2 = 1_000_000.0


def lon_lat_problem(lon: float, lat: float) -> str | None:
    """Say what is wrong with one lon/lat pair in degrees, or return None if it is fine."""
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return f"coordinate [{lon}, {lat}] is not a finite number"
    if not LON_RANGE[0] <= lon <= LON_RANGE[1]:
        hint = " (projected metres? GeoJSON needs WGS84 lon/lat)" if abs(lon) > 1000 else ""
        return f"longitude {lon} is outside -180..180{hint}"
    if not LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
        return f"latitude {lat} is outside -90..90"
    return None


def out_of_range_mask(lons: ArrayLike, lats: ArrayLike) -> npt.NDArray[np.bool_]:
    """Return True where a lon/lat pair (degrees) is not finite or outside WGS84's range."""
    lon = np.asarray(lons, dtype=np.float64)
    lat = np.asarray(lats, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        inside = (np.abs(lon) <= LON_RANGE[1]) & (np.abs(lat) <= LAT_RANGE[1])
    return np.asarray(~inside, dtype=np.bool_)


def check_lon_lat(lons: ArrayLike, lats: ArrayLike) -> None:
    """Raise CoordinateError unless every lon/lat pair (degrees, scalars or arrays) is in range."""
    lon, lat = np.broadcast_arrays(np.asarray(lons, np.float64), np.asarray(lats, np.float64))
    bad = np.flatnonzero(out_of_range_mask(lon, lat))
    if bad.size:
        first = int(bad[0])
        message = lon_lat_problem(float(lon.flat[first]), float(lat.flat[first]))
        more = f" ({bad.size - 1} more)" if bad.size > 1 else ""
        raise CoordinateError(f"{message}{more}")


@overload
def geodesic_distance_m(  # type: ignore[overload-overlap]  # scalars in, a float out
    lon1: float, lat1: float, lon2: float, lat2: float
) -> float: ...
@overload
def geodesic_distance_m(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> FloatArray: ...
def geodesic_distance_m(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> float | FloatArray:
    """Return the WGS84 geodesic distance in metres between lon/lat points (arrays broadcast)."""
    values = (lon1, lat1, lon2, lat2)
    a_lon, a_lat, b_lon, b_lat = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in values))
    check_lon_lat(a_lon, a_lat)
    check_lon_lat(b_lon, b_lat)
    _, _, dist = WGS84_GEOD.inv(a_lon.ravel(), a_lat.ravel(), b_lon.ravel(), b_lat.ravel())
    result = np.asarray(dist, dtype=np.float64).reshape(a_lon.shape)
    if all(np.ndim(v) == 0 for v in values):
        return float(result)
    return result


def geodesic_inverse(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Return (forward azimuth in degrees, distance in metres) from points 1 to points 2 (arrays)."""
    values = (lon1, lat1, lon2, lat2)
    a_lon, a_lat, b_lon, b_lat = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in values))
    check_lon_lat(a_lon, a_lat)
    check_lon_lat(b_lon, b_lat)
    if a_lon.size == 0:
        return np.zeros(a_lon.shape), np.zeros(a_lon.shape)
    azimuth, _, dist = WGS84_GEOD.inv(a_lon.ravel(), a_lat.ravel(), b_lon.ravel(), b_lat.ravel())
    shape = a_lon.shape
    return np.asarray(azimuth, np.float64).reshape(shape), np.asarray(dist, np.float64).reshape(
        shape
    )


def geodesic_forward(
    lons: ArrayLike, lats: ArrayLike, azimuths: ArrayLike, distances_m: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Return the lon/lat reached by walking distances_m metres along azimuths (degrees) (arrays)."""
    values = (lons, lats, azimuths, distances_m)
    lon, lat, azimuth, dist = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in values))
    check_lon_lat(lon, lat)
    if lon.size == 0:
        return np.zeros(lon.shape), np.zeros(lon.shape)
    end_lon, end_lat, _ = WGS84_GEOD.fwd(lon.ravel(), lat.ravel(), azimuth.ravel(), dist.ravel())
    shape = lon.shape
    return np.asarray(end_lon, np.float64).reshape(shape), np.asarray(end_lat, np.float64).reshape(
        shape
    )


def path_length_m(lons: ArrayLike, lats: ArrayLike) -> float:
    """Return the geodesic length in metres of the polyline through the lon/lat points, in order."""
    lon = np.asarray(lons, dtype=np.float64).ravel()
    lat = np.asarray(lats, dtype=np.float64).ravel()
    if lon.size < 2:
        return 0.0
    return float(np.sum(geodesic_distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])))


def _ring_area_m2(ring: Any) -> float:
    positions = shapely.get_coordinates(ring)
    area, _ = WGS84_GEOD.polygon_area_perimeter(positions[:, 0], positions[:, 1])
    return abs(float(area))


def geodesic_area_m2(geometry: Any) -> float:
    """Return the geodesic area in m² of a (Multi)Polygon, given as a GeoJSON mapping or shapely.

    Holes are subtracted whatever the orientation of the rings; other geometry types have no area.
    """
    geom = geometry if isinstance(geometry, shapely.Geometry) else shapely.geometry.shape(geometry)
    total = 0.0
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        total += _ring_area_m2(polygon.exterior)
        total -= sum(_ring_area_m2(hole) for hole in polygon.interiors)
    return total


def format_area(area_m2: float) -> str:
    """Format an area for people: m² below one km², km² with two decimals above."""
    if abs(area_m2) < SQUARE_METRES_PER_KM2:
        return f"{area_m2:,.0f} m²"
    return f"{area_m2 / SQUARE_METRES_PER_KM2:,.2f} km²"


class LocalProjection:
    """Azimuthal-equidistant metres around a centre: x east, y north, the centre at (0, 0)."""

    def __init__(self, lon0: float, lat0: float) -> None:
        check_lon_lat(lon0, lat0)
        self.lon0, self.lat0 = float(lon0), float(lat0)
        crs = pyproj.CRS.from_proj4(
            f"+proj=aeqd +lat_0={self.lat0} +lon_0={self.lon0} +datum=WGS84 +units=m"
        )
        self._forward = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self._inverse = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def to_metres(self, lons: ArrayLike, lats: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Project lon/lat degrees to local x/y metres."""
        x, y = self._forward.transform(np.asarray(lons, np.float64), np.asarray(lats, np.float64))
        return np.asarray(x, np.float64), np.asarray(y, np.float64)

    def to_lon_lat(self, xs: ArrayLike, ys: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Unproject local x/y metres to lon/lat degrees."""
        lon, lat = self._inverse.transform(np.asarray(xs, np.float64), np.asarray(ys, np.float64))
        return np.asarray(lon, np.float64), np.asarray(lat, np.float64)

    def geometry_to_metres(self, geometry: Any) -> Any:
        """Return a shapely geometry in lon/lat as the same geometry in local metres."""
        return shapely.transform(geometry, self._forward.transform, interleaved=False)

    def geometry_to_lon_lat(self, geometry: Any) -> Any:
        """Return a shapely geometry in local metres as the same geometry in lon/lat."""
        return shapely.transform(geometry, self._inverse.transform, interleaved=False)


@lru_cache(maxsize=256)
def local_projection(lon0: float, lat0: float) -> LocalProjection:
    """Return the (cached) local azimuthal-equidistant projection centred at lon0/lat0 degrees."""
    return LocalProjection(lon0, lat0)


def buffer_point_m(lon: float, lat: float, radius_m: float, quad_segs: int = 16) -> Any:
    """Return a shapely lon/lat Polygon approximating a circle of radius_m metres around a point."""
    if not (np.isfinite(radius_m) and radius_m > 0):
        raise ValueError(f"radius must be a positive number of metres, not {radius_m}")
    projection = local_projection(float(lon), float(lat))
    circle = shapely.Point(0.0, 0.0).buffer(radius_m, quad_segs=quad_segs)
    return projection.geometry_to_lon_lat(circle)


def buffer_geometry_m(geometry: Any, distance_m: float, quad_segs: int = 8) -> Any:
    """Return a shapely lon/lat geometry grown (or shrunk, if negative) by distance_m metres."""
    centre = geometry.centroid
    projection = local_projection(round(centre.x, 6), round(centre.y, 6))
    grown = projection.geometry_to_metres(geometry).buffer(distance_m, quad_segs=quad_segs)
    return projection.geometry_to_lon_lat(grown)
