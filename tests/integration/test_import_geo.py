"""`fieldops import geo` on real databases: messy real-world files in, clear errors, no half-writes."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import pytest

from tests.conftest import DEMO_DATA

COUNTY = Path(__file__).resolve().parents[1] / "fixtures" / "geo" / "amdo_county.geojson"


def village(code, ring, name=None, **extra):
    props = {"code": code, "name": name or f"{code}村", **extra}
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


CCW = [[91.70, 32.20], [91.72, 32.20], [91.72, 32.22], [91.70, 32.22], [91.70, 32.20]]
CCW2 = [[91.80, 32.20], [91.82, 32.20], [91.82, 32.22], [91.80, 32.22], [91.80, 32.20]]
GOOD = {
    "type": "FeatureCollection",
    "features": [
        village("V1", CCW),
        village("V2", list(reversed(CCW2))),  # clockwise: accepted and normalised
        {
            "type": "Feature",
            "properties": {"kind": "intersection", "code": "X1", "name": "东路口", "radius_m": 40},
            "geometry": {"type": "Point", "coordinates": [91.71, 32.21]},
        },
        {"type": "Feature", "properties": {"code": "E1", "name": "空"}, "geometry": None},
    ],
    "name": "foreign member",
}


def write(tmp_path: Path, data, name="t.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def posts(db):
    from sqlmodel import Session, select

    from ops.models import Post

    with Session(db.engine) as session:
        return {p.code: (p.kind, p.radius_m) for p in session.exec(select(Post))}


def test_messy_but_acceptable_file_imports_and_warns_about_skipped_feature(db, fieldops, tmp_path):
    result = fieldops("import", "geo", write(tmp_path, GOOD), "--township", "色务乡")
    assert result.exit_code == 0, result.output
    assert "E1" in result.stderr  # the null geometry is named in a warning
    assert posts(db) == {
        "V1": ("village", None),
        "V2": ("village", None),
        "X1": ("intersection", 40.0),
    }
    from sqlmodel import Session, select

    from ops.models import Village

    with Session(db.engine) as session:
        ring = (
            session.exec(select(Village).where(Village.code == "V2"))
            .one()
            .geometry["coordinates"][0]
        )
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    assert area2 > 0  # stored counter-clockwise


def test_reimporting_the_same_geojson_changes_nothing(db, fieldops, tmp_path):
    path = write(tmp_path, GOOD)
    fieldops("import", "geo", path, "-t", "色务乡")
    before = db.snapshot()
    result = fieldops("import", "geo", path, "-t", "色务乡")
    assert result.exit_code == 0 and "未变 3" in result.stdout
    assert db.snapshot() == before


def _bad(mutate):
    data = copy.deepcopy(GOOD)
    mutate(data)
    return data


BAD_GEO = {
    "unclosed_ring": (
        _bad(lambda d: d["features"][0]["geometry"]["coordinates"][0].pop()),
        ["V1", "clos"],
    ),
    "out_of_range": (
        _bad(
            lambda d: d["features"][0]["geometry"]["coordinates"][0].__setitem__(1, [191.72, 32.2])
        ),
        ["V1", "outside -180..180"],
    ),
    "swapped": (
        _bad(
            lambda d: d["features"][1]["geometry"].__setitem__(
                "coordinates", [[[y, x] for x, y in CCW2]]
            )
        ),
        ["V2", "swap"],
    ),
    "duplicate_code": (
        _bad(lambda d: d["features"][1]["properties"].__setitem__("code", "V1")),
        ["V1", "#1", "#2"],
    ),
    "self_intersecting": (
        _bad(
            lambda d: d["features"][0]["geometry"].__setitem__(
                "coordinates",
                [[[91.70, 32.20], [91.72, 32.22], [91.72, 32.20], [91.70, 32.22], [91.70, 32.20]]],
            )
        ),
        ["V1", "--repair"],
    ),
    "not_json": ("{not json", ["JSON"]),
    "empty_collection": ({"type": "FeatureCollection", "features": []}, ["no features"]),
}


@pytest.mark.parametrize("case", sorted(BAD_GEO))
def test_bad_geojson_names_the_feature_and_writes_nothing(db, fieldops, tmp_path, case):
    fieldops("import", "geo", write(tmp_path, GOOD, "good.geojson"), "-t", "色务乡")
    before = db.snapshot()
    data, expected = BAD_GEO[case]
    path = tmp_path / "bad.geojson"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    result = fieldops("import", "geo", path, "-t", "色务乡")
    assert result.exit_code == 1
    for fragment in expected:
        assert fragment.lower() in result.stderr.lower(), (fragment, result.stderr)
    assert db.snapshot() == before


def test_self_intersecting_village_is_repaired_with_repair_flag(db, fieldops, tmp_path):
    data, _ = BAD_GEO["self_intersecting"]
    result = fieldops("import", "geo", write(tmp_path, data), "-t", "色务乡", "--repair")
    assert result.exit_code == 0, result.output
    assert "V1" in result.stderr  # the repair is reported
    assert posts(db)["V1"] == ("village", None)


def test_crossing_code_that_is_already_a_village_is_refused(db, fieldops, tmp_path):
    fieldops("import", "geo", write(tmp_path, GOOD, "a.geojson"), "-t", "色务乡")
    before = db.snapshot()
    clash = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kind": "intersection", "code": "V1"},
                "geometry": {"type": "Point", "coordinates": [91.71, 32.21]},
            }
        ],
    }
    result = fieldops("import", "geo", write(tmp_path, clash, "b.geojson"), "-t", "色务乡")
    assert result.exit_code == 1 and "V1" in result.stderr
    assert db.snapshot() == before


def test_real_world_county_file_needs_repair_then_imports_and_shows(db, fieldops):
    refused = fieldops("import", "geo", COUNTY, "-t", "安多县")
    assert refused.exit_code == 1 and "--repair" in refused.stderr
    assert db.count("village") == 0
    result = fieldops("import", "geo", COUNTY, "-t", "安多县", "--repair")
    assert result.exit_code == 0, result.output
    shown = json.loads(fieldops("township", "show", "安多县", "--format", "json").stdout)
    assert len(shown["villages"]) == 13
    assert all(
        v["area_km2"] > 100 for v in shown["villages"]
    )  # townships here span hundreds of km²
    assert "色务乡" in {v["name"] for v in shown["villages"]}


def test_demo_geojson_imports_cleanly(db, fieldops):
    result = fieldops("import", "geo", DEMO_DATA / "sewu.geojson", "-t", "色务乡")
    assert result.exit_code == 0 and result.stderr == ""
    kinds = [kind for kind, _ in posts(db).values()]
    assert kinds.count("village") == 8 and kinds.count("intersection") == 6
