"""`fieldops tracks import FILE.gpx --staff ID`: real device files in, idempotent per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import add_township, write_csv

GPX = Path(__file__).resolve().parents[1] / "fixtures" / "gpx"


@pytest.fixture
def person(db, fieldops, tmp_path):
    add_township(db.engine)
    staff = write_csv(tmp_path / "s.csv", "编号,姓名,角色\nSW-001,扎西,巡逻队员\n")
    assert fieldops("import", "staff", staff, "-t", "色务乡").exit_code == 0
    return "SW-001"


@pytest.mark.parametrize("name", sorted(p.name for p in GPX.glob("*.gpx")))
def test_device_gpx_files_import_and_reimport_changes_nothing(db, fieldops, person, name):
    first = fieldops("tracks", "import", GPX / name, "--staff", person)
    assert first.exit_code == 0, first.output
    chunks = db.count("track_chunk")
    assert chunks >= 1
    before = db.snapshot()
    again = fieldops("tracks", "import", GPX / name, "--staff", person)
    assert again.exit_code == 0
    assert db.snapshot() == before


def test_broken_gpx_names_the_line_and_writes_nothing(db, fieldops, person, tmp_path):
    bad = tmp_path / "bad.gpx"
    bad.write_text(
        '<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n<trkpt lat="32.2" lon="91.7"></trkseg>\n</gpx>\n'
    )
    before = db.snapshot()
    result = fieldops("tracks", "import", bad, "--staff", person)
    assert result.exit_code == 1 and "line" in result.stderr
    assert db.snapshot() == before


def test_gpx_for_unknown_person_is_refused(db, fieldops, person):
    result = fieldops("tracks", "import", GPX / "jitter_walk_11.gpx", "--staff", "NOBODY")
    assert result.exit_code == 1 and "NOBODY" in result.stderr
    assert db.count("track_chunk") == 0
