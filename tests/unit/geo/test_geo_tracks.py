"""Track cleaning: one rule, one test, on the smallest tracks that show it."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from geo.errors import TrackError
from geo.trackpoints import TrackPoints
from geo.tracks import CleaningRules, clean_track

from .trackbuilders import NOW, T0, fixes, walk

LON, LAT = 91.71, 32.26
METRE_LON = 1 / 94_300  # degrees of longitude per metre at lat 32.26, close enough for tests


def east(metres: float) -> float:
    """Return the longitude some metres east of LON."""
    return LON + metres * METRE_LON


def test_points_worse_than_the_accuracy_limit_are_dropped_and_unknown_accuracy_is_kept():
    points = TrackPoints.of(
        [east(0), east(5), east(10)],
        [LAT] * 3,
        T0.timestamp() + np.arange(3) * 5.0,
        accuracy_m=[10.0, 80.0, np.nan],
    )
    clean = clean_track(points, now=NOW)
    assert clean.points.lon.tolist() == [east(0), east(10)]
    assert clean.dropped.accuracy == 1
    assert len(clean_track(points, now=NOW, rules=CleaningRules(max_accuracy_m=100))) == 3


def test_points_without_a_time_from_1901_or_far_in_the_future_are_dropped():
    t = [
        T0.timestamp(),
        np.nan,
        datetime(1901, 1, 1, tzinfo=UTC).timestamp(),
        (NOW + timedelta(hours=25)).timestamp(),
        (NOW + timedelta(hours=23)).timestamp(),
    ]
    clean = clean_track(TrackPoints.of([east(i) for i in range(5)], [LAT] * 5, t), now=NOW)
    assert len(clean) == 2
    assert clean.dropped.timestamp == 3


def test_points_outside_wgs84_are_dropped_not_turned_into_cells():
    points = TrackPoints.of([LON, LAT, np.nan], [LAT, LON, LAT], T0.timestamp() + np.arange(3))
    clean = clean_track(points, now=NOW)
    assert len(clean) == 1 and clean.dropped.position == 2


def test_one_wild_fix_is_dropped_and_the_good_fix_after_it_is_kept():
    track = fixes((east(0), LAT, 0), (east(600), LAT, 1), (east(10), LAT, 6), (east(20), LAT, 11))
    clean = clean_track(track, now=NOW)
    assert clean.points.lon.tolist() == [east(0), east(10), east(20)]
    assert clean.dropped.jump == 1
    assert len(clean.run_starts) == 1


def test_speed_limit_is_configurable_in_km_per_hour():
    track = fixes((east(0), LAT, 0), (east(100), LAT, 10))  # 36 km/h
    assert len(clean_track(track, now=NOW)) == 2
    assert len(clean_track(track, now=NOW, rules=CleaningRules(max_speed_kmh=30))) == 1


def test_a_wild_first_fix_is_outvoted_by_the_points_that_agree_after_it():
    good = [(east(800 + 5 * i), LAT, 5.0 * (i + 1)) for i in range(5)]
    clean = clean_track(fixes((east(0), LAT, 0), *good), now=NOW)
    assert len(clean) == 6  # the first fix stays a run of its own; the rest start a new run
    assert clean.run_starts.tolist() == [0, 1]
    assert clean.dropped.jump == 0


def test_points_are_sorted_by_time_and_identical_fixes_kept_once():
    track = fixes((east(10), LAT, 5), (east(0), LAT, 0), (east(10), LAT, 5), (east(20), LAT, 10))
    clean = clean_track(track, now=NOW)
    assert clean.points.lon.tolist() == [east(0), east(10), east(20)]
    assert clean.dropped.duplicate == 1


def test_a_gap_over_ten_minutes_starts_a_new_run_and_the_limit_is_configurable():
    track = fixes((east(0), LAT, 0), (east(10), LAT, 5), (east(20), LAT, 5 + 601))
    assert clean_track(track, now=NOW).run_starts.tolist() == [0, 2]
    rules = CleaningRules(max_gap=timedelta(minutes=15))
    assert clean_track(track, now=NOW, rules=rules).run_starts.tolist() == [0]


def test_a_new_device_segment_starts_a_new_run():
    points = walk([(LON, LAT), (east(100), LAT)])
    segment = (np.arange(len(points)) >= 5).astype(np.int64)
    split = TrackPoints.of(points.lon, points.lat, points.t, segment=segment)
    assert clean_track(split, now=NOW).run_starts.tolist() == [0, 5]


def test_all_timestamps_equal_keep_every_point_in_recording_order_as_one_run():
    track = fixes((east(300), LAT, 0), (east(0), LAT, 0), (east(600), LAT, 0))
    clean = clean_track(track, now=NOW)
    assert clean.points.lon.tolist() == [east(300), east(0), east(600)]
    assert clean.run_starts.tolist() == [0]


def test_chunks_concatenated_in_any_order_clean_to_the_same_track():
    points = walk([(LON, LAT), (east(300), LAT), (east(300), LAT + 0.002)])
    chunks = [points.take(slice(a, a + 7)) for a in range(0, len(points), 7)]
    whole = clean_track(points, now=NOW)
    shuffled = clean_track(TrackPoints.concat(chunks[::-1]), now=NOW)
    assert shuffled.points.same_as(whole.points)
    assert np.array_equal(shuffled.run_starts, whole.run_starts)


def test_columns_of_different_lengths_and_naive_times_are_refused():
    with pytest.raises(TrackError, match="different lengths"):
        TrackPoints.of([LON, LON], [LAT])
    with pytest.raises(TrackError, match="time zone"):
        TrackPoints.from_rows([(LON, LAT, datetime(2025, 6, 2, 8, 0), None)])


def test_rows_with_aware_times_and_missing_values_become_points():
    rows = [(LON, LAT, T0, 8.0), (east(5), LAT, None, None)]
    points = TrackPoints.from_rows(rows, first_seq=100)
    assert points.t[0] == T0.timestamp() and np.isnan(points.t[1])
    assert np.isnan(points.accuracy_m[1])
    assert points.seq.tolist() == [100, 101]
