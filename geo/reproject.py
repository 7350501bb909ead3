"""GeoJSON geometries, feature collections and a township's shapes moved between WGS84, GCJ-02, BD-09.

Every position of a document is gathered, converted in one vectorised call (`geo.china_crs`) and
written back in place of the original, keeping any third number (altitude). The offset changes by
about a metre per kilometre, so ring closure and orientation survive the move, while areas grow or
shrink by about 0.1 %: areas and label points of villages are recomputed from the moved shapes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import shapely

from geo import polygons
from geo.china_crs import from_wgs84_arrays, parse_crs, to_wgs84_arrays
from geo.crs import FloatArray, geodesic_area_m2
from geo.model import TownshipGeometry

Convert = Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]

# How deep the positions sit in each geometry type's `coordinates`.
_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}

CRS_NOTES = {
    "wgs84": ("坐标为 WGS84", "coordinates are WGS84"),
    "cgcs2000": ("坐标为 CGCS2000（天地图），与 WGS84 相同", "coordinates are CGCS2000 (Tianditu), as WGS84"),
    "gcj02": ("坐标为 GCJ-02（高德、腾讯底图），不是 WGS84", "coordinates are GCJ-02 (Amap, Tencent tiles), not WGS84"),
    "bd09": ("坐标为 BD-09（百度底图），不是 WGS84", "coordinates are BD-09 (Baidu tiles), not WGS84"),
}  # fmt: skip


def _geometries(geometry: Any) -> Iterator[dict[str, Any]]:
    """Yield every simple geometry inside a geometry (GeometryCollections opened)."""
    if not isinstance(geometry, dict):
        return
    if geometry.get("type") == "GeometryCollection":
        for member in geometry.get("geometries") or []:
            yield from _geometries(member)
    elif geometry.get("type") in _DEPTH and geometry.get("coordinates") is not None:
        yield geometry


def _collect(coordinates: Any, depth: int, out: list[Any]) -> None:
    if depth == 0:
        out.append(coordinates)
        return
    for member in coordinates:
        _collect(member, depth - 1, out)


def _rebuild(coordinates: Any, depth: int, converted: Iterator[tuple[float, float]]) -> Any:
    if depth == 0:
        lon, lat = next(converted)
        return [lon, lat, *coordinates[2:]]
    return [_rebuild(member, depth - 1, converted) for member in coordinates]


def _convert_in_place(geometries: list[dict[str, Any]], convert: Convert) -> None:
    """Convert the positions of these (mutable) simple geometries with one vectorised call."""
    positions: list[Any] = []
    for geometry in geometries:
        _collect(geometry["coordinates"], _DEPTH[geometry["type"]], positions)
    if not positions:
        return
    lons = np.array([float(p[0]) for p in positions], dtype=np.float64)
    lats = np.array([float(p[1]) for p in positions], dtype=np.float64)
    new_lons, new_lats = convert(lons, lats)
    converted = zip(new_lons.tolist(), new_lats.tolist(), strict=True)
    for geometry in geometries:
        geometry["coordinates"] = _rebuild(
            geometry["coordinates"], _DEPTH[geometry["type"]], converted
        )


def _bbox(geometries: list[dict[str, Any]]) -> list[float] | None:
    positions: list[Any] = []
    for geometry in geometries:
        _collect(geometry["coordinates"], _DEPTH[geometry["type"]], positions)
    if not positions:
        return None
    lons, lats = [float(p[0]) for p in positions], [float(p[1]) for p in positions]
    return [min(lons), min(lats), max(lons), max(lats)]


def _converter(source: str, target: str) -> Convert:
    src, dst = parse_crs(source), parse_crs(target)

    def convert(lons: FloatArray, lats: FloatArray) -> tuple[FloatArray, FloatArray]:
        return from_wgs84_arrays(*to_wgs84_arrays(lons, lats, src), dst)

    return convert


def geometry_to_crs(
    geometry: Mapping[str, Any], target: str, source: str = "wgs84"
) -> dict[str, Any]:
    """Return a copy of a GeoJSON geometry with its positions moved from `source` to `target`."""
    moved = copy.deepcopy(dict(geometry))
    _convert_in_place(list(_geometries(moved)), _converter(source, target))
    return moved


def feature_collection_to_crs(
    collection: Mapping[str, Any], target: str, source: str = "wgs84"
) -> dict[str, Any]:
    """Return a copy of a FeatureCollection written in `target`, each feature noting its `crs`.

    The collection gains a foreign member `properties` with `crs` and a bilingual `crs_note`, each
    feature's properties a `crs`, so a reader can tell a GCJ-02 file from an RFC 7946 one. Any
    `bbox` is recomputed from the moved positions.
    """
    crs = parse_crs(target)
    moved = copy.deepcopy(dict(collection))
    features = [f for f in moved.get("features") or [] if isinstance(f, dict)]
    per_feature = [list(_geometries(feature.get("geometry"))) for feature in features]
    _convert_in_place([g for gs in per_feature for g in gs], _converter(source, crs))
    for feature, geometries in zip(features, per_feature, strict=True):
        feature["properties"] = {**(feature.get("properties") or {}), "crs": crs}
        if "bbox" in feature:
            feature["bbox"] = _bbox(geometries)
    if "bbox" in moved:
        moved["bbox"] = _bbox([g for gs in per_feature for g in gs])
    zh, en = CRS_NOTES[crs]
    moved["properties"] = {
        **(moved.get("properties") or {}),
        "crs": crs,
        "crs_note": f"{zh} / {en}",
    }
    return moved


def township_to_wgs84(township: TownshipGeometry, crs: str) -> TownshipGeometry:
    """Return a township's villages and crossings read in `crs`, moved to WGS84."""
    source = parse_crs(crs)
    if source in ("wgs84", "cgcs2000"):
        return township
    villages = []
    for village in township.villages:
        geometry = geometry_to_crs(village.geometry, "wgs84", source)
        shape = shapely.geometry.shape(geometry)
        villages.append(
            replace(
                village,
                geometry=polygons.geometry_dict(shape),
                area_m2=geodesic_area_m2(shape),
                label_point=polygons.label_point(shape),
            )
        )
    crossings = []
    if township.crossings:
        lons, lats = to_wgs84_arrays(
            [c.lon for c in township.crossings], [c.lat for c in township.crossings], source
        )
        crossings = [
            replace(c, lon=float(lon), lat=float(lat))
            for c, lon, lat in zip(township.crossings, lons, lats, strict=True)
        ]
    return replace(township, villages=tuple(villages), crossings=tuple(crossings))
