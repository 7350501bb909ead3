"""Positions that look like GCJ-02 or BD-09 sent as WGS84: found with their offset, never guessed."""

import numpy as np
import pytest

from geo.china_crs import from_wgs84, from_wgs84_arrays
from geo.crs import geodesic_distance_m
from geo.shift_check import (
    anchor_points,
    detect_shift,
    detect_shift_by_code,
    diagnose_off_site,
    off_site_reason,
)
from tests.unit.geo.builders import SQUARE_A

CROSSINGS = {"X1": (91.710, 32.260), "X2": (91.731, 32.262), "X3": (91.705, 32.248)}
LONS = np.array([p[0] for p in CROSSINGS.values()])
LATS = np.array([p[1] for p in CROSSINGS.values()])


@pytest.mark.parametrize(("crs", "label"), [("gcj02", "GCJ-02"), ("bd09", "BD-09")])
def test_positions_copied_from_a_chinese_map_are_recognised_with_their_offset(crs, label):
    given = from_wgs84_arrays(LONS, LATS, crs)
    finding = detect_shift(*given, LONS, LATS)
    assert finding is not None and finding.crs == crs
    expected = float(np.median(geodesic_distance_m(*given, LONS, LATS)))
    assert finding.offset_m == pytest.approx(expected)
    assert finding.residual_m is not None and finding.residual_m < 0.01
    assert f"position looks like {label} (offset {expected:.0f} m)" in finding.message()
    assert finding.message().startswith(f"位置像是 {label} 坐标")


def test_wgs84_positions_are_not_flagged():
    assert detect_shift(LONS, LATS, LONS, LATS) is None


def test_resurveyed_wgs84_positions_a_few_metres_off_are_not_flagged():
    assert detect_shift(LONS + 0.0002, LATS - 0.0001, LONS, LATS) is None


def test_positions_moved_by_something_else_are_not_called_gcj02():
    # 300 m due east is as far as the GCJ-02 shift here, but in the wrong direction.
    assert detect_shift(LONS + 0.0032, LATS, LONS, LATS) is None


def test_a_gcj02_copy_with_small_edits_is_still_recognised():
    given_lon, given_lat = from_wgs84_arrays(LONS, LATS, "gcj02")
    given_lon = given_lon + np.array([0.0001, 0.0, -0.0002])  # up to ~20 m of editing
    finding = detect_shift(given_lon, given_lat, LONS, LATS)
    assert finding is not None and finding.crs == "gcj02"


def test_codes_are_matched_before_comparing_and_strangers_ignored():
    given = {code: from_wgs84(*p, "gcj02") for code, p in CROSSINGS.items()} | {"NEW": (92.0, 31.0)}
    finding = detect_shift_by_code(given, CROSSINGS)
    assert finding is not None and finding.compared == 3
    assert detect_shift_by_code({"NEW": (92.0, 31.0)}, CROSSINGS) is None


def test_a_village_is_compared_by_its_centroid():
    points = anchor_points({"V1": {"type": "Polygon", "coordinates": [SQUARE_A]}}, {})
    assert points["V1"] == pytest.approx((91.71, 32.26))


def on_crossing(lon: float, lat: float, radius_m: float = 50.0):
    """The caller's on-site rule for a crossing: within radius_m metres."""
    return lambda x, y: geodesic_distance_m(lon, lat, x, y) <= radius_m


@pytest.mark.parametrize(("crs", "label"), [("gcj02", "GCJ-02"), ("bd09", "BD-09")])
def test_an_off_site_check_in_that_would_be_on_site_as_a_shifted_system_says_so(crs, label):
    crossing = CROSSINGS["X1"]
    sent = from_wgs84(*crossing, crs)  # a persuader standing on the crossing, phone in `crs`
    assert not on_crossing(*crossing)(*sent)
    finding = diagnose_off_site(*sent, on_crossing(*crossing))
    assert finding is not None and finding.crs == crs
    offset = geodesic_distance_m(*sent, *crossing)
    assert finding.offset_m == pytest.approx(offset, abs=0.05)
    assert off_site_reason(*sent, on_crossing(*crossing)) == (
        f"位置像是 {label} 坐标（偏移 {offset:.0f} 米） / position looks like {label} (offset {offset:.0f} m)"
    )


def test_an_off_site_check_in_that_is_simply_elsewhere_gets_no_excuse():
    crossing = CROSSINGS["X1"]
    far = (crossing[0] + 0.02, crossing[1])  # 1.9 km away, nothing to do with map offsets
    assert diagnose_off_site(*far, on_crossing(*crossing)) is None
    assert off_site_reason(*far, on_crossing(*crossing)) is None
