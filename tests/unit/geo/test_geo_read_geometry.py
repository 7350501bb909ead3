"""Reading village and crossing geometry: one named edge case per test."""

import json

import pytest
import shapely

from geo.errors import GeoValidationError
from geo.io import parse_township_geojson
from tests.unit.geo.builders import (
    BOW_TIE,
    HOLE_IN_A,
    SQUARE_A,
    SQUARE_B,
    SQUARE_C,
    collection,
    crossing,
    swapped,
    township,
    village,
)


def problems_of(document: object, **kwargs: object) -> list[str]:
    with pytest.raises(GeoValidationError) as caught:
        parse_township_geojson(document, **kwargs)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


def test_clockwise_ring_is_normalised_to_counter_clockwise():
    parsed = parse_township_geojson(collection(village("V01", "一村", SQUARE_A[::-1])))
    ring = parsed.villages[0].geometry["coordinates"][0]
    assert shapely.LinearRing(ring).is_ccw
    assert sorted(map(tuple, ring[:-1])) == sorted(map(tuple, SQUARE_A[:-1]))


def test_unclosed_ring_is_rejected_naming_the_feature_and_the_ring():
    unclosed = [*SQUARE_B[:-1], [91.74, 32.27]]
    problems = problems_of(township(village("V03", "三村", unclosed)))
    assert problems == [
        'feature #4 (code "V03", name "三村") at geometry.coordinates[0]: ring is not closed: '
        "it starts at [91.73, 32.25] but ends at [91.74, 32.27] "
        "(the last position must repeat the first)"
    ]


def test_ring_with_fewer_than_four_positions_is_rejected():
    problems = problems_of(collection(village("V01", "一村", SQUARE_A[:2] + SQUARE_A[:1])))
    assert problems == [
        'feature #1 (code "V01", name "一村") at geometry.coordinates[0]: '
        "ring has 3 positions; a closed ring needs at least 4"
    ]


def test_hole_is_kept_clockwise_inside_a_counter_clockwise_exterior():
    parsed = parse_township_geojson(collection(village("V01", "一村", SQUARE_A, HOLE_IN_A[::-1])))
    exterior, hole = parsed.villages[0].geometry["coordinates"]
    assert shapely.LinearRing(exterior).is_ccw
    assert not shapely.LinearRing(hole).is_ccw
    without_hole = parse_township_geojson(collection(village("V01", "一村", SQUARE_A)))
    assert parsed.villages[0].area_m2 < without_hole.villages[0].area_m2


def test_coordinate_out_of_range_is_rejected_naming_the_position():
    ring = [[91.70, 32.25], [191.72, 32.25], [91.72, 32.27], [91.70, 32.25]]
    problems = problems_of(township(village("V03", "三村", ring)))
    assert problems == [
        'feature #4 (code "V03", name "三村") at geometry.coordinates[0][1]: '
        "longitude 191.72 is outside -180..180"
    ]


def test_projected_metres_are_recognised_as_not_lon_lat():
    ring = [[500000, 3570000], [501000, 3570000], [501000, 3571000], [500000, 3570000]]
    (problem,) = problems_of(collection(village("V01", "一村", ring)))
    assert "projected metres? GeoJSON needs WGS84 lon/lat" in problem
    assert "(3 more out-of-range positions in this array)" in problem


def test_swapped_village_is_rejected_against_the_rest_of_the_file():
    problems = problems_of(township(village("V03", "三村", swapped(SQUARE_C))))
    assert problems == [
        'feature #4 (code "V03", name "三村") at geometry.coordinates: coordinates look swapped: '
        "read as [lon, lat] it lies at [32.290, 91.710], far from the rest of the file near "
        "[91.725, 32.260]; GeoJSON positions are [longitude, latitude]"
    ]


def test_swapped_village_alone_is_rejected_against_china():
    # Latitude 81.7 is in range, so only the China check can tell this western village is swapped.
    ring = [[32.0, 81.7], [32.0, 81.8], [32.1, 81.8], [32.0, 81.7]]
    (problem,) = problems_of(collection(village("V01", "一村", ring)))
    assert "coordinates look swapped" in problem
    assert "outside China, while read as [lat, lon] it would be inside" in problem


def test_swapped_crossing_is_rejected():
    (problem,) = problems_of(township(crossing("X02", "西路口", 32.26, 91.70)))
    assert problem.startswith('feature #4 (code "X02", name "西路口") at geometry.coordinates: ')
    assert "coordinates look swapped" in problem


def test_village_outside_china_that_is_not_swapped_is_accepted():
    ring = [[8.50, 47.30], [8.60, 47.30], [8.60, 47.40], [8.50, 47.30]]  # Zürich
    assert len(parse_township_geojson(collection(village("Z1", "Zürich", ring))).villages) == 1


def test_self_intersecting_polygon_is_rejected_with_shapelys_explanation():
    problems = problems_of(township(village("V03", "三村", BOW_TIE)))
    assert problems == [
        'feature #4 (code "V03", name "三村") at geometry.coordinates: invalid polygon: '
        "Self-intersection[91.77 32.26] (use --repair to fix it with shapely's make_valid)"
    ]


def test_self_intersecting_polygon_is_repaired_and_reported_with_repair():
    parsed = parse_township_geojson(township(village("V03", "三村", BOW_TIE)), repair=True)
    repaired = parsed.villages[2]
    assert repaired.geometry["type"] == "MultiPolygon"
    assert shapely.geometry.shape(repaired.geometry).is_valid
    assert all(shapely.LinearRing(p[0]).is_ccw for p in repaired.geometry["coordinates"])
    (report,) = parsed.repairs
    assert report.startswith('feature #4 (code "V03", name "三村"): Self-intersection[91.77 32.26]')
    assert "Polygon of 1 part(s) became MultiPolygon of 2 part(s)" in report
    assert report.endswith("area 0 m² -> 2.09 km²")  # the bow-tie's signed halves cancel out before


def test_ring_collapsed_to_a_point_cannot_be_repaired_and_says_so():
    point_ring = [[91.76, 32.25]] * 4
    (problem,) = problems_of(township(village("V03", "三村", point_ring)), repair=True)
    assert problem == (
        'feature #4 (code "V03", name "三村") at geometry.coordinates: cannot repair: '
        "Too few points in geometry component[91.76 32.25]; make_valid left nothing with an area"
    )


def test_repair_leaves_valid_villages_alone():
    parsed = parse_township_geojson(township(), repair=True)
    assert parsed.repairs == ()
    assert [v.geometry["type"] for v in parsed.villages] == ["Polygon", "Polygon"]


def test_null_geometry_is_skipped_with_a_warning_naming_the_feature():
    empty = {"type": "Feature", "properties": {"code": "V09", "name": "九村"}, "geometry": None}
    parsed = parse_township_geojson(township(empty))
    assert [v.code for v in parsed.villages] == ["V01", "V02"]
    assert parsed.warnings == ('feature #4 (code "V09", name "九村"): geometry is null; skipped',)


def test_empty_geometry_is_skipped_with_a_warning_naming_the_feature():
    empty = village("V09", "九村")  # a Polygon with no rings
    parsed = parse_township_geojson(township(empty))
    assert parsed.warnings == (
        'feature #4 (code "V09", name "九村"): geometry is an empty Polygon; skipped',
    )


def test_multipolygon_village_keeps_every_part():
    parsed = parse_township_geojson(
        collection(village("V01", "一村", multi=[[SQUARE_A], [SQUARE_C]]))
    )
    (shape,) = parsed.villages
    assert shape.geometry["type"] == "MultiPolygon"
    assert len(shape.geometry["coordinates"]) == 2
    single = parse_township_geojson(collection(village("V01", "一村", SQUARE_A))).villages[0]
    assert shape.area_m2 == pytest.approx(2 * single.area_m2, rel=1e-3)


def test_overlapping_parts_of_a_multipolygon_are_an_invalid_polygon():
    overlapping = [[SQUARE_A], [[[91.71, 32.26], [91.73, 32.26], [91.73, 32.28], [91.71, 32.26]]]]
    (problem,) = problems_of(collection(village("V01", "一村", multi=overlapping)))
    assert problem.startswith('feature #1 (code "V01", name "一村") at geometry.coordinates: ')
    assert "invalid polygon: Self-intersection" in problem


def test_area_is_geodesic_and_the_label_point_lies_inside():
    (shape,) = parse_township_geojson(collection(village("V01", "一村", SQUARE_A))).villages
    # 0.02 deg of latitude (2,218 m) by 0.02 deg of longitude at 32.26 N (1,884 m).
    assert shape.area_m2 == pytest.approx(2_218.4 * 1_883.6, rel=2e-3)
    assert shapely.geometry.shape(shape.geometry).contains(shapely.Point(shape.label_point))


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("91.71", 'position ["91.71", 32.25] must hold numbers only'),
        (True, "position [true, 32.25] must hold numbers only"),
        (None, "position [null, 32.25] must hold numbers only"),
    ],
)
def test_non_numeric_coordinate_is_rejected(bad, expected):
    ring = [[91.70, 32.25], [bad, 32.25], [91.72, 32.27], [91.70, 32.25]]
    assert problems_of(collection(village("V01", "一村", ring))) == [
        f'feature #1 (code "V01", name "一村") at geometry.coordinates[0][1]: {expected}'
    ]


def test_missing_coordinate_is_rejected():
    ring = [[91.70, 32.25], [91.72], [91.72, 32.27], [91.70, 32.25]]
    (problem,) = problems_of(collection(village("V01", "一村", ring)))
    assert problem.endswith("[0][1]: position [91.72] needs at least two numbers [lon, lat]")


def test_positions_with_an_altitude_are_accepted_and_flattened():
    ring = [[lon, lat, 4700.0] for lon, lat in SQUARE_A]
    ring[1] = ring[1][:2]  # a mix of 2D and 3D positions, as some exports write
    (shape,) = parse_township_geojson(collection(village("V01", "一村", ring))).villages
    assert all(len(position) == 2 for position in shape.geometry["coordinates"][0])


def test_every_problem_in_the_file_is_reported_at_once():
    document = township(
        village("V03", "三村", SQUARE_C[:-1]),
        village("V04", "四村", BOW_TIE),
        village("V01", "重复", swapped(SQUARE_C)),
    )
    with pytest.raises(GeoValidationError) as caught:
        parse_township_geojson(document)
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert [line.split(" at ")[0] for line in lines] == [
        'feature #4 (code "V03", name "三村")',
        'feature #5 (code "V04", name "四村")',
        'feature #6 (code "V01", name "重复")',
        'feature #1 (code "V01", name "一村")',
    ]


def test_output_of_a_parse_is_valid_json():
    parsed = parse_township_geojson(township())
    assert json.loads(json.dumps(parsed.villages[0].geometry)) == parsed.villages[0].geometry
