"""GPX as devices record it: every fixture imports, and its km add up to its cleaned line."""

from pathlib import Path

import pytest

from geo.crs import path_length_m
from geo.effort import merge_effort, track_effort
from geo.gpx import parse_gpx
from geo.tracks import CleanTrack, clean_track

from .trackbuilders import NOW

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gpx"
NAMES = sorted(path.name for path in FIXTURES.glob("*.gpx"))


def cleaned(name: str) -> list[CleanTrack]:
    """Parse a fixture and clean each of its tracks as of NOW."""
    document = parse_gpx((FIXTURES / name).read_bytes())
    return [clean_track(track.points(), now=NOW) for track in document.tracks]


def test_every_generated_fixture_is_present():
    assert NAMES == [
        "jitter_walk_11.gpx",
        "jump_in_one_second_11.gpx",
        "no_timestamps_11.gpx",
        "one_timestamp_10.gpx",
        "segment_gaps_10.gpx",
        "two_tracks_crlf_11.gpx",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_fixture_imports_and_its_km_are_within_one_percent_of_its_cleaned_line(name):
    tracks = cleaned(name)
    effort = merge_effort([track_effort(t, f"{name}#{i}") for i, t in enumerate(tracks)])
    line_m = sum(path_length_m(run.lon, run.lat) for t in tracks for run in t.runs)
    assert effort.millimetres.sum() / 1000 == pytest.approx(line_m, rel=0.01, abs=0.01)


def test_jump_of_hundreds_of_metres_in_one_second_is_dropped_alone():
    (track,) = cleaned("jump_in_one_second_11.gpx")
    assert track.dropped.jump == 1 and len(track.run_starts) == 1


def test_segments_are_never_joined_and_the_empty_segment_adds_nothing():
    (track,) = cleaned("segment_gaps_10.gpx")
    assert len(track.run_starts) == 3 and len(track) == 180


def test_track_without_timestamps_is_dropped_whole_and_says_why():
    (track,) = cleaned("no_timestamps_11.gpx")
    assert len(track) == 0 and track.dropped.timestamp == 50


def test_track_sharing_one_timestamp_is_one_run_with_km_and_no_minutes():
    (track,) = cleaned("one_timestamp_10.gpx")
    effort = track_effort(track, "export")
    assert len(track.run_starts) == 1 and len(track) == 80
    assert effort.milliseconds.sum() == 0 and effort.millimetres.sum() > 0


def test_the_1901_point_is_dropped_and_the_offset_time_is_kept():
    morning, noon = cleaned("two_tracks_crlf_11.gpx")
    assert morning.dropped.timestamp == 1 and len(morning) == 39
    assert len(noon) == 41
