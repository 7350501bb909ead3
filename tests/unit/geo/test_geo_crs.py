"""Geodesic distances, areas and metre buffers, checked against independent formulas."""

import math

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geo.crs import (
    buffer_geometry_m,
    buffer_point_m,
    check_lon_lat,
    format_area,
    geodesic_area_m2,
    geodesic_distance_m,
    local_projection,
    path_length_m,
)
from geo.errors import CoordinateError

WGS84_A = 6_378_137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)
MEAN_EARTH_RADIUS_M = 6_371_008.8


def meridian_arc_m(lat1_deg: float, lat2_deg: float, steps: int = 2000) -> float:
    """Integrate the meridional radius of curvature M(φ) = a(1−e²)/(1−e² sin²φ)^1.5 over φ."""
    phi = np.linspace(math.radians(lat1_deg), math.radians(lat2_deg), steps + 1)
    radius = WGS84_A * (1 - WGS84_E2) / (1 - WGS84_E2 * np.sin(phi) ** 2) ** 1.5
    return float(np.trapezoid(radius, phi))


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS_M * math.asin(math.sqrt(h))


def test_one_degree_of_latitude_near_32n_is_about_110_9_km():
    distance = geodesic_distance_m(91.5, 31.5, 91.5, 32.5)
    assert distance == pytest.approx(meridian_arc_m(31.5, 32.5), abs=0.01)
    assert distance == pytest.approx(110_900, rel=1e-3)


def test_one_degree_of_longitude_at_32n_matches_the_parallel_circle():
    # A degree along a parallel is slightly longer than the geodesic chord, by far less than 0.1%.
    phi = math.radians(32.0)
    parallel_radius = WGS84_A * math.cos(phi) / math.sqrt(1 - WGS84_E2 * math.sin(phi) ** 2)
    expected = parallel_radius * math.radians(1.0)
    assert geodesic_distance_m(91.0, 32.0, 92.0, 32.0) == pytest.approx(expected, rel=1e-4)


def test_distance_agrees_with_haversine_within_half_a_percent():
    assert geodesic_distance_m(91.1, 32.2, 91.9, 31.6) == pytest.approx(
        haversine_m(91.1, 32.2, 91.9, 31.6), rel=5e-3
    )


def test_distance_is_vectorised_over_arrays_and_broadcasts_scalars():
    lons = np.array([91.0, 91.5, 92.0])
    result = geodesic_distance_m(lons, 32.0, lons + 0.01, 32.0)
    assert isinstance(result, np.ndarray)
    assert result.shape == (3,)
    assert np.allclose(result, result[0])
    assert isinstance(geodesic_distance_m(91.0, 32.0, 91.0, 32.0), float)


def test_distance_refuses_swapped_coordinates():
    with pytest.raises(CoordinateError, match=r"latitude 91\.5"):
        geodesic_distance_m(32.0, 91.5, 32.1, 91.5)


def test_path_length_sums_the_legs_and_a_single_point_has_none():
    lons, lats = [91.0, 91.0, 91.0], [31.5, 32.0, 32.5]
    assert path_length_m(lons, lats) == pytest.approx(meridian_arc_m(31.5, 32.5), abs=0.01)
    assert path_length_m([91.0], [32.0]) == 0.0


def test_area_of_a_one_degree_cell_matches_the_ellipsoid_zone_formula():
    def authalic_q(phi: float) -> float:
        e = math.sqrt(WGS84_E2)
        s = math.sin(phi)
        return (1 - WGS84_E2) * (
            s / (1 - WGS84_E2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e)
        )

    q1, q2 = authalic_q(math.radians(32)), authalic_q(math.radians(33))
    expected = WGS84_A**2 / 2 * (q2 - q1) * math.radians(1.0)
    # Densified, so the edges follow the parallels instead of bulging poleward as geodesics.
    square = shapely.segmentize(shapely.box(91, 32, 92, 33), 0.01)
    assert geodesic_area_m2(shapely.geometry.mapping(square)) == pytest.approx(expected, rel=1e-6)


def test_area_subtracts_holes_whatever_the_ring_orientation():
    outer = [(91, 32), (91, 32.1), (91.1, 32.1), (91.1, 32), (91, 32)]  # clockwise
    hole = [(91.02, 32.02), (91.04, 32.02), (91.04, 32.04), (91.02, 32.04), (91.02, 32.02)]
    with_hole = shapely.Polygon(outer, [hole])
    expected = geodesic_area_m2(shapely.Polygon(outer)) - geodesic_area_m2(shapely.Polygon(hole))
    assert geodesic_area_m2(with_hole) == pytest.approx(expected)
    assert geodesic_area_m2(shapely.orient_polygons(with_hole)) == pytest.approx(expected)


def test_point_buffer_is_a_circle_in_metres_not_degrees():
    circle = buffer_point_m(91.5, 32.0, 50.0)
    assert geodesic_area_m2(circle) == pytest.approx(math.pi * 50.0**2, rel=5e-3)
    lon_min, lat_min, lon_max, lat_max = circle.bounds
    assert geodesic_distance_m(lon_min, 32.0, lon_max, 32.0) == pytest.approx(100.0, rel=1e-3)
    assert geodesic_distance_m(91.5, lat_min, 91.5, lat_max) == pytest.approx(100.0, rel=1e-3)


def test_geometry_buffer_grows_a_square_by_metres():
    square = shapely.box(91.0, 32.0, 91.01, 32.01)
    grown = buffer_geometry_m(square, 100.0)
    lon_min, _, _, _ = grown.bounds
    assert geodesic_distance_m(lon_min, 32.005, 91.0, 32.005) == pytest.approx(100.0, rel=1e-2)


@given(
    st.floats(min_value=-170, max_value=170),
    st.floats(min_value=-80, max_value=80),
    st.floats(min_value=-3000, max_value=3000),
    st.floats(min_value=-3000, max_value=3000),
)
def test_local_projection_round_trips_and_keeps_distance_from_the_centre(lon, lat, x, y):
    projection = local_projection(lon, lat)
    back_lon, back_lat = projection.to_lon_lat(x, y)
    assert geodesic_distance_m(lon, lat, float(back_lon), float(back_lat)) == pytest.approx(
        math.hypot(x, y), abs=1e-3
    )
    # PROJ's aeqd inverse puts anything within 1e-10 Earth radii (0.64 mm) of the centre on the
    # centre itself (its EPS10), so a round trip is exact to a millimetre, not better.
    again_x, again_y = projection.to_metres(back_lon, back_lat)
    assert float(again_x) == pytest.approx(x, abs=1e-3)
    assert float(again_y) == pytest.approx(y, abs=1e-3)


def test_coordinate_check_names_the_first_bad_pair_and_counts_the_rest():
    check_lon_lat([91.0, 92.0], [32.0, 33.0])
    with pytest.raises(CoordinateError, match=r"longitude 200.0 is outside -180..180 \(1 more\)"):
        check_lon_lat([91.0, 200.0, 300.0], [32.0, 32.0, 32.0])
    with pytest.raises(CoordinateError, match="not a finite number"):
        check_lon_lat(float("nan"), 32.0)


def test_areas_read_in_square_metres_below_a_square_kilometre_and_km2_above():
    assert format_area(7_853.98) == "7,854 m²"
    assert format_area(12_345_678.0) == "12.35 km²"
