"""GeoJSON moved between WGS84, GCJ-02 and BD-09: every position, nothing else, and a note of it."""

import copy

import pytest
import shapely

from geo.china_crs import from_wgs84, to_wgs84
from geo.crs import geodesic_area_m2, geodesic_distance_m
from geo.io import parse_township_geojson
from geo.reproject import feature_collection_to_crs, geometry_to_crs, township_to_wgs84
from tests.unit.geo.builders import HOLE_IN_A, SQUARE_A, SQUARE_B, crossing, township, village

TRACK = [[91.701, 32.251, 4620.0], [91.705, 32.255, 4625.5], [91.711, 32.262, 4630.0]]


def overlay() -> dict:
    """A console-map overlay: a village with a hole, a covered cell, a crossing and a patrol track."""
    return {
        "type": "FeatureCollection",
        "features": [
            village("V01", "一村", SQUARE_A, HOLE_IN_A) | {"id": "V01"},
            {
                "type": "Feature",
                "properties": {"kind": "cell", "minutes": 12.5},
                "geometry": {"type": "MultiPolygon", "coordinates": [[SQUARE_B]]},
            },
            crossing("X1", "东路口", 91.71, 32.26) | {"bbox": [91.71, 32.26, 91.71, 32.26]},
            {
                "type": "Feature",
                "properties": {"kind": "track"},
                "geometry": {
                    "type": "GeometryCollection",
                    "geometries": [{"type": "LineString", "coordinates": TRACK}],
                },
            },
            {"type": "Feature", "properties": {"kind": "note"}, "geometry": None},
        ],
    }


def positions(geometry) -> list:
    if geometry is None:
        return []
    if geometry["type"] == "GeometryCollection":
        return [p for g in geometry["geometries"] for p in positions(g)]
    return shapely.get_coordinates(shapely.geometry.shape(geometry)).tolist()


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_every_position_of_every_feature_moves_as_a_single_point_would(crs):
    source = overlay()
    moved = feature_collection_to_crs(source, crs)
    for before, after in zip(source["features"], moved["features"], strict=True):
        for old, new in zip(
            positions(before["geometry"]), positions(after["geometry"]), strict=True
        ):
            assert tuple(new) == pytest.approx(from_wgs84(old[0], old[1], crs), abs=1e-12)
    assert moved["features"][3]["geometry"]["geometries"][0]["coordinates"][1][2] == 4625.5


def test_the_output_says_which_system_it_is_in_and_the_input_is_untouched():
    source = overlay()
    kept = copy.deepcopy(source)
    moved = feature_collection_to_crs(source, "GCJ-02")
    assert source == kept
    assert moved["properties"]["crs"] == "gcj02"
    assert "GCJ-02" in moved["properties"]["crs_note"]
    assert all(f["properties"]["crs"] == "gcj02" for f in moved["features"])
    assert moved["features"][0]["properties"]["code"] == "V01"  # other properties kept
    assert moved["features"][0]["id"] == "V01"


def test_a_bbox_follows_its_positions():
    moved = feature_collection_to_crs(overlay(), "gcj02")
    lon, lat = from_wgs84(91.71, 32.26, "gcj02")
    assert moved["features"][2]["bbox"] == pytest.approx([lon, lat, lon, lat])


def test_a_moved_village_keeps_its_closed_counter_clockwise_rings():
    moved = geometry_to_crs({"type": "Polygon", "coordinates": [SQUARE_A, HOLE_IN_A]}, "bd09")
    shell, hole = moved["coordinates"]
    assert shell[0] == shell[-1] and hole[0] == hole[-1]
    assert shapely.LinearRing(shell).is_ccw and not shapely.LinearRing(hole).is_ccw


def test_a_file_read_as_gcj02_lands_on_its_wgs84_truth():
    truth = parse_township_geojson(township())
    shifted = feature_collection_to_crs(township(), "gcj02")
    read = township_to_wgs84(parse_township_geojson(shifted), "gcj02")
    for mine, true in zip(read.crossings, truth.crossings, strict=True):
        assert geodesic_distance_m(mine.lon, mine.lat, true.lon, true.lat) < 0.01
    for mine, true in zip(read.villages, truth.villages, strict=True):
        assert mine.area_m2 == pytest.approx(true.area_m2, rel=1e-6)
        assert shapely.geometry.shape(mine.geometry).equals_exact(
            shapely.geometry.shape(true.geometry), 1e-7
        )
        assert shapely.geometry.shape(mine.geometry).contains(shapely.Point(mine.label_point))


def test_a_wgs84_township_is_left_as_it_is():
    parsed = parse_township_geojson(township())
    assert township_to_wgs84(parsed, "cgcs2000") is parsed


def test_moving_there_and_back_returns_every_position():
    there = feature_collection_to_crs(overlay(), "bd09")
    back = feature_collection_to_crs(there, "wgs84", source="bd09")
    for before, after in zip(overlay()["features"], back["features"], strict=True):
        for old, new in zip(
            positions(before["geometry"]), positions(after["geometry"]), strict=True
        ):
            assert geodesic_distance_m(old[0], old[1], new[0], new[1]) < 0.01
    assert to_wgs84(*there["features"][2]["geometry"]["coordinates"], "bd09") == pytest.approx(
        (91.71, 32.26), abs=1e-8
    )


def test_area_survives_the_move_within_the_stretch_gcj02_applies():
    # GCJ-02's offset changes by about a metre per kilometre: areas grow by about 0.1 %.
    moved = geometry_to_crs({"type": "Polygon", "coordinates": [SQUARE_A]}, "gcj02")
    assert geodesic_area_m2(moved) == pytest.approx(
        geodesic_area_m2({"type": "Polygon", "coordinates": [SQUARE_A]}), rel=2e-3
    )
