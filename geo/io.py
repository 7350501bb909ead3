"""GeoJSON (RFC 7946) in and out: a township's villages and crossings, validated all-or-nothing.

`parse_township_geojson` reads a file's text (or bytes, or an already parsed mapping), checks
every feature, and either returns a `TownshipGeometry` or raises one `GeoValidationError` listing
every problem in the file; a coordinate system the file declares (GCJ-02 from an Amap export,
say) is reported in `declared_crs`, never applied silently. The writers produce RFC 7946
output: counter-clockwise exterior rings, [lon, lat] positions, no `crs` member.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import shapely

from geo import polygons
from geo.china_crs import Crs
from geo.coords import range_issues
from geo.crs import check_lon_lat, geodesic_area_m2
from geo.document import declarations, features_of, load
from geo.errors import FILE_LABEL, FeatureProblem, GeoValidationError
from geo.features import CROSSING_KIND, MAX_CROSSING_RADIUS_M, Draft, centres, read_feature
from geo.labels import quoted
from geo.model import CrossingPoint, TownshipGeometry, VillageShape
from geo.swapped import swapped_reasons


def parse_township_geojson(
    data: str | bytes | Mapping[str, Any],
    *,
    repair: bool = False,
    default_radius_m: float = 50.0,
) -> TownshipGeometry:
    """Validate a township's GeoJSON and return its villages and crossings, or raise every problem.

    With `repair`, invalid polygons are fixed with shapely's make_valid (polygonal parts only)
    and each fix is reported in `repairs`; a crossing without `radius_m` gets `default_radius_m`.
    """
    if not (math.isfinite(default_radius_m) and 0 < default_radius_m <= MAX_CROSSING_RADIUS_M):
        raise ValueError(f"default_radius_m must be in (0, {MAX_CROSSING_RADIUS_M}] metres")
    document = load(data)
    features = features_of(document)
    drafts = [
        read_feature(index, feature, default_radius_m=default_radius_m)
        for index, feature in enumerate(features, start=1)
    ]
    _check_positions(drafts)
    villages: list[VillageShape] = []
    crossings: list[CrossingPoint] = []
    repairs: list[str] = []
    for draft in drafts:
        if draft.issues or draft.kind == "skipped":
            continue
        if draft.kind == "crossing":
            crossings.append(_crossing(draft))
        elif (village := _village(draft, repair=repair, repairs=repairs)) is not None:
            villages.append(village)
    problems = [
        FeatureProblem(draft.label, field, message)
        for draft in drafts
        for field, message in draft.issues
    ]
    problems.extend(_duplicate_codes(drafts))
    declared, crs_problems = _declared_crs(declarations(document), drafts)
    problems.extend(crs_problems)
    if not problems and not villages and not crossings:
        message = (
            f"none of the {len(drafts)} features is a village (Polygon, MultiPolygon) "
            f'or a crossing (Point with "kind": "{CROSSING_KIND}")'
        )
        problems.append(FeatureProblem(FILE_LABEL, "features", message))
    if problems:
        raise GeoValidationError(problems)
    warnings = [draft.warning for draft in drafts if draft.warning]
    return TownshipGeometry(
        tuple(villages), tuple(crossings), tuple(warnings), tuple(repairs), declared
    )


def _declared_crs(
    in_file: list[tuple[str, Crs]], drafts: list[Draft]
) -> tuple[Crs | None, list[FeatureProblem]]:
    """The one coordinate system the file declares, if any; a file that names two is refused."""
    named = [(FILE_LABEL, field, system) for field, system in in_file]
    named += [(draft.label, field, system) for draft in drafts for field, system in draft.declared]
    if not named:
        return None, []
    same_as_wgs84 = {"cgcs2000": "wgs84"}  # one datum: converting either changes nothing
    first_label, first_field, first = named[0]
    problems = [
        FeatureProblem(
            label,
            field,
            f"declares {system} but {first_label} declares {first} at {first_field}: "
            "one file, one coordinate system",
        )
        for label, field, system in named[1:]
        if same_as_wgs84.get(system, system) != same_as_wgs84.get(first, first)
    ]
    return first, problems


def _check_positions(drafts: list[Draft]) -> None:
    """Flag swapped features against the rest of the file, then positions out of range."""
    readable = [d for d in drafts if d.kind != "skipped" and d.positions() is not None]
    centre_array = centres(readable)
    finite = np.all(np.isfinite(centre_array), axis=1)
    finite_drafts = [d for d, ok in zip(readable, finite, strict=True) if ok]
    reasons = swapped_reasons(centre_array[finite])
    swapped = {id(d): r for d, r in zip(finite_drafts, reasons, strict=True) if r is not None}
    for draft in readable:
        if id(draft) in swapped:
            draft.issues.append(("geometry.coordinates", swapped[id(draft)]))
        elif draft.point is not None:
            draft.issues.extend(range_issues(draft.point, "geometry.coordinates"))
        elif draft.polygonal is not None:
            for part, paths in zip(draft.polygonal.parts, draft.polygonal.paths, strict=True):
                for ring, path in zip(part, paths, strict=True):
                    draft.issues.extend(range_issues(ring, path))


def _village(draft: Draft, *, repair: bool, repairs: list[str]) -> VillageShape | None:
    assert draft.polygonal is not None and draft.identity.code and draft.identity.name
    geometry = polygons.build(draft.polygonal)
    invalid = polygons.validity_issues(geometry, draft.polygonal)
    if invalid and not repair:
        draft.issues.extend(invalid)
        return None
    if invalid:
        fixed = polygons.repair(geometry)
        if fixed.geometry is None:
            draft.issues.append(("geometry.coordinates", f"cannot repair: {fixed.description}"))
            return None
        repairs.append(f"{draft.label}: {fixed.description}")
        geometry = fixed.geometry
    return VillageShape(
        code=draft.identity.code,
        name=draft.identity.name,
        geometry=polygons.geometry_dict(geometry),
        area_m2=geodesic_area_m2(geometry),
        label_point=polygons.label_point(geometry),
        feature_index=draft.index,
    )


def _crossing(draft: Draft) -> CrossingPoint:
    assert draft.point is not None and draft.radius_m is not None
    assert draft.identity.code and draft.identity.name
    lon, lat = (float(v) for v in draft.point[0])
    return CrossingPoint(
        draft.identity.code, draft.identity.name, lon, lat, draft.radius_m, draft.index
    )


def _duplicate_codes(drafts: list[Draft]) -> list[FeatureProblem]:
    """Report each code used by more than one village or crossing, naming every feature."""
    by_code: dict[str, list[Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.kind != "skipped" and draft.identity.code:
            by_code[draft.identity.code].append(draft)
    problems = []
    for code, users in by_code.items():
        if len(users) > 1:
            others = ", ".join(user.label for user in users[1:])
            message = (
                f"code {quoted(code)} is also used by {others}: codes must be unique in a file"
            )
            problems.append(FeatureProblem(users[0].label, "properties.code", message))
    return problems


def polygon_feature(
    geometry: Mapping[str, Any] | Any,
    properties: Mapping[str, Any] | None = None,
    *,
    feature_id: str | int | None = None,
) -> dict[str, Any]:
    """Return an RFC 7946 Feature for a (Multi)Polygon given as a GeoJSON mapping or shapely."""
    shape = geometry if isinstance(geometry, shapely.Geometry) else shapely.geometry.shape(geometry)
    lon_min, lat_min, lon_max, lat_max = shape.bounds
    check_lon_lat([lon_min, lon_max], [lat_min, lat_max])
    return _feature(polygons.geometry_dict(shape), properties, feature_id)


def point_feature(
    lon: float,
    lat: float,
    properties: Mapping[str, Any] | None = None,
    *,
    feature_id: str | int | None = None,
) -> dict[str, Any]:
    """Return an RFC 7946 Point Feature at lon/lat degrees."""
    check_lon_lat(lon, lat)
    return _feature(
        {"type": "Point", "coordinates": [float(lon), float(lat)]}, properties, feature_id
    )


def _feature(
    geometry: dict[str, Any], properties: Mapping[str, Any] | None, feature_id: str | int | None
) -> dict[str, Any]:
    feature: dict[str, Any] = {"type": "Feature"}
    if feature_id is not None:
        feature["id"] = feature_id
    feature["properties"] = dict(properties or {})
    feature["geometry"] = geometry
    return feature


def to_feature_collection(features: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Wrap features (from polygon_feature / point_feature) in an RFC 7946 FeatureCollection."""
    return {"type": "FeatureCollection", "features": [dict(feature) for feature in features]}


def township_feature_collection(township: TownshipGeometry) -> dict[str, Any]:
    """Write a township's villages and crossings back out as an RFC 7946 FeatureCollection."""
    villages = (
        polygon_feature(
            v.geometry,
            {"code": v.code, "name": v.name, "area_m2": round(v.area_m2, 1)},
            feature_id=v.code,
        )
        for v in township.villages
    )
    crossings = (
        point_feature(
            c.lon,
            c.lat,
            {"code": c.code, "name": c.name, "kind": CROSSING_KIND, "radius_m": c.radius_m},
            feature_id=c.code,
        )
        for c in township.crossings
    )
    return to_feature_collection([*villages, *crossings])


def dumps(collection: Mapping[str, Any]) -> str:
    """Serialise GeoJSON as compact UTF-8 text (Chinese names kept readable, no NaN allowed)."""
    return json.dumps(collection, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
