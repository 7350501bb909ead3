"""Coverage as RFC 7946 GeoJSON: villages with their ratio, covered cells with their effort."""

import json

import shapely

from geo.coverage import cell_effort, village_coverage
from geo.coverage_map import coverage_feature_collection
from geo.io import dumps

from .strategies import VILLAGES
from .trackbuilders import NOW, WEEK, effort_of, walk


def test_map_holds_villages_with_coverage_and_ccw_lon_lat_hexagons_with_effort():
    effort = effort_of(walk([(91.705, 32.26), (91.735, 32.26)]))
    summaries = village_coverage(VILLAGES, effort, period=WEEK, as_of=NOW)
    cells = cell_effort(effort, WEEK)
    collection = json.loads(dumps(coverage_feature_collection(VILLAGES, summaries, cells)))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds == ["village"] * 3 + ["cell"] * len(cells)
    west = collection["features"][0]["properties"]
    assert west["id"] == "W" and 0 < west["coverage_ratio"] <= 1
    for feature in collection["features"][3:]:
        exterior = feature["geometry"]["coordinates"][0]
        assert exterior[0] == exterior[-1] and len(exterior) == 7
        assert shapely.LinearRing(exterior).is_ccw
        assert all(91.6 < lon < 91.8 and 32.2 < lat < 32.3 for lon, lat in exterior)
        assert feature["properties"]["km"] >= 0 and feature["properties"]["patrols"] == 1
    in_west = [f for f in collection["features"][3:] if f["properties"]["villages"] == ["W"]]
    assert len(in_west) == west["cells_covered"]
