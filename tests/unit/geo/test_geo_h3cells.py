"""The h3 adapter: explicit (lon, lat) order, range checks, and the centre-in-polygon rule."""

import h3
import pytest
import shapely

from geo.crs import buffer_point_m
from geo.errors import CellError, CoordinateError
from geo.h3cells import cell_boundary, cell_centre, lon_lat_to_cell, polygon_cells

LON, LAT = 91.63, 32.26  # near Amdo; lon and lat differ enough that a swap is visible


def test_cell_is_found_from_lon_lat_in_that_order():
    cell = lon_lat_to_cell(LON, LAT, 9)
    assert cell == h3.latlng_to_cell(LAT, LON, 9)
    centre_lon, centre_lat = cell_centre(cell)
    assert centre_lon == pytest.approx(LON, abs=0.01)
    assert centre_lat == pytest.approx(LAT, abs=0.01)


def test_swapped_coordinates_are_refused_where_h3_would_accept_them():
    with pytest.raises(CoordinateError, match=r"latitude 91\.63"):
        lon_lat_to_cell(LAT, LON, 9)


def test_bad_resolution_and_bad_cell_are_refused():
    with pytest.raises(CellError):
        lon_lat_to_cell(LON, LAT, 16)
    with pytest.raises(CellError):
        cell_centre("not-a-cell")


def test_cell_boundary_is_a_closed_counter_clockwise_lon_lat_ring():
    ring = cell_boundary(lon_lat_to_cell(LON, LAT, 9))
    assert ring[0] == ring[-1]
    assert shapely.LinearRing(ring).is_ccw
    assert all(abs(lon - LON) < 0.01 and abs(lat - LAT) < 0.01 for lon, lat in ring)


def test_village_cells_are_those_whose_centre_lies_in_the_polygon():
    village = shapely.box(LON, LAT, LON + 0.03, LAT + 0.02)
    cells = polygon_cells(village, 9)
    assert cells == sorted(cells)
    assert all(village.covers(shapely.Point(cell_centre(cell))) for cell in cells)
    neighbours = {n for cell in cells for n in h3.grid_disk(cell, 1)} - set(cells)
    assert not any(village.covers(shapely.Point(cell_centre(cell))) for cell in neighbours)


def test_multipolygon_village_gets_the_cells_of_both_parts():
    first = shapely.box(LON, LAT, LON + 0.02, LAT + 0.02)
    second = shapely.box(LON + 0.1, LAT, LON + 0.12, LAT + 0.02)
    both = polygon_cells(shapely.MultiPolygon([first, second]), 9)
    assert set(both) == set(polygon_cells(first, 9)) | set(polygon_cells(second, 9))


def test_village_smaller_than_a_cell_gets_the_cell_of_its_label_point():
    tiny = buffer_point_m(LON, LAT, 20.0)
    assert polygon_cells(tiny, 9) == [lon_lat_to_cell(LON, LAT, 9)]


def test_geojson_mapping_is_accepted_as_well_as_shapely():
    box = shapely.box(LON, LAT, LON + 0.02, LAT + 0.02)
    assert polygon_cells(shapely.geometry.mapping(box), 9) == polygon_cells(box, 9)
