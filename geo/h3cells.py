"""The one adapter to h3 v4: FieldOps speaks (lon, lat), h3 speaks (lat, lng).

Every call into h3 goes through here, with the order swapped explicitly and the range checked first,
because h3 turns swapped or out-of-range coordinates into a cell without any error.

Rule for villages: a cell belongs to a village if its centre lies in the village's polygon (the
boundary counts as inside). A village so small that no cell centre falls inside it gets the one cell
that contains its label point, so every village has at least one cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import Any

import h3
import numpy as np
import numpy.typing as npt
import shapely

from geo.crs import check_lon_lat
from geo.errors import CellError

DEFAULT_RESOLUTION = 9  # about 0.1 km² per cell
CellIds = npt.NDArray[np.uint64]  # H3 cells as 64-bit integers: the vectorised form of the hex ids


def _check_resolution(resolution: int) -> None:
    if isinstance(resolution, bool) or not isinstance(resolution, int) or not 0 <= resolution <= 15:
        raise CellError(f"H3 resolution must be an integer 0..15, not {resolution!r}")


def _check_cell(cell: str) -> None:
    if not isinstance(cell, str) or not h3.is_valid_cell(cell):
        raise CellError(f"{cell!r} is not a valid H3 cell")


def lon_lat_to_cell(lon: float, lat: float, resolution: int = DEFAULT_RESOLUTION) -> str:
    """Return the H3 cell (hex string) that contains the lon/lat point in degrees."""
    check_lon_lat(lon, lat)
    _check_resolution(resolution)
    return str(h3.latlng_to_cell(float(lat), float(lon), resolution))


def lon_lat_to_cells(
    lons: npt.ArrayLike, lats: npt.ArrayLike, resolution: int = DEFAULT_RESOLUTION
) -> CellIds:
    """Return the H3 cell (as uint64) of every lon/lat point in degrees, range-checked first."""
    lon = np.asarray(lons, dtype=np.float64).ravel()
    lat = np.asarray(lats, dtype=np.float64).ravel()
    check_lon_lat(lon, lat)
    _check_resolution(resolution)
    # h3 v4 has no array API: one C call per point through map() is its fastest path (~2M/s).
    to_cell = h3.api.basic_int.latlng_to_cell
    calls = map(to_cell, lat.tolist(), lon.tolist(), repeat(resolution))
    return np.fromiter(calls, dtype=np.uint64, count=lon.size)


def cells_to_hex(cells: Iterable[int] | CellIds) -> list[str]:
    """Return H3 cells given as integers as their usual hex strings."""
    return [h3.int_to_str(int(cell)) for cell in cells]


def hex_to_cells(cells: Iterable[str]) -> CellIds:
    """Return H3 hex cell ids as a uint64 array, refusing anything that is not a cell."""
    ordered = list(cells)
    for cell in ordered:
        _check_cell(cell)
    return np.fromiter((h3.str_to_int(cell) for cell in ordered), np.uint64, count=len(ordered))


def densify_spacing_m(resolution: int = DEFAULT_RESOLUTION) -> float:
    """Return the step in metres at which a line is sampled so it misses no cell it crosses."""
    _check_resolution(resolution)
    # A quarter of the average edge (about 50 m at resolution 9): a line can then skip only a
    # sliver of a cell's corner, never a cell it really walks through.
    return float(h3.average_hexagon_edge_length(resolution, unit="m")) / 4.0


def cell_centre(cell: str) -> tuple[float, float]:
    """Return the centre of an H3 cell as (lon, lat) degrees."""
    _check_cell(cell)
    lat, lng = h3.cell_to_latlng(cell)
    return (float(lng), float(lat))


def cell_boundary(cell: str) -> list[tuple[float, float]]:
    """Return an H3 cell's boundary as a closed, counter-clockwise ring of (lon, lat) pairs."""
    _check_cell(cell)
    ring = [(float(lng), float(lat)) for lat, lng in h3.cell_to_boundary(cell)]
    return [*ring, ring[0]]


def _to_shapely(geometry: Mapping[str, Any] | Any) -> Any:
    if isinstance(geometry, shapely.Geometry):
        return geometry
    return shapely.geometry.shape(geometry)


def polygon_cells(
    geometry: Mapping[str, Any] | Any, resolution: int = DEFAULT_RESOLUTION
) -> list[str]:
    """Return the sorted H3 cells of a lon/lat (Multi)Polygon by the centre-in-polygon rule."""
    _check_resolution(resolution)
    shape = _to_shapely(geometry)
    if shape.is_empty or shape.geom_type not in ("Polygon", "MultiPolygon"):
        raise CellError(f"cells need a non-empty Polygon or MultiPolygon, not {shape.geom_type}")
    lon_min, lat_min, lon_max, lat_max = shape.bounds
    check_lon_lat([lon_min, lon_max], [lat_min, lat_max])
    # h3 reads __geo_interface__ as GeoJSON (lng, lat); 'overlap' gives every candidate cell, then
    # the centre rule is applied by shapely so it agrees with every other point-in-village test.
    candidates = sorted(
        h3.h3shape_to_cells_experimental(h3.geo_to_h3shape(shape), resolution, contain="overlap")
    )
    cells = _cells_with_centre_inside(shape, candidates)
    if not cells:
        label = shape.point_on_surface()
        cells = [lon_lat_to_cell(label.x, label.y, resolution)]
    return cells


def _cells_with_centre_inside(shape: Any, candidates: Iterable[str]) -> list[str]:
    ordered = list(candidates)
    if not ordered:
        return []
    centres = np.array([h3.cell_to_latlng(cell) for cell in ordered], dtype=np.float64)
    inside = shapely.intersects_xy(shape, centres[:, 1], centres[:, 0])
    return [cell for cell, keep in zip(ordered, inside, strict=True) if keep]


def cells_outline(cells: Iterable[str]) -> dict[str, Any]:
    """Return the area of a set of cells as one GeoJSON (Multi)Polygon, [lon, lat], holes kept."""
    ordered = sorted(set(cells))
    for cell in ordered:
        _check_cell(cell)
    shape = h3.cells_to_geo(ordered)  # GeoJSON order already: (lng, lat)

    def listed(value: Any) -> Any:
        return [listed(v) for v in value] if isinstance(value, list | tuple) else float(value)

    return {"type": shape["type"], "coordinates": listed(shape["coordinates"])}
