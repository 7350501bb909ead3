"""Writing RFC 7946 output: counter-clockwise exteriors, [lon, lat], no crs, and it re-parses."""

import json
import math
from dataclasses import replace

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geo.errors import CoordinateError
from geo.io import (
    dumps,
    parse_township_geojson,
    point_feature,
    polygon_feature,
    to_feature_collection,
    township_feature_collection,
)
from tests.unit.geo.builders import HOLE_IN_A, SQUARE_A, collection, township, village


def test_written_township_reparses_to_the_same_villages_and_crossings():
    parsed = parse_township_geojson(township(village("V03", "三村", SQUARE_A[::-1], HOLE_IN_A)))
    text = dumps(township_feature_collection(parsed))
    again = parse_township_geojson(text)
    assert [replace(v, feature_index=0) for v in again.villages] == [
        replace(v, feature_index=0) for v in parsed.villages
    ]
    assert [replace(c, feature_index=0) for c in again.crossings] == [
        replace(c, feature_index=0) for c in parsed.crossings
    ]


def test_written_geometry_is_counter_clockwise_lon_lat_without_crs():
    clockwise_with_ccw_hole = shapely.Polygon(SQUARE_A[::-1], [HOLE_IN_A[::-1]])
    written = to_feature_collection([polygon_feature(clockwise_with_ccw_hole, {"name": "一村"})])
    assert "crs" not in written
    exterior, hole = written["features"][0]["geometry"]["coordinates"]
    assert shapely.LinearRing(exterior).is_ccw
    assert not shapely.LinearRing(hole).is_ccw
    assert all(91 < lon < 92 and 32 < lat < 33 for lon, lat in exterior)


def test_point_features_carry_id_properties_and_lon_lat():
    feature = point_feature(91.7, 32.26, {"kind": "intersection"}, feature_id="X1")
    assert feature == {
        "type": "Feature",
        "id": "X1",
        "properties": {"kind": "intersection"},
        "geometry": {"type": "Point", "coordinates": [91.7, 32.26]},
    }


def test_writers_refuse_coordinates_out_of_range():
    with pytest.raises(CoordinateError):
        point_feature(32.26, 91.7)
    with pytest.raises(CoordinateError):
        polygon_feature(shapely.box(91, 95, 92, 96))


def test_dumps_keeps_chinese_readable_and_refuses_nan():
    assert '"一村"' in dumps(collection(village("V01", "一村", SQUARE_A)))
    with pytest.raises(ValueError, match="JSON compliant"):
        dumps({"type": "Feature", "properties": {"x": math.nan}, "geometry": None})


@given(
    lon=st.floats(min_value=73.5, max_value=135.0),
    lat=st.floats(min_value=18.0, max_value=53.5),
    width=st.floats(min_value=0.001, max_value=0.5),
    height=st.floats(min_value=0.001, max_value=0.5),
    clockwise=st.booleans(),
)
def test_any_rectangle_in_either_orientation_round_trips(lon, lat, width, height, clockwise):
    ring = [[lon, lat], [lon + width, lat], [lon + width, lat + height], [lon, lat + height]]
    ring = [*ring, ring[0]]
    parsed = parse_township_geojson(
        collection(village("R", "R", ring[::-1] if clockwise else ring))
    )
    (shape,) = parsed.villages
    assert shapely.LinearRing(shape.geometry["coordinates"][0]).is_ccw
    again = parse_township_geojson(json.loads(dumps(township_feature_collection(parsed))))
    assert again.villages == parsed.villages
