"""Village polygons: build them with shapely, judge validity, repair on request, orient, export.

Output follows RFC 7946: closed rings, exterior rings counter-clockwise, holes clockwise,
positions [lon, lat]. A Polygon stays a Polygon and a MultiPolygon a MultiPolygon unless a repair
splits a Polygon into several parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from geo.coords import RawPolygonal
from geo.crs import format_area, geodesic_area_m2
from geo.labels import Issue


def build(raw: RawPolygonal) -> Any:
    """Build the shapely Polygon or MultiPolygon described by raw, checked rings."""
    polygons = [shapely.Polygon(part[0], part[1:]) for part in raw.parts]
    return shapely.MultiPolygon(polygons) if raw.multi else polygons[0]


def validity_issues(geometry: Any, raw: RawPolygonal) -> list[Issue]:
    """Explain why a polygonal geometry is invalid, naming the part when one part is to blame."""
    if shapely.is_valid(geometry):
        return []
    hint = " (use --repair to fix it with shapely's make_valid)"
    if raw.multi:
        bad_parts = [
            (i, part) for i, part in enumerate(geometry.geoms) if not shapely.is_valid(part)
        ]
        if bad_parts:
            return [
                (
                    f"geometry.coordinates[{i}]",
                    f"invalid polygon: {shapely.is_valid_reason(part)}{hint}",
                )
                for i, part in bad_parts
            ]
    return [("geometry.coordinates", f"invalid polygon: {shapely.is_valid_reason(geometry)}{hint}")]


@dataclass(frozen=True)
class Repair:
    """The outcome of repairing one invalid geometry: the new one and what changed."""

    geometry: Any  # None when nothing polygonal survived make_valid
    description: str


def _polygonal_parts(geometry: Any) -> Any:
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if part.geom_type in ("Polygon", "MultiPolygon")
    ]
    polygons = [p for part in parts for p in shapely.get_parts(part)]
    return shapely.MultiPolygon(polygons) if polygons else None


def repair(geometry: Any) -> Repair:
    """Fix an invalid (Multi)Polygon with make_valid, keeping only its polygonal parts."""
    reason = shapely.is_valid_reason(geometry)
    try:
        made = shapely.make_valid(geometry)
    except shapely.errors.GEOSException:
        try:  # GEOS refuses some collapsed rings with 'linework'; 'structure' copes with them
            made = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
        except shapely.errors.GEOSException as exc:
            return Repair(None, f"{reason}; make_valid failed: {exc}")
    fixed = _polygonal_parts(made)
    if fixed is None or fixed.is_empty:
        return Repair(None, f"{reason}; make_valid left nothing with an area")
    before, after = geodesic_area_m2(geometry), geodesic_area_m2(fixed)
    parts_before = shapely.get_num_geometries(geometry)
    parts_after = shapely.get_num_geometries(fixed)
    return Repair(
        fixed,
        f"{reason}; repaired with make_valid: {geometry.geom_type} of {parts_before} part(s) "
        f"became {fixed.geom_type} of {parts_after} part(s), "
        f"area {format_area(before)} -> {format_area(after)}",
    )


def oriented(geometry: Any) -> Any:
    """Return the geometry with exterior rings counter-clockwise and holes clockwise."""
    return shapely.orient_polygons(geometry, exterior_cw=False)


def _polygon_coordinates(polygon: Any) -> list[list[list[float]]]:
    rings = [polygon.exterior, *polygon.interiors]
    return [np.asarray(ring.coords, dtype=np.float64)[:, :2].tolist() for ring in rings]


def geometry_dict(geometry: Any) -> dict[str, Any]:
    """Write a shapely (Multi)Polygon as a GeoJSON geometry dict with RFC 7946 orientation."""
    shape = oriented(geometry)
    if shape.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon_coordinates(shape)}
    if shape.geom_type == "MultiPolygon":
        coordinates = [_polygon_coordinates(part) for part in shape.geoms]
        return {"type": "MultiPolygon", "coordinates": coordinates}
    raise ValueError(f"expected a Polygon or MultiPolygon, got {shape.geom_type}")


def label_point(geometry: Any) -> tuple[float, float]:
    """Return (lon, lat) of a point guaranteed to lie inside the geometry."""
    point = shapely.point_on_surface(geometry)
    return (float(point.x), float(point.y))
