"""Reading a GeoJSON file: the document, its members, codes and names, crossings."""

import pytest

from geo.errors import GeoValidationError
from geo.io import parse_township_geojson
from tests.unit.geo.builders import SQUARE_A, SQUARE_B, collection, crossing, township, village


def problems_of(document: object, **kwargs: object) -> list[str]:
    with pytest.raises(GeoValidationError) as caught:
        parse_township_geojson(document, **kwargs)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


def test_duplicate_codes_name_both_features():
    problems = problems_of(township(village("V01", "又一村", SQUARE_B)))
    assert problems == [
        'feature #1 (code "V01", name "一村") at properties.code: code "V01" is also used by '
        'feature #4 (code "V01", name "又一村"): codes must be unique in a file'
    ]


def test_a_village_and_a_crossing_may_not_share_a_code():
    (problem,) = problems_of(township(crossing("V02", "北路口", 91.74, 32.28)))
    assert 'code "V02" is also used by feature #4 (code "V02", name "北路口")' in problem


def test_feature_without_id_is_accepted():
    parsed = parse_township_geojson(township())
    assert all("id" not in feature for feature in township()["features"])
    assert [v.code for v in parsed.villages] == ["V01", "V02"]


def test_foreign_members_are_ignored_everywhere():
    document = township()
    document.update(name="色务乡", bbox=[91.7, 32.25, 91.75, 32.27], generator={"tool": "DataV"})
    feature = document["features"][0]
    feature.update(id=7, style={"fill": "#f00"}, bbox=[91.7, 32.25, 91.72, 32.27])
    feature["properties"].update(center=[91.71, 32.26], childrenNum=0, parent={"adcode": 542425})
    feature["geometry"]["extra"] = "kept out"
    parsed = parse_township_geojson(document)
    assert [v.code for v in parsed.villages] == ["V01", "V02"]
    assert parsed.warnings == ()


def test_foreign_crs_is_rejected():
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    assert problems_of(township() | {"crs": crs}) == [
        'file at crs: crs names "urn:ogc:def:crs:EPSG::3857", but RFC 7946 GeoJSON is WGS84 '
        "longitude/latitude only (EPSG:4326, CRS84): reproject the file, e.g. "
        "`ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"
    ]


@pytest.mark.parametrize(
    "crs",
    [
        {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        {"type": "name", "properties": {"name": "EPSG:4326"}},
        {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},  # CGCS2000
        {"type": "EPSG", "properties": {"code": 4326}},
        None,
    ],
)
def test_a_crs_member_naming_wgs84_is_accepted(crs):
    assert len(parse_township_geojson(township() | {"crs": crs}).villages) == 2


def test_empty_collection_is_rejected():
    assert problems_of(collection()) == [
        "file at features: the FeatureCollection has no features: nothing to import"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "file: file is empty"),
        ('{"type": "FeatureCollection",', "file: not valid JSON: Expecting property name"),
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "file: file is neither UTF-8 nor GBK text"),
        ("[1, 2]", "file: must be a GeoJSON FeatureCollection object, not an array"),
        (
            {"type": "Polygon", "coordinates": [SQUARE_A]},
            'file at type: must be "FeatureCollection" (or a single "Feature"), not "Polygon"',
        ),
        ({"type": "FeatureCollection"}, "file at features: must be an array of features, not null"),
    ],
)
def test_a_document_that_is_not_a_feature_collection_is_rejected(data, expected):
    (problem,) = problems_of(data)
    assert problem.startswith(expected)


def test_invalid_json_names_the_line_and_column():
    (problem,) = problems_of('{"type": "FeatureCollection",\n "features": [}')
    assert problem == "file: not valid JSON: Expecting value at line 2, column 15"


def test_a_single_feature_is_accepted_as_a_file():
    parsed = parse_township_geojson(village("V01", "一村", SQUARE_A))
    assert [v.code for v in parsed.villages] == ["V01"]


def test_bytes_in_utf8_with_bom_and_in_gbk_are_read():
    text = '{"type": "Feature", "properties": {"name": "色务村"}, "geometry": {"type": "Point", '
    text += '"coordinates": [91.7, 32.26]}, "id": "X1"}'
    text = text.replace('"name"', '"kind": "intersection", "name"')
    for data in (b"\xef\xbb\xbf" + text.encode(), text.encode("gbk"), "\ufeff" + text):
        (point,) = parse_township_geojson(data).crossings
        assert (point.code, point.name) == ("X1", "色务村")


def test_crossing_without_radius_gets_the_default():
    parsed = parse_township_geojson(township(), default_radius_m=80.0)
    assert [(c.code, c.radius_m) for c in parsed.crossings] == [("X01", 80.0)]
    assert parse_township_geojson(township()).crossings[0].radius_m == 50.0


def test_crossing_radius_may_be_written_as_text():
    parsed = parse_township_geojson(
        collection(crossing("X01", "路口", 91.7, 32.26, radius_m="120"))
    )
    assert parsed.crossings[0].radius_m == 120.0


@pytest.mark.parametrize("radius", [0, -5, 12_000, "wide", True, float("nan"), [50]])
def test_crossing_radius_must_be_positive_and_at_most_a_few_km(radius):
    (problem,) = problems_of(collection(crossing("X01", "路口", 91.7, 32.26, radius_m=radius)))
    assert problem.startswith(
        'feature #1 (code "X01", name "路口") at properties.radius_m: '
        "must be a positive number of metres, at most 5000, not "
    )


def test_point_without_intersection_kind_is_skipped_with_a_warning():
    point = crossing("P1", "村委会", 91.71, 32.26)
    del point["properties"]["kind"]
    parsed = parse_township_geojson(township(point))
    assert parsed.warnings == (
        'feature #4 (code "P1", name "村委会"): a Point without "kind": "intersection" '
        "is not a crossing; skipped",
    )


def test_other_geometry_types_are_skipped_with_a_warning():
    road = {
        "type": "Feature",
        "properties": {"name": "国道109"},
        "geometry": {"type": "LineString", "coordinates": [[91.7, 32.2], [91.8, 32.3]]},
    }
    parsed = parse_township_geojson(township(road))
    assert parsed.warnings == (
        'feature #4 (name "国道109"): a LineString is neither a village (Polygon, MultiPolygon) '
        "nor a crossing (Point); skipped",
    )


def test_a_file_with_nothing_to_import_is_rejected():
    empty = {"type": "Feature", "properties": {}, "geometry": None}
    assert problems_of(collection(empty)) == [
        "file at features: none of the 1 features is a village (Polygon, MultiPolygon) "
        'or a crossing (Point with "kind": "intersection")'
    ]


def test_code_falls_back_to_adcode_then_id_then_name():
    by_adcode = village(None, "帕那镇", SQUARE_A, id="ignored")
    by_adcode["properties"]["adcode"] = 542425100
    by_id = village(None, "二村", SQUARE_B, id="V02")
    by_name = village(None, "三村", [[lon, lat + 0.05] for lon, lat in SQUARE_A])
    parsed = parse_township_geojson(collection(by_adcode, by_id, by_name))
    assert [(v.code, v.name) for v in parsed.villages] == [
        ("542425100", "帕那镇"),
        ("V02", "二村"),
        ("三村", "三村"),
    ]


def test_name_falls_back_to_the_code():
    parsed = parse_township_geojson(collection(village("V01", None, SQUARE_A)))
    assert (parsed.villages[0].code, parsed.villages[0].name) == ("V01", "V01")


def test_feature_with_neither_code_nor_name_is_rejected():
    assert problems_of(township(village(None, "  ", SQUARE_B))) == [
        'feature #4 at properties: has neither a code nor a name ("code", "adcode", "name" or '
        'an "id")'
    ]


def test_a_code_that_is_not_text_or_a_whole_number_is_rejected():
    problems = problems_of(collection(village({"x": 1}, "一村", SQUARE_A)))  # type: ignore[arg-type]
    assert problems == [
        'feature #1 (name "一村") at properties.code: must be a string or an integer, not an object'
    ]


def test_a_feature_that_is_not_a_feature_object_is_rejected():
    document = township()
    document["features"].append([91.7, 32.2])
    assert problems_of(document) == ["feature #4: must be a GeoJSON Feature object, not an array"]


def test_default_radius_out_of_bounds_is_a_programming_error():
    with pytest.raises(ValueError, match="default_radius_m"):
        parse_township_geojson(township(), default_radius_m=0)
