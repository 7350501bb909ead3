"""The real-world-shaped county file: DataV-style MultiPolygons of thousands of vertices."""

import copy
import importlib.util
import json
from pathlib import Path

import pytest
import shapely

from geo.errors import GeoValidationError
from geo.io import parse_township_geojson

FIXTURES = Path(__file__).parents[2] / "fixtures" / "geo"
COUNTY = FIXTURES / "amdo_county.geojson"


def test_county_file_is_rejected_without_repair_naming_the_broken_township():
    with pytest.raises(GeoValidationError) as caught:
        parse_township_geojson(COUNTY.read_text(encoding="utf-8"))
    (problem,) = caught.value.problems
    assert problem.feature == 'feature #9 (code "542425204", name "岗尼乡")'
    assert problem.field == "geometry.coordinates[0]"
    assert problem.message.startswith("invalid polygon: Self-intersection[")


def test_county_file_parses_with_repair_into_13_villages():
    parsed = parse_township_geojson(COUNTY.read_bytes(), repair=True)
    assert len(parsed.villages) == 13
    assert len({v.code for v in parsed.villages}) == 13
    assert parsed.villages[0].code == "542425100"  # the integer adcode, as text
    assert parsed.villages[0].name == "帕那镇"
    (repair,) = parsed.repairs
    assert repair.startswith('feature #9 (code "542425204", name "岗尼乡"): Self-intersection[')
    assert parsed.warnings == ()
    for village in parsed.villages:
        shape = shapely.geometry.shape(village.geometry)
        assert shape.is_valid
        assert all(polygon.exterior.is_ccw for polygon in shape.geoms)
        assert shapely.get_num_coordinates(shape) > 2000
        assert 500e6 < village.area_m2 < 3_000e6  # townships of a few hundred to 3,000 km²


def test_county_lake_stays_a_hole_and_its_island_a_second_part():
    parsed = parse_township_geojson(COUNTY.read_text(encoding="utf-8"), repair=True)
    panazhen = parsed.villages[0].geometry
    assert len(panazhen["coordinates"]) == 2  # the township and the island in its lake
    assert len(panazhen["coordinates"][0]) == 2  # exterior and the lake


def test_a_county_file_of_several_megabytes_parses_whole():
    county = json.loads(COUNTY.read_text(encoding="utf-8"))
    copies = []
    for shift in range(5):  # five counties side by side, about 3 MB of text
        for feature in copy.deepcopy(county["features"]):
            feature["properties"]["adcode"] += shift * 1000
            feature.pop("id", None)
            for polygon in feature["geometry"]["coordinates"]:
                for ring in polygon:
                    for position in ring:
                        position[0] += 1.6 * shift
            copies.append(feature)
    text = json.dumps(county | {"features": copies}, ensure_ascii=False, separators=(",", ":"))
    assert len(text) > 2_500_000
    parsed = parse_township_geojson(text, repair=True)  # speed is measured in benchmarks, not here
    assert len(parsed.villages) == 65
    assert len(parsed.repairs) == 5  # the self-intersecting township, once per copy


def test_committed_county_file_is_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("make_county", FIXTURES / "make_county.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert generator.render(generator.build_county()) == COUNTY.read_text(encoding="utf-8")
