"""Raw GeoJSON coordinates to numpy arrays, checked before shapely can hide anything.

Shapely silently closes an unclosed ring and happily builds polygons from out-of-range numbers, so
the rules that are about what the file literally says (numbers, closed rings, at least four
positions, WGS84 range) are checked here on the raw arrays, each problem naming its field path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from geo.crs import FloatArray, lon_lat_problem, out_of_range_mask
from geo.labels import Issue, json_type

_NUMBER_TYPES = frozenset({int, float})
MIN_RING_POSITIONS = 4


@dataclass(frozen=True)
class RawPolygonal:
    """The rings of a Polygon (one part) or MultiPolygon, as (n, 2) lon/lat arrays."""

    parts: tuple[tuple[FloatArray, ...], ...]
    paths: tuple[tuple[str, ...], ...]  # field path of each ring, e.g. geometry.coordinates[0][1]
    multi: bool

    def all_positions(self) -> FloatArray:
        """Return every position of every ring stacked as one (n, 2) array."""
        return np.concatenate([ring for part in self.parts for ring in part])


def _fast_positions(raw: list[object]) -> FloatArray | None:
    """Convert a list of [lon, lat] number pairs in one numpy call, or None if it is not one."""
    try:
        types = {type(value) for position in raw for value in position}  # type: ignore[attr-defined]
    except TypeError:
        return None
    if not types <= _NUMBER_TYPES:  # also keeps out booleans and numeric strings numpy would take
        return None
    try:
        array = np.array(raw, dtype=np.float64)
    except (ValueError, OverflowError, TypeError):  # ragged (some with altitude), huge, objects
        return None
    return array[:, :2] if array.ndim == 2 and array.shape[1] >= 2 else None


def _position_issue(position: object) -> str | None:
    if not isinstance(position, list | tuple):
        return f"must be a position [lon, lat], not {json_type(position)}"
    shown = json.dumps(position, ensure_ascii=False, default=str)
    if len(position) < 2:
        return f"position {shown} needs at least two numbers [lon, lat]"
    if not all(type(value) in _NUMBER_TYPES for value in position):
        return f"position {shown} must hold numbers only"
    if any(type(value) is int and abs(value) >= 1e300 for value in position):  # not a float
        return f"position {shown} holds a number too large for a coordinate"
    return None


def read_positions(raw: object, path: str) -> tuple[FloatArray | None, list[Issue]]:
    """Read an array of positions into an (n, 2) lon/lat array, or say which position is bad."""
    if not isinstance(raw, list | tuple):
        return None, [(path, f"must be an array of positions, not {json_type(raw)}")]
    if not raw:
        return np.empty((0, 2), dtype=np.float64), []
    fast = _fast_positions(list(raw))
    if fast is not None:
        return fast, []
    bad = [(i, issue) for i, pos in enumerate(raw) if (issue := _position_issue(pos)) is not None]
    if not bad:  # e.g. a mix of 2- and 3-number positions
        rows = [position[:2] for position in raw]
        return np.array(rows, dtype=np.float64), []
    first, issue = bad[0]
    more = f" ({len(bad) - 1} more bad positions in this array)" if len(bad) > 1 else ""
    return None, [(f"{path}[{first}]", f"{issue}{more}")]


def ring_issues(ring: FloatArray, path: str) -> list[Issue]:
    """Check that a raw ring has at least four positions and ends where it starts."""
    if len(ring) < MIN_RING_POSITIONS:
        return [(path, f"ring has {len(ring)} positions; a closed ring needs at least 4")]
    first, last = ring[0], ring[-1]
    if not np.array_equal(first, last):
        return [
            (
                path,
                f"ring is not closed: it starts at {_show(first)} but ends at {_show(last)} "
                f"(the last position must repeat the first)",
            )
        ]
    return []


def range_issues(positions: FloatArray, path: str) -> list[Issue]:
    """Name the first lon/lat outside WGS84's range (or not finite) and count the others."""
    bad = np.flatnonzero(out_of_range_mask(positions[:, 0], positions[:, 1]))
    if not bad.size:
        return []
    first = int(bad[0])
    message = lon_lat_problem(float(positions[first, 0]), float(positions[first, 1]))
    more = f" ({bad.size - 1} more out-of-range positions in this array)" if bad.size > 1 else ""
    return [(f"{path}[{first}]", f"{message}{more}")]


def _show(position: FloatArray) -> str:
    return f"[{position[0]:g}, {position[1]:g}]"


def read_polygonal(
    geometry_type: str, coordinates: object, path: str = "geometry.coordinates"
) -> tuple[RawPolygonal | None, list[Issue]]:
    """Read Polygon or MultiPolygon coordinates into rings, checking structure and closure."""
    multi = geometry_type == "MultiPolygon"
    if not isinstance(coordinates, list | tuple):
        return None, [(path, f"must be an array, not {json_type(coordinates)}")]
    raw_parts = coordinates if multi else [coordinates]
    part_paths = [f"{path}[{i}]" for i in range(len(raw_parts))] if multi else [path]
    parts: list[tuple[FloatArray, ...]] = []
    paths: list[tuple[str, ...]] = []
    issues: list[Issue] = []
    for raw_rings, part_path in zip(raw_parts, part_paths, strict=True):
        if not isinstance(raw_rings, list | tuple) or not raw_rings:
            found = "no rings" if isinstance(raw_rings, list | tuple) else json_type(raw_rings)
            issues.append((part_path, f"a polygon must be an array of rings, found {found}"))
            continue
        rings: list[FloatArray] = []
        ring_paths = [f"{part_path}[{j}]" for j in range(len(raw_rings))]
        for raw_ring, ring_path in zip(raw_rings, ring_paths, strict=True):
            ring, ring_problems = read_positions(raw_ring, ring_path)
            issues.extend(ring_problems)
            if ring is not None:
                issues.extend(ring_issues(ring, ring_path))
                rings.append(ring)
        parts.append(tuple(rings))
        paths.append(tuple(ring_paths))
    if issues:
        return None, issues
    return RawPolygonal(tuple(parts), tuple(paths), multi), []


def read_point(
    coordinates: object, path: str = "geometry.coordinates"
) -> tuple[FloatArray | None, list[Issue]]:
    """Read a Point's position into a (1, 2) lon/lat array, or say what is wrong with it."""
    issue = _position_issue(coordinates)
    if issue is not None:
        return None, [(path, issue)]
    return np.array([coordinates[:2]], dtype=np.float64), []  # type: ignore[index]
