"""Positions as phones in China send them: GCJ-02 and BD-09 converted at the door (issue 13)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from ops.runtime.settings import load_settings
from tests.e2e.conftest import bearer, wait_for
from tests.e2e.test_intake_workers import morning_duty

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def test_a_gcj02_checkin_at_the_crossing_is_on_time_and_undeclared_it_is_off_site_with_the_reason(
    api, township, staff_tokens, worker, db
):
    from geo.china_crs import from_wgs84

    staff, start, _end, post = morning_duty(db)
    shifted_lon, shifted_lat = from_wgs84(post.lon, post.lat, "gcj02")  # what WeChat reports there
    declared = {"id": str(uuid.uuid4()), "staff_id": staff, "kind": "in", "crs": "gcj02",
                "recorded_at": (start + timedelta(minutes=2)).isoformat(), "lon": shifted_lon, "lat": shifted_lat,
                "accuracy_m": 5}  # fmt: skip
    undeclared = declared | {"id": str(uuid.uuid4()), "crs": "wgs84"}
    undeclared.pop("crs")  # no crs at all: WGS84 is assumed
    answer = api.post(
        "/api/v1/checkins",
        json={"items": [declared, undeclared]},
        headers=bearer(staff_tokens[staff]),
    )
    assert answer.status_code == 202 and len(answer.json()["accepted"]) == 2
    local_day = start.astimezone(load_settings().tz).date()

    def both():
        items = api.get(
            f"/api/v1/checkins?date={local_day}&staff_id={staff}",
            headers=bearer(staff_tokens[staff]),
        ).json()["items"]
        return {i["id"]: i for i in items} if len(items) == 2 else None

    stored = wait_for(both)
    good, bad = stored[declared["id"]], stored[undeclared["id"]]
    assert good["status"] == "on_time" and good["crs"] == "gcj02"
    assert (
        abs(good["lon"] - post.lon) < 1e-5 and abs(good["lat"] - post.lat) < 1e-5
    )  # stored in WGS84
    assert (good["raw_lon"], good["raw_lat"]) == (shifted_lon, shifted_lat)  # the original kept
    assert bad["status"] == "off_site" and bad["crs"] == "wgs84"
    assert "GCJ-02" in bad["note"] and "米" in bad["note"]


def test_an_unknown_position_system_is_refused_naming_the_field(api, township, staff_tokens):
    item = {"id": str(uuid.uuid4()), "staff_id": "SW-001", "kind": "in", "crs": "mercator",
            "recorded_at": "2026-12-01T08:00:00+08:00", "lon": 91.75, "lat": 32.26}  # fmt: skip
    answer = api.post(
        "/api/v1/checkins", json={"items": [item]}, headers=bearer(staff_tokens["SW-001"])
    )
    assert answer.json()["rejected"][0]["errors"][0]["field"] == "crs"
