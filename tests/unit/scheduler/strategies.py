"""Hypothesis strategies for small random roster problems (file form)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

ROLES = ["traffic", "patrol", "party_member"]
TZ = timezone(timedelta(hours=8))
SUNDAY = datetime(2026, 12, 6, tzinfo=TZ)  # the next day starts a new ISO week


@st.composite
def staff_records(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """Return one person with random roles, weekly cap and leave."""
    record: dict[str, Any] = {
        "id": f"s{index}",
        "roles": draw(st.lists(st.sampled_from(ROLES), max_size=2, unique=True)),
        "max_shifts_per_week": draw(st.none() | st.integers(0, 3)),
    }
    for key, values in (
        ("max_consecutive_days", st.integers(1, 2)),
        ("min_consecutive_days_off", st.integers(1, 2)),
        ("max_weekends", st.integers(0, 1)),
        ("max_minutes", st.sampled_from([120, 600])),
        ("max_shifts_by_kind", st.just({"night": 1})),
    ):
        if draw(st.integers(0, 3)) == 0:
            record[key] = draw(values)
    if draw(st.booleans()):
        record["unavailable"] = [draw(st.sampled_from(["2026-12-06", "2026-12-07"]))]
    if draw(st.booleans()):
        start = SUNDAY + timedelta(hours=draw(st.integers(0, 40)))
        end = start + timedelta(hours=draw(st.integers(1, 10)))
        record.setdefault("unavailable", []).append(
            {"from": start.isoformat(), "to": end.isoformat()}
        )
    return record


@st.composite
def shift_records(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """Return one shift, maybe across midnight or the ISO-week boundary, maybe impossible."""
    start = SUNDAY + timedelta(hours=draw(st.integers(0, 44)))
    end = start + timedelta(hours=draw(st.integers(1, 12)))
    low = draw(st.integers(0, 3))
    record: dict[str, Any] = {
        "id": f"h{index}",
        "post": draw(st.sampled_from(["x1", "v1"])),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "min_staff": low,
        "max_staff": low + draw(st.integers(0, 2)),
        "kind": draw(st.sampled_from(["morning", "night"])),
    }
    if draw(st.booleans()):
        record["roles_any"] = draw(st.lists(st.sampled_from(ROLES), min_size=1, unique=True))
    if draw(st.booleans()):
        record["composition"] = [
            {"role": draw(st.sampled_from(ROLES)), "min": draw(st.integers(0, 2))}
        ]
    return record


@st.composite
def problems(draw: st.DrawFn) -> dict[str, Any]:
    """Return a small problem file: 0-5 people, 0-7 shifts, random rules."""
    people = draw(st.integers(0, 5))
    shifts = draw(st.integers(0, 7))
    return {
        "timezone": "Asia/Shanghai",
        "rules": {
            "min_rest_hours": draw(st.sampled_from([0, 8, 10.5])),
            "max_shifts_per_day": draw(st.integers(1, 2)),
            "forbidden_successions": draw(st.sampled_from([[], [["night", "morning"]]])),
        },
        "staff": [draw(staff_records(i)) for i in range(people)],
        "posts": [{"id": "x1", "name": "路口"}, {"id": "v1", "name": "一村", "kind": "village"}],
        "shifts": [draw(shift_records(i)) for i in range(shifts)],
        "travel_km": {f"s{i}": {"x1": float(i)} for i in range(people)},
    }
