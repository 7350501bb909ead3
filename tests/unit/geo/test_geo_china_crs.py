"""WGS84 ⇄ GCJ-02 ⇄ BD-09: published reference pairs, exact inverses, and China's edge."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.china_crs import (
    CRS_NAMES,
    bd09_to_gcj02,
    convert,
    from_wgs84,
    from_wgs84_arrays,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    in_china,
    parse_crs,
    shift_m,
    to_wgs84,
    to_wgs84_arrays,
    to_wgs84_batch,
    wgs84_to_gcj02,
)
from geo.crs import geodesic_distance_m
from geo.errors import CoordinateError, CrsError

from .strategies import nagqu_points

# Published WGS84 → GCJ-02 pairs: googollee/eviltransform, python/test.py (TESTS: wgsLat, wgsLng,
# gcjLat, gcjLng; that suite asserts 6 decimals), Shanghai, Shenzhen and Beijing.
EVILTRANSFORM_WGS_GCJ = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),
]
# Published in wandergis/coordtransform's README and test/app.js for the point (116.404, 39.915):
# wgs84togcj02 → [116.41024449916938, 39.91640428150164], gcj02tobd09 → [116.41036949371029,
# 39.92133699351021]. (Its inverses there are the one-step approximations, so they are not used.)
COORDTRANSFORM_WGS_GCJ = (116.404, 39.915, 116.41024449916938, 39.91640428150164)
COORDTRANSFORM_GCJ_BD = (116.404, 39.915, 116.41036949371029, 39.92133699351021)

SEWU = (91.70, 32.25)  # Sewu Township, Amdo County
OUTSIDE = {
    "London": (-0.1276, 51.5072),
    "New York": (-74.006, 40.7128),
    "Tokyo": (139.6917, 35.6895),
    "Seoul (inside the usual single bounding box)": (126.978, 37.5665),
    "Ulaanbaatar": (106.9057, 47.8864),
    "Hanoi": (105.8542, 21.0285),
    "Sydney": (151.2093, -33.8688),
}


@pytest.mark.parametrize(("wgs_lon", "wgs_lat", "gcj_lon", "gcj_lat"), EVILTRANSFORM_WGS_GCJ)
def test_wgs84_to_gcj02_matches_eviltransforms_published_pairs(wgs_lon, wgs_lat, gcj_lon, gcj_lat):
    lon, lat = from_wgs84(wgs_lon, wgs_lat, "gcj02")
    assert lon == pytest.approx(gcj_lon, abs=1e-9)
    assert lat == pytest.approx(gcj_lat, abs=1e-9)


@pytest.mark.parametrize(("wgs_lon", "wgs_lat", "gcj_lon", "gcj_lat"), EVILTRANSFORM_WGS_GCJ)
def test_gcj02_to_wgs84_recovers_the_published_pairs_to_a_millimetre(
    wgs_lon, wgs_lat, gcj_lon, gcj_lat
):
    lon, lat = to_wgs84(gcj_lon, gcj_lat, "gcj02")
    assert geodesic_distance_m(lon, lat, wgs_lon, wgs_lat) < 0.001


def test_wgs84_to_gcj02_matches_coordtransforms_published_pair():
    wgs_lon, wgs_lat, gcj_lon, gcj_lat = COORDTRANSFORM_WGS_GCJ
    assert from_wgs84(wgs_lon, wgs_lat, "gcj02") == pytest.approx((gcj_lon, gcj_lat), abs=1e-9)


def test_gcj02_to_bd09_matches_coordtransforms_published_pair():
    gcj_lon, gcj_lat, bd_lon, bd_lat = COORDTRANSFORM_GCJ_BD
    lon, lat = gcj02_to_bd09(gcj_lon, gcj_lat)
    assert (float(lon), float(lat)) == pytest.approx((bd_lon, bd_lat), abs=1e-9)


def test_bd09_to_gcj02_inverts_the_published_pair_exactly():
    gcj_lon, gcj_lat, bd_lon, bd_lat = COORDTRANSFORM_GCJ_BD
    lon, lat = bd09_to_gcj02(bd_lon, bd_lat)
    assert geodesic_distance_m(float(lon), float(lat), gcj_lon, gcj_lat) < 0.001


def test_bd09_is_gcj02_then_baidus_step():
    wgs_lon, wgs_lat = 116.404, 39.915
    gcj = from_wgs84(wgs_lon, wgs_lat, "gcj02")
    bd = gcj02_to_bd09(*gcj)
    assert from_wgs84(wgs_lon, wgs_lat, "bd09") == pytest.approx(
        (float(bd[0]), float(bd[1])), abs=1e-12
    )


@settings(max_examples=200, deadline=None)
@given(nagqu_points)
def test_wgs84_to_gcj02_and_back_is_within_half_a_metre_across_nagqu(point):
    lon, lat = point
    back = to_wgs84(*from_wgs84(lon, lat, "gcj02"), "gcj02")
    assert geodesic_distance_m(lon, lat, *back) < 0.5
    assert geodesic_distance_m(lon, lat, *back) < 0.01  # the iteration's real promise: a centimetre


@settings(max_examples=200, deadline=None)
@given(nagqu_points)
def test_wgs84_to_bd09_and_back_is_within_a_centimetre_across_nagqu(point):
    lon, lat = point
    back = to_wgs84(*from_wgs84(lon, lat, "bd09"), "bd09")
    assert geodesic_distance_m(lon, lat, *back) < 0.01


@settings(max_examples=200, deadline=None)
@given(nagqu_points)
def test_a_gcj02_position_read_back_lands_where_the_forward_formula_sends_it(point):
    # The inverse is checked the other way round too: start from a GCJ-02 position.
    lon, lat = point
    wgs = to_wgs84(lon, lat, "gcj02")
    again = from_wgs84(*wgs, "gcj02")
    assert geodesic_distance_m(lon, lat, *again) < 0.01


@settings(max_examples=100, deadline=None)
@given(nagqu_points)
def test_the_shifts_over_nagqu_are_larger_than_a_crossings_radius(point):
    # Why it matters: 90-410 m for GCJ-02, 770-1070 m for BD-09, more than the default 50 m radius
    # plus 50 m of accuracy slack, so a shifted check-in at the crossing would be off site.
    assert 90 < shift_m(*point, "gcj02") < 450
    assert 700 < shift_m(*point, "bd09") < 1100


def test_arrays_convert_like_single_points():
    lons = np.array([91.70, 91.80, 92.05, -0.13])
    lats = np.array([32.25, 32.30, 31.48, 51.51])
    g_lons, g_lats = from_wgs84_arrays(lons, lats, "gcj02")
    for i in range(len(lons)):
        assert (g_lons[i], g_lats[i]) == from_wgs84(float(lons[i]), float(lats[i]), "gcj02")
    w_lons, w_lats = to_wgs84_arrays(g_lons, g_lats, "gcj02")
    assert np.max(geodesic_distance_m(w_lons, w_lats, lons, lats)) < 0.01


@pytest.mark.parametrize("place", sorted(OUTSIDE))
@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_outside_china_positions_are_unchanged_both_ways(place, crs):
    lon, lat = OUTSIDE[place]
    assert from_wgs84(lon, lat, crs) == (lon, lat)
    assert to_wgs84(lon, lat, crs) == (lon, lat)


def test_places_in_china_are_inside_and_neighbours_outside():
    inside = [SEWU, (91.13, 29.65), (87.6, 43.8), (126.6, 45.8), (109.5, 18.25), (114.17, 22.3)]
    assert in_china([p[0] for p in inside], [p[1] for p in inside]).all()
    outside = list(OUTSIDE.values())
    assert not in_china([p[0] for p in outside], [p[1] for p in outside]).any()


@pytest.mark.parametrize("crs", ["wgs84", "cgcs2000"])
def test_wgs84_and_cgcs2000_convert_unchanged(crs):
    assert to_wgs84(*SEWU, crs) == SEWU
    assert from_wgs84(*SEWU, crs) == SEWU


def test_convert_goes_between_any_two_systems():
    bd = from_wgs84(*SEWU, "bd09")
    gcj = convert(*bd, "bd09", "gcj02")
    assert geodesic_distance_m(*gcj, *from_wgs84(*SEWU, "gcj02")) < 0.01


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("WGS84", "wgs84"),
        ("wgs-84", "wgs84"),
        ("EPSG:4326", "wgs84"),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", "wgs84"),
        ("CGCS2000", "cgcs2000"),
        ("EPSG:4490", "cgcs2000"),
        ("GCJ-02", "gcj02"),
        ("gcj02", "gcj02"),
        ("高德", "gcj02"),
        ("火星坐标系", "gcj02"),
        ("BD-09", "bd09"),
        ("bd09ll", "bd09"),
        ("百度坐标系", "bd09"),
    ],
)
def test_coordinate_system_names_are_read_the_ways_people_write_them(name, expected):
    assert parse_crs(name) == expected


@pytest.mark.parametrize("name", ["EPSG:3857", "bd09mc", "", "utm", 4326, None])
def test_an_unknown_coordinate_system_is_refused_with_the_choices(name):
    with pytest.raises(CrsError, match="wgs84, cgcs2000, gcj02, bd09"):
        to_wgs84(*SEWU, name)  # type: ignore[arg-type]


def test_every_listed_system_round_trips_at_sewu():
    for crs in CRS_NAMES:
        assert geodesic_distance_m(*SEWU, *to_wgs84(*from_wgs84(*SEWU, crs), crs)) < 0.01


@given(st.sampled_from([(200.0, 32.0), (91.0, 95.0), (float("nan"), 32.0)]))
def test_out_of_range_coordinates_are_refused_not_converted(point):
    with pytest.raises(CoordinateError):
        to_wgs84(*point, "gcj02")
    with pytest.raises(CoordinateError):
        wgs84_to_gcj02(*point)
    with pytest.raises(CoordinateError):
        gcj02_to_wgs84(*point)


def test_a_batch_of_points_each_in_its_own_system_converts_like_one_at_a_time():
    truth = [(91.70, 32.25), (91.71, 32.26), (91.72, 32.27), (-0.13, 51.51)]
    systems = ["gcj02", None, "bd09", "gcj02"]
    sent = [
        from_wgs84(lon, lat, s or "wgs84") for (lon, lat), s in zip(truth, systems, strict=True)
    ]
    lons, lats = to_wgs84_batch([p[0] for p in sent], [p[1] for p in sent], systems)
    for (lon, lat), got_lon, got_lat in zip(truth, lons, lats, strict=True):
        assert geodesic_distance_m(lon, lat, float(got_lon), float(got_lat)) < 0.01


def test_a_batch_with_an_unknown_system_or_the_wrong_count_is_refused():
    with pytest.raises(CrsError):
        to_wgs84_batch([91.7], [32.25], ["mercator"])
    with pytest.raises(ValueError, match="one per point"):
        to_wgs84_batch([91.7, 91.8], [32.25, 32.3], ["gcj02"])
