"""Properties of coverage that must hold for any track, checked with Hypothesis.

Incremental protocol under test (the one ops follows): keep each track's raw points; when a chunk
arrives, clean the track's points received so far and replace that patrol's effort records; read
coverage from the merge of every patrol's records. "Adding points never lowers coverage" is true
for points later than the track's last fix (cleaning is causal) and for other patrols' tracks; it
is not true for a point inserted in the middle of a track, which reroutes the line between its
neighbours away from cells the old line crossed, so that is not claimed.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.coverage import village_coverage
from geo.effort import EffortTable, merge_effort
from geo.trackpoints import TrackPoints

from .strategies import VILLAGES, chunked, raw_tracks
from .trackbuilders import NOW, WEEK, covered, effort_of

PROPERTY = settings(deadline=None)  # examples: the profile default (100), raise it to soak


def ratios(effort: EffortTable) -> list[float]:
    """Return each village's coverage ratio in the week."""
    found = village_coverage(VILLAGES, effort, period=WEEK, as_of=NOW)
    return [summary.coverage_ratio for summary in found]


def replay(arrivals: list[tuple[str, TrackPoints]]) -> EffortTable:
    """Replay chunks arriving one by one through the incremental protocol; return the merge."""
    received: dict[str, list[TrackPoints]] = {}
    records: dict[str, EffortTable] = {}
    for patrol, chunk in arrivals:
        received.setdefault(patrol, []).append(chunk)
        records[patrol] = effort_of(TrackPoints.concat(received[patrol]), patrol)
    return merge_effort(list(records.values()))


@PROPERTY
@given(st.lists(raw_tracks(), min_size=1, max_size=3))
def test_coverage_ratio_stays_between_zero_and_one(tracks):
    effort = merge_effort([effort_of(t, f"P{i}") for i, t in enumerate(tracks)])
    found = village_coverage(VILLAGES, effort, period=WEEK, as_of=NOW)
    assert all(0.0 <= v.coverage_ratio <= 1.0 for v in found)
    assert all(0 <= v.cells_covered <= v.cells_total for v in found)
    assert all(0 <= v.stale_cells <= v.cells_total for v in found)


@PROPERTY
@given(raw_tracks(), st.data())
def test_appending_points_later_than_a_track_never_lowers_its_coverage(track, data):
    last = float(np.nanmax(np.append(track.t, 0.0)))
    later = data.draw(raw_tracks(start=last + 1.0))
    more = TrackPoints.concat([track, later.take(np.flatnonzero(~(later.t <= last)))])
    more = TrackPoints.of(more.lon, more.lat, more.t, accuracy_m=more.accuracy_m)
    before, after = effort_of(track), effort_of(more)
    assert covered(after) >= covered(before)
    assert all(a >= b for a, b in zip(ratios(after), ratios(before), strict=True))


@PROPERTY
@given(raw_tracks(), raw_tracks())
def test_adding_another_patrols_track_never_lowers_coverage(track, other):
    alone = effort_of(track, "A")
    both = merge_effort([alone, effort_of(other, "B")])
    assert covered(both) >= covered(alone)
    assert all(a >= b for a, b in zip(ratios(both), ratios(alone), strict=True))


@PROPERTY
@given(st.lists(raw_tracks(), min_size=1, max_size=3), st.data())
def test_order_in_which_chunks_arrive_does_not_change_the_result(tracks, data):
    arrivals = [(f"P{i}", chunk) for i, t in enumerate(tracks) for chunk in data.draw(chunked(t))]
    shuffled = data.draw(st.permutations(arrivals))
    assert replay(shuffled).same_as(replay(arrivals))


@PROPERTY
@given(raw_tracks(), st.data())
def test_splitting_a_track_into_chunks_does_not_change_the_result(track, data):
    chunks = data.draw(chunked(track))
    whole = effort_of(track, "P")
    assert replay([("P", chunk) for chunk in chunks]).same_as(whole)
    assert ratios(replay([("P", chunk) for chunk in chunks])) == ratios(whole)


@PROPERTY
@given(st.lists(raw_tracks(), min_size=3, max_size=3))
def test_merging_effort_is_exact_whatever_the_grouping(tracks):
    a, b, c = (effort_of(t, f"P{i}") for i, t in enumerate(tracks))
    left = merge_effort([merge_effort([a, b]), c])
    right = merge_effort([a, merge_effort([c, b])])
    assert left.same_as(right)
    assert EffortTable.from_records(left.records()).same_as(left)
