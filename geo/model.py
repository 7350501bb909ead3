"""The values `geo` hands to its callers: a township's villages and crossings, validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class VillageShape:
    """A village: a valid GeoJSON Polygon or MultiPolygon in [lon, lat] degrees.

    Rings are closed, exterior rings counter-clockwise and holes clockwise (RFC 7946). `area_m2` is
    geodesic (WGS84), `label_point` is (lon, lat) of a point inside, and `feature_index` counts
    from 1 in the file's `features` array.
    """

    code: str
    name: str
    geometry: dict[str, Any] = field(hash=False)
    area_m2: float
    label_point: tuple[float, float]
    feature_index: int


@dataclass(frozen=True)
class CrossingPoint:
    """A crossing (a Point feature with `"kind": "intersection"`) and its radius in metres."""

    code: str
    name: str
    lon: float
    lat: float
    radius_m: float
    feature_index: int


@dataclass(frozen=True)
class TownshipGeometry:
    """Everything one GeoJSON file says about a township, plus what was skipped or repaired."""

    villages: tuple[VillageShape, ...]
    crossings: tuple[CrossingPoint, ...]
    warnings: tuple[str, ...] = ()
    repairs: tuple[str, ...] = ()
    declared_crs: str | None = None  # what the file says it is in ("gcj02", ...); None: silent
