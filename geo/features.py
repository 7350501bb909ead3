"""One GeoJSON feature to a draft village or crossing, or to a warning, or to problems.

Polygon and MultiPolygon features are villages; Point features whose property `kind` is
`intersection` are crossings. Null and empty geometries, other geometry types and other Points
are skipped with a warning that names the feature. Everything else wrong is an Issue.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from geo.china_crs import Crs
from geo.coords import RawPolygonal, read_point, read_polygonal
from geo.crs import FloatArray
from geo.document import declarations
from geo.errors import GeoValidationError
from geo.labels import Identity, Issue, feature_identity, json_type, quoted

MAX_CROSSING_RADIUS_M = 5_000.0  # a crossing is a spot on a road, not a district
CROSSING_KIND = "intersection"
POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass
class Draft:
    """What one feature says, read but not yet judged against the rest of the file."""

    index: int
    identity: Identity
    kind: Literal["village", "crossing", "skipped"]
    issues: list[Issue] = field(default_factory=list)
    warning: str | None = None
    polygonal: RawPolygonal | None = None
    point: FloatArray | None = None
    radius_m: float | None = None
    declared: list[tuple[str, Crs]] = field(default_factory=list)  # (field, system) it names

    @property
    def label(self) -> str:
        """Name the feature for people, e.g. `feature #3 (code "V03", name "一村")`."""
        return self.identity.label(self.index)

    def positions(self) -> FloatArray | None:
        """Return every position of the feature as an (n, 2) lon/lat array, if it was readable."""
        if self.polygonal is not None:
            return self.polygonal.all_positions()
        return self.point


def check_radius(value: object, default_m: float) -> tuple[float | None, Issue | None]:
    """Read a crossing's `radius_m`: a number of metres, positive and at most a few km."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default_m, None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value) if abs(value) < 1e300 else math.inf  # huge ints overflow float()
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or not 0 < number <= MAX_CROSSING_RADIUS_M:
        limit = f"{MAX_CROSSING_RADIUS_M:.0f}"
        shown = json_type(value) if isinstance(value, list | Mapping) else repr(value)
        message = f"must be a positive number of metres, at most {limit}, not {shown}"
        return None, ("properties.radius_m", message)
    return number, None


def _skip(draft: Draft, why: str) -> Draft:
    draft.kind = "skipped"
    draft.warning = f"{draft.label}: {why}; skipped"
    return draft


def _is_crossing(properties: Mapping[str, Any]) -> bool:
    kind = properties.get("kind")
    return isinstance(kind, str) and kind.strip().lower() == CROSSING_KIND


def read_feature(index: int, feature: object, *, default_radius_m: float) -> Draft:
    """Read one member of `features` (index from 1) into a draft village, crossing or skip."""
    if not isinstance(feature, Mapping):
        draft = Draft(index, Identity(None, None, None, None), "skipped")
        draft.issues.append(("", f"must be a GeoJSON Feature object, not {json_type(feature)}"))
        return draft
    raw_properties = feature.get("properties")
    properties = raw_properties if isinstance(raw_properties, Mapping) else {}
    draft = Draft(index, feature_identity(feature, properties), "skipped")
    if feature.get("type") != "Feature":
        kind = feature.get("type")
        shown = quoted(kind) if isinstance(kind, str) else json_type(kind)
        draft.issues.append(("type", f'must be "Feature", not {shown}'))
    if raw_properties is not None and not isinstance(raw_properties, Mapping):
        draft.issues.append(("properties", f"must be an object, not {json_type(raw_properties)}"))
    try:
        draft.declared = declarations(feature)
    except GeoValidationError as exc:
        draft.issues.extend((problem.field, problem.message) for problem in exc.problems)
    geometry = feature.get("geometry")
    if geometry is None:
        return _skip(draft, "geometry is null")
    if not isinstance(geometry, Mapping):
        draft.issues.append(("geometry", f"must be an object or null, not {json_type(geometry)}"))
        return draft
    return _read_geometry(draft, geometry, properties, default_radius_m)


def _read_geometry(
    draft: Draft, geometry: Mapping[str, Any], properties: Mapping[str, Any], default_m: float
) -> Draft:
    geometry_type, coordinates = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(geometry_type, str):
        draft.issues.append(("geometry.type", f"must be a string, not {json_type(geometry_type)}"))
        return draft
    is_point = geometry_type == "Point"
    if geometry_type not in (*POLYGONAL, "Point"):
        shown = geometry_type if geometry_type.isidentifier() else quoted(geometry_type)
        why = f"a {shown} is neither a village (Polygon, MultiPolygon) nor a crossing"
        return _skip(draft, f"{why} (Point)")
    if is_point and not _is_crossing(properties):
        return _skip(draft, f'a Point without "kind": "{CROSSING_KIND}" is not a crossing')
    if coordinates is None or (isinstance(coordinates, list | tuple) and not coordinates):
        return _skip(draft, f"geometry is an empty {geometry_type}")
    draft.kind = "crossing" if is_point else "village"
    draft.issues.extend(draft.identity.issues)
    if draft.identity.code is None:
        draft.issues.append(
            ("properties", 'has neither a code nor a name ("code", "adcode", "name" or an "id")')
        )
    if is_point:
        draft.point, issues = read_point(coordinates)
        draft.radius_m, radius_issue = check_radius(properties.get("radius_m"), default_m)
        issues.extend([radius_issue] if radius_issue else [])
    else:
        draft.polygonal, issues = read_polygonal(geometry_type, coordinates)
    draft.issues.extend(issues)
    return draft


def centres(drafts: list[Draft]) -> FloatArray:
    """Return the bounding-box centre (lon, lat) of each draft's positions, NaN if unreadable."""
    result = np.full((len(drafts), 2), np.nan)
    for row, draft in enumerate(drafts):
        positions = draft.positions()
        if positions is not None and len(positions):
            low, high = positions.min(axis=0), positions.max(axis=0)
            result[row] = (low + high) / 2
    return result
