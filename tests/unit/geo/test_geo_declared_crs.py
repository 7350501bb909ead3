"""A file that says which coordinate system it is in: reported for the caller, never applied silently."""

import pytest

from geo.errors import GeoValidationError
from geo.io import parse_township_geojson
from tests.unit.geo.builders import township


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"crs": {"type": "name", "properties": {"name": "GCJ-02"}}}, "gcj02"),
        ({"crs": "gcj02"}, "gcj02"),
        ({"coordinate_system": "BD-09"}, "bd09"),
        ({"properties": {"crs": "高德"}}, "gcj02"),
        ({"properties": {"coordinate_system": "wgs84"}}, "wgs84"),
        ({"properties": {"crs": 4326}}, "wgs84"),
        (
            {"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}},
            "cgcs2000",
        ),
        ({}, None),
    ],
)
def test_the_system_a_file_declares_is_reported(members, expected):
    parsed = parse_township_geojson(township() | members)
    assert parsed.declared_crs == expected
    assert len(parsed.villages) == 2  # read as written: converting is the caller's decision


def test_features_may_declare_it_one_by_one():
    document = township()
    for feature in document["features"]:
        feature["properties"]["coordinate_system"] = "gcj02"
    assert parse_township_geojson(document).declared_crs == "gcj02"


def test_a_file_that_names_two_systems_is_refused_naming_the_feature():
    document = township() | {"crs": "gcj02"}
    document["features"][1]["properties"]["crs"] = "bd09"
    with pytest.raises(GeoValidationError) as caught:
        parse_township_geojson(document)
    (problem,) = caught.value.problems
    assert problem.feature.startswith("feature #2")
    assert problem.field == "properties.crs"
    assert "declares bd09 but file declares gcj02 at crs" in problem.message


def test_wgs84_and_cgcs2000_together_are_one_system():
    document = township() | {"crs": "wgs84"}
    document["features"][0]["properties"]["crs"] = "CGCS2000"
    assert parse_township_geojson(document).declared_crs == "wgs84"


def test_an_unknown_declared_system_is_refused():
    with pytest.raises(GeoValidationError, match="coordinate_system"):
        parse_township_geojson(township() | {"coordinate_system": "Xian 1980 / 3-degree zone"})
