"""Coverage edge cases, one test each: which cells a track covers and how villages add them up."""

from datetime import timedelta

import h3
import numpy as np
import pytest
import shapely

from geo.coverage import Period, cell_effort, village_cells, village_coverage
from geo.crs import buffer_point_m, path_length_m
from geo.effort import EffortTable, merge_effort
from geo.h3cells import cell_centre, cells_to_hex, lon_lat_to_cell
from geo.tracks import clean_track

from .trackbuilders import (
    NOW,
    T0,
    WEEK,
    after,
    covered,
    effort_of,
    fixes,
    ring,
    square_village,
    walk,
)

WEST = square_village("W", 91.70, 32.25, 91.72, 32.27)
EAST = square_village("E", 91.72, 32.25, 91.74, 32.27)  # shares WEST's edge at lon 91.72
FAR_EAST = square_village("F", 91.76, 32.25, 91.78, 32.27)  # 2 km east of EAST


def coverage_of(effort: EffortTable, *villages):  # type: ignore[no-untyped-def]
    """Return {village id: VillageCoverage} for the week, as of NOW."""
    found = village_coverage(villages, effort, period=WEEK, as_of=NOW)
    return {summary.village_id: summary for summary in found}


def test_point_on_village_boundary_counts_for_the_village_holding_its_cells_centre():
    effort = effort_of(fixes((91.72, 32.26, 0)))  # exactly on the edge WEST and EAST share
    cell = lon_lat_to_cell(91.72, 32.26)
    result = coverage_of(effort, WEST, EAST)
    owner = "W" if cell_centre(cell)[0] < 91.72 else "E"
    other = "E" if owner == "W" else "W"
    assert cells_to_hex(effort.cell) == [cell]
    assert result[owner].cells_covered == 1
    assert result[other].cells_covered == 0


def test_track_that_leaves_and_reenters_a_village_counts_one_patrol_and_only_the_inside_effort():
    points = walk([(91.705, 32.26), (91.73, 32.26), (91.705, 32.262)])  # out into EAST and back
    effort = effort_of(points)
    result = coverage_of(effort, WEST, EAST)
    west_cells = set(cells_to_hex(effort.cell)) & set(WEST.cells)
    assert result["W"].patrols == 1
    assert result["W"].cells_covered == len(west_cells) > 0
    assert result["E"].cells_covered > 0
    total_km = effort.millimetres.sum() / 1e6
    assert result["W"].km + result["E"].km == pytest.approx(total_km, rel=1e-9)
    assert result["W"].km < total_km
    assert result["W"].last_visit == after(float(points.t[-1] - T0.timestamp()))


def test_track_with_one_point_covers_its_cell_with_no_minutes_and_no_km():
    effort = effort_of(fixes((91.71, 32.26, 0)))
    result = coverage_of(effort, WEST)["W"]
    assert cells_to_hex(effort.cell) == [lon_lat_to_cell(91.71, 32.26)]
    assert (result.cells_covered, result.km, result.minutes, result.patrols) == (1, 0.0, 0.0, 1)
    assert result.last_visit == T0


def test_gap_over_ten_minutes_between_two_far_points_covers_no_cell_between_them():
    effort = effort_of(fixes((91.71, 32.26, 0), (91.77, 32.26, 11 * 60)))  # 5.6 km, 11 min
    assert covered(effort) == {
        h3.str_to_int(lon_lat_to_cell(91.71, 32.26)),
        h3.str_to_int(lon_lat_to_cell(91.77, 32.26)),
    }
    assert effort.millimetres.sum() == 0
    assert coverage_of(effort, EAST)["E"].cells_covered == 0


def test_all_timestamps_equal_make_one_run_along_the_line_with_km_but_no_minutes():
    lons = np.linspace(91.702, 91.718, 5)  # 1.5 km in four steps of 375 m
    points = fixes(*((float(lon), 32.26, 0.0) for lon in lons))
    clean = clean_track(points, now=NOW)
    effort = effort_of(points)
    assert len(clean.run_starts) == 1 and len(clean) == 5
    assert effort.milliseconds.sum() == 0
    assert effort.millimetres.sum() / 1000 == pytest.approx(path_length_m(lons, [32.26] * 5), 1e-6)
    point_cells = {h3.str_to_int(lon_lat_to_cell(float(lon), 32.26)) for lon in lons}
    assert covered(effort) > point_cells  # the line crosses cells no fix fell in


def test_village_smaller_than_one_cell_has_one_cell_which_a_visit_covers_fully():
    tiny = village_cells("T", "tiny", shapely.geometry.mapping(buffer_point_m(91.71, 32.26, 25)))
    lon, lat = cell_centre(tiny.cells[0])
    effort = effort_of(fixes((lon, lat, 0)))
    result = coverage_of(effort, tiny)["T"]
    assert (result.cells_total, result.cells_covered, result.coverage_ratio) == (1, 1, 1.0)


def test_multipolygon_village_counts_the_cells_of_both_parts():
    parts = [[ring(91.70, 32.25, 91.71, 32.26)], [ring(91.76, 32.25, 91.77, 32.26)]]
    village = village_cells("M", "two parts", {"type": "MultiPolygon", "coordinates": parts})
    first = village_cells("1", "first", {"type": "Polygon", "coordinates": parts[0]})
    effort = effort_of(walk([(91.701, 32.255), (91.709, 32.255)]))
    result = coverage_of(effort, village, first)
    assert result["M"].cells_total > result["1"].cells_total
    assert result["M"].cells_covered == result["1"].cells_covered > 0
    assert result["M"].coverage_ratio < result["1"].coverage_ratio


def test_track_crossing_two_villages_covers_a_connected_line_of_cells_in_both():
    # A fix every 60 s at 8 m/s: fixes 480 m apart, so the points alone would skip cells.
    points = walk([(91.71, 32.26), (91.77, 32.26)], speed_mps=8.0, every_s=60.0)
    effort = effort_of(points)
    result = coverage_of(effort, WEST, EAST, FAR_EAST)
    assert all(result[v].cells_covered > 0 and result[v].patrols == 1 for v in "WEF")
    cells = cells_to_hex(effort.cell)
    linked = {cells[0]}
    for _ in cells:
        linked |= {c for c in cells if set(h3.grid_disk(c, 1)) & linked}
    assert linked == set(cells)
    assert len(set(cells)) > len(
        {lon_lat_to_cell(x, y) for x, y in zip(points.lon, points.lat, strict=False)}
    )


def test_cells_unvisited_for_fourteen_days_are_stale_even_if_visited_before_the_period():
    old = effort_of(walk([(91.705, 32.26), (91.715, 32.26)], start=NOW - timedelta(days=13)))
    older = effort_of(walk([(91.705, 32.265), (91.715, 32.265)], start=NOW - timedelta(days=20)))
    effort = merge_effort([old, older])
    result = coverage_of(effort, WEST)["W"]
    fresh = set(cells_to_hex(old.cell)) & set(WEST.cells)
    assert result.cells_covered == 0  # nothing in the period itself
    assert result.stale_cells == len(WEST.cells) - len(fresh)


def test_effort_outside_the_period_is_not_counted_in_it():
    effort = effort_of(fixes((91.71, 32.26, 0), (91.7101, 32.26, 5)))
    next_week = Period(WEEK.last_day + timedelta(days=1), WEEK.last_day + timedelta(days=7))
    assert cell_effort(effort, next_week) == []
    assert village_coverage([WEST], effort, period=next_week, as_of=NOW)[0].cells_covered == 0


def test_cell_effort_counts_distinct_patrols_and_the_last_visit():
    one = effort_of(fixes((91.71, 32.26, 0), (91.7101, 32.26, 60)), "A")
    two = effort_of(fixes((91.71, 32.26, 600), (91.7101, 32.26, 660)), "B")
    again = effort_of(fixes((91.71, 32.26, 900), (91.7101, 32.26, 960)), "B")
    cells = cell_effort(merge_effort([one, two, again]), WEEK)
    assert len(cells) == 1
    assert cells[0].patrols == 2
    assert cells[0].minutes == pytest.approx(3.0)
    assert cells[0].last_visit == after(960)
