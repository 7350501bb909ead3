"""Small GeoJSON builders for the geo tests: one township near Amdo, written by hand."""

from __future__ import annotations

from typing import Any

Ring = list[list[float]]

# Three villages near the Sewu resettlement site, lon ~91.7, lat ~32.26, drawn counter-clockwise.
SQUARE_A: Ring = [[91.70, 32.25], [91.72, 32.25], [91.72, 32.27], [91.70, 32.27], [91.70, 32.25]]
SQUARE_B: Ring = [[91.73, 32.25], [91.75, 32.25], [91.75, 32.27], [91.73, 32.27], [91.73, 32.25]]
SQUARE_C: Ring = [[91.70, 32.28], [91.72, 32.28], [91.72, 32.30], [91.70, 32.30], [91.70, 32.28]]
HOLE_IN_A: Ring = [
    [91.705, 32.255],
    [91.705, 32.26],
    [91.71, 32.26],
    [91.71, 32.255],
    [91.705, 32.255],
]
BOW_TIE: Ring = [[91.76, 32.25], [91.78, 32.27], [91.78, 32.25], [91.76, 32.27], [91.76, 32.25]]


def swapped(ring: Ring) -> Ring:
    """Return the ring written [lat, lon], the classic mistake."""
    return [[lat, lon] for lon, lat in ring]


def village(
    code: str | None,
    name: str | None,
    *rings: Ring,
    multi: list[list[Ring]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Return a Polygon (or, with multi, MultiPolygon) village feature."""
    properties: dict[str, Any] = {}
    if code is not None:
        properties["code"] = code
    if name is not None:
        properties["name"] = name
    geometry = (
        {"type": "MultiPolygon", "coordinates": multi}
        if multi is not None
        else {"type": "Polygon", "coordinates": list(rings)}
    )
    return {"type": "Feature", "properties": properties, "geometry": geometry, **extra}


def crossing(code: str, name: str, lon: float, lat: float, **properties: Any) -> dict[str, Any]:
    """Return a crossing: a Point feature with "kind": "intersection"."""
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, "kind": "intersection", **properties},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def collection(*features: dict[str, Any], **members: Any) -> dict[str, Any]:
    """Return a FeatureCollection of the features (plus any top-level members)."""
    return {"type": "FeatureCollection", "features": list(features), **members}


def township(*extra: dict[str, Any]) -> dict[str, Any]:
    """Return a valid township of two villages and a crossing, plus any extra features."""
    return collection(
        village("V01", "一村", SQUARE_A),
        village("V02", "二村", SQUARE_B),
        crossing("X01", "东路口", 91.725, 32.26),
        *extra,
    )
