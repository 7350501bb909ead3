"""`fieldops import geo --crs`: files drawn on Amap/Tencent (GCJ-02) or Baidu (BD-09) maps land on
their WGS84 truth; a file imported as WGS84 that looks shifted is named with its offset in metres."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo.china_crs import from_wgs84, shift_m
from geo.crs import geodesic_distance_m
from geo.reproject import feature_collection_to_crs
from tests.conftest import DEMO_DATA

TRUTH = json.loads((DEMO_DATA / "sewu.geojson").read_text(encoding="utf-8"))  # WGS84


def write(tmp_path: Path, data, name="sewu.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def picked_on_a_map(crs: str):
    """The township as a dispatcher would trace it on Amap/Baidu: shifted, and silent about it."""
    shifted = feature_collection_to_crs(TRUTH, crs)
    del shifted["properties"]
    for feature in shifted["features"]:
        del feature["properties"]["crs"]
    return shifted


def stored(db):
    """Crossings as {code: (lon, lat)} and villages as {code: geometry}, as the database holds them."""
    from sqlmodel import Session, select

    from ops.models import Post, Village

    with Session(db.engine) as session:
        crossings = {
            p.code: (p.lon, p.lat) for p in session.exec(select(Post)) if p.kind == "intersection"
        }
        villages = {v.code: v.geometry for v in session.exec(select(Village))}
    return crossings, villages


def true_positions():
    crossings, villages = {}, {}
    for feature in TRUTH["features"]:
        code, geometry = feature["properties"]["code"], feature["geometry"]
        if geometry["type"] == "Point":
            crossings[code] = tuple(geometry["coordinates"][:2])
        else:
            villages[code] = geometry
    return crossings, villages


def vertices(geometry):
    rings = geometry["coordinates"]
    parts = rings if geometry["type"] == "MultiPolygon" else [rings]
    return [tuple(p[:2]) for part in parts for ring in part for p in ring]


def crs_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.search(r"GCJ-02|BD-09", line)]


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_an_import_with_crs_lands_within_a_metre_of_the_wgs84_truth(db, fieldops, tmp_path, crs):
    shifted = feature_collection_to_crs(TRUTH, crs)
    result = fieldops(
        "import", "geo", write(tmp_path, shifted), "--township", "色务乡", "--crs", crs
    )
    assert result.exit_code == 0, result.output
    crossings, villages = stored(db)
    truth_crossings, truth_villages = true_positions()
    assert crossings.keys() == truth_crossings.keys() and len(crossings) == 6
    for code, (lon, lat) in crossings.items():
        assert geodesic_distance_m(lon, lat, *truth_crossings[code]) < 1.0
        assert geodesic_distance_m(lon, lat, *from_wgs84(lon, lat, crs)) > 100  # it did move
    for code, geometry in villages.items():
        truth = set(vertices(truth_villages[code]))
        for lon, lat in vertices(geometry):
            assert min(geodesic_distance_m(lon, lat, *t) for t in truth) < 1.0
    assert "median shift" in result.stderr


def test_a_gcj02_file_imported_without_crs_over_wgs84_data_is_named_with_its_offset(
    db, fieldops, tmp_path
):
    assert fieldops("import", "geo", write(tmp_path, TRUTH), "--township", "色务乡").exit_code == 0
    shifted = picked_on_a_map("gcj02")
    result = fieldops("import", "geo", write(tmp_path, shifted, "amap.geojson"), "-t", "色务乡")
    assert result.exit_code == 0, result.output
    (warning,) = crs_warnings(result.stderr)
    lon, lat = true_positions()[0]["X1"]
    offset = shift_m(lon, lat, "gcj02")
    shown = int(re.search(r"offset (\d+) m", warning).group(1))
    assert abs(shown - offset) <= 5  # the medians over 14 places, within metres of one place's
    assert "--crs gcj02" in warning and "14 compared" in warning
    crossings, _ = stored(db)
    assert geodesic_distance_m(*crossings["X1"], *from_wgs84(lon, lat, "gcj02")) < 0.01  # as sent


def test_the_warning_also_names_the_offset_of_a_baidu_file(db, fieldops, tmp_path):
    assert fieldops("import", "geo", write(tmp_path, TRUTH), "--township", "色务乡").exit_code == 0
    shifted = picked_on_a_map("bd09")
    result = fieldops("import", "geo", write(tmp_path, shifted, "baidu.geojson"), "-t", "色务乡")
    (warning,) = crs_warnings(result.stderr)
    assert "position looks like BD-09 (offset" in warning and "--crs bd09" in warning


def test_a_file_that_declares_gcj02_warns_on_a_first_import_and_is_not_converted(
    db, fieldops, tmp_path
):
    shifted = picked_on_a_map("gcj02") | {"coordinate_system": "GCJ-02"}
    result = fieldops("import", "geo", write(tmp_path, shifted), "--township", "色务乡")
    assert result.exit_code == 0, result.output
    (warning,) = crs_warnings(result.stderr)
    assert re.search(r"off by about \d{3} m", warning) and "--crs gcj02" in warning
    crossings, _ = stored(db)
    sent = shifted["features"][8]["geometry"]["coordinates"]
    assert crossings["X1"] == pytest.approx(tuple(sent))  # not guessed: stored as written


def test_a_file_that_declares_gcj02_is_converted_when_crs_says_so(db, fieldops, tmp_path):
    shifted = feature_collection_to_crs(TRUTH, "gcj02")  # says "crs": "gcj02" in its properties
    result = fieldops("import", "geo", write(tmp_path, shifted), "-t", "色务乡", "--crs", "GCJ02")
    assert result.exit_code == 0, result.output
    crossings, _ = stored(db)
    assert geodesic_distance_m(*crossings["X1"], *true_positions()[0]["X1"]) < 1.0
    assert "declares" not in result.stderr


def test_a_wgs84_file_over_its_own_data_raises_no_coordinate_warning(db, fieldops, tmp_path):
    path = write(tmp_path, TRUTH)
    fieldops("import", "geo", path, "--township", "色务乡")
    again = fieldops("import", "geo", path, "--township", "色务乡")
    assert again.exit_code == 0 and crs_warnings(again.stderr) == []


def test_an_explicit_wgs84_is_believed(db, fieldops, tmp_path):
    fieldops("import", "geo", write(tmp_path, TRUTH), "--township", "色务乡")
    shifted = picked_on_a_map("gcj02")
    result = fieldops(
        "import", "geo", write(tmp_path, shifted, "b.geojson"), "-t", "色务乡", "--crs", "wgs84"
    )
    assert result.exit_code == 0 and crs_warnings(result.stderr) == []


def test_stored_positions_that_look_shifted_are_named_when_a_wgs84_file_corrects_them(
    db, fieldops, tmp_path
):
    fieldops("import", "geo", write(tmp_path, picked_on_a_map("gcj02")), "-t", "色务乡")
    result = fieldops("import", "geo", write(tmp_path, TRUTH, "survey.geojson"), "-t", "色务乡")
    assert any("this import corrects them" in w for w in crs_warnings(result.stderr))
    crossings, _ = stored(db)
    assert crossings["X1"] == pytest.approx(true_positions()[0]["X1"])


def test_a_declared_file_over_matching_data_gets_one_warning_not_two(db, fieldops, tmp_path):
    fieldops("import", "geo", write(tmp_path, TRUTH), "--township", "色务乡")
    declared = feature_collection_to_crs(TRUTH, "gcj02")  # measured and declared: say it once
    result = fieldops("import", "geo", write(tmp_path, declared, "d.geojson"), "-t", "色务乡")
    assert len(crs_warnings(result.stderr)) == 1


def test_an_unknown_crs_is_refused_and_nothing_is_written(db, fieldops, tmp_path):
    result = fieldops("import", "geo", write(tmp_path, TRUTH), "-t", "色务乡", "--crs", "epsg3857")
    assert result.exit_code != 0
    assert db.count("post") == 0
