"""`fieldops coverage --format geojson --crs gcj02|bd09`: overlays that line up on Amap, Tencent and
Baidu tiles: every village, cell and post written in the tiles' system, and the file says which."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import shapely

from geo.china_crs import from_wgs84
from tests.integration.test_coverage_cli import walk_through, week  # noqa: F401  (fixture)


def coverage(fieldops, monday, *options):
    args = ["coverage", "-t", "色务乡", "--from", monday.isoformat()]
    args += ["--to", (monday + timedelta(days=6)).isoformat(), *options]
    result = fieldops(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def positions(feature):
    return shapely.get_coordinates(shapely.geometry.shape(feature["geometry"])).tolist()


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_every_village_cell_and_post_is_written_in_the_tiles_system(db, fieldops, week, crs):  # noqa: F811
    walk_through(db, "SW-020", "SW03", week + timedelta(days=1))
    plain = coverage(fieldops, week, "--format", "geojson")
    moved = coverage(fieldops, week, "--format", "geojson", "--crs", crs)
    kinds = {f["properties"]["kind"] for f in moved["features"]}
    assert {"village", "cell", "post"} <= kinds
    assert [f.get("id") for f in moved["features"]] == [f.get("id") for f in plain["features"]]
    for before, after in zip(plain["features"], moved["features"], strict=True):
        for (lon, lat), new in zip(positions(before), positions(after), strict=True):
            assert new == pytest.approx(from_wgs84(lon, lat, crs), abs=1e-9)
        assert after["properties"] == before["properties"] | {"crs": crs}
    assert moved["properties"]["crs"] == crs
    assert "不是 WGS84" in moved["properties"]["crs_note"]


def test_the_default_output_is_rfc_7946_wgs84_without_a_note(db, fieldops, week):  # noqa: F811
    plain = coverage(fieldops, week, "--format", "geojson")
    assert "properties" not in plain and "crs" not in plain
    assert coverage(fieldops, week, "--format", "geojson", "--crs", "wgs84")["features"] == [
        f | {"properties": f["properties"] | {"crs": "wgs84"}} for f in plain["features"]
    ]


def test_json_output_moves_the_posts_positions_too(db, fieldops, week):  # noqa: F811
    plain = coverage(fieldops, week, "--format", "json")
    moved = coverage(fieldops, week, "--format", "json", "--crs", "gcj02")
    assert moved["crs"] == "gcj02" and len(moved["posts"]) == len(plain["posts"]) > 0
    for before, after in zip(plain["posts"], moved["posts"], strict=True):
        lon, lat = from_wgs84(before["lon"], before["lat"], "gcj02")
        assert (after["lon"], after["lat"]) == pytest.approx((lon, lat), abs=1e-9)


def test_crs_with_the_table_is_refused(db, fieldops, week):  # noqa: F811
    args = ["coverage", "-t", "色务乡", "--from", week.isoformat(), "--to", week.isoformat()]
    result = fieldops(*args, "--crs", "gcj02")
    assert result.exit_code == 1 and "--crs" in result.stderr
