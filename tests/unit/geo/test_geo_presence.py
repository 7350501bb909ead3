"""Presence at a crossing or in a village, in metres, for many points at once."""

import numpy as np
import pytest

from geo.crs import geodesic_distance_m
from geo.errors import CoordinateError
from geo.presence import within_polygon_m, within_radius_m

from .trackbuilders import ring

LON, LAT = 91.725, 32.26
VILLAGE = {"type": "Polygon", "coordinates": [ring(91.70, 32.25, 91.72, 32.27)]}


def test_points_within_a_crossings_radius_are_measured_geodesically_in_metres():
    lons = LON + np.array([0.0, 0.0004, 0.0006, 0.01])  # 0, ~38, ~57 m and ~940 m east
    inside = within_radius_m(lons, [LAT] * 4, LON, LAT, 50.0)
    expected = geodesic_distance_m(lons, np.full(4, LAT), LON, LAT) <= 50.0
    assert inside.tolist() == expected.tolist() == [True, True, False, False]


def test_point_on_a_village_boundary_counts_as_inside():
    assert within_polygon_m([91.72, 91.71, 91.7201], [32.26, 32.26, 32.26], VILLAGE).tolist() == [
        True,
        True,
        False,
    ]


def test_a_buffer_in_metres_lets_points_just_outside_the_village_count():
    just_outside = 91.72 + 30 / 94_300  # about 30 m east of the east edge
    assert not within_polygon_m([just_outside], [32.26], VILLAGE)[0]
    assert within_polygon_m([just_outside], [32.26], VILLAGE, buffer_m=50.0)[0]
    assert not within_polygon_m([just_outside], [32.26], VILLAGE, buffer_m=10.0)[0]


def test_presence_refuses_swapped_coordinates_and_negative_radii():
    with pytest.raises(CoordinateError):
        within_polygon_m([32.26], [91.71], VILLAGE)
    with pytest.raises(ValueError, match="non-negative"):
        within_radius_m([LON], [LAT], LON, LAT, -1.0)
