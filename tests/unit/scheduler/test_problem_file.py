"""The problem file: defaults as the issue states them, errors that name the record, round trip."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from scheduler.errors import ProblemError
from scheduler.model import CompositionItem, Rules
from scheduler.problem_file import load_assignments, load_problem
from scheduler.roster_file import problem_to_dict
from tests.unit.scheduler.factories import person, problem, problem_dict, shift


def test_absent_fields_take_the_documented_defaults() -> None:
    p = problem([{"id": "s1"}], [shift("h1", min_staff=2)])
    assert p.rules == Rules(min_rest_hours=10, max_shifts_per_day=1)
    staff, h = p.staff[0], p.shifts[0]
    assert staff.max_shifts_per_week is None and staff.unavailable == () and staff.roles == set()
    assert h.max_staff == 2 and h.roles_any is None and h.composition == ()


def test_missing_min_staff_means_one_person() -> None:
    assert problem([person("s1")], [shift("h1")]).shifts[0].min_staff == 1


def test_composition_accepts_one_role_or_a_list_of_roles() -> None:
    items = [{"role": "party_member", "min": 1}, {"roles": ["grid_worker", "striver"], "min": 2}]
    p = problem([person("s1")], [shift("h1", min_staff=3, composition=items)])
    assert p.shifts[0].composition == (
        CompositionItem(frozenset({"party_member"}), 1),
        CompositionItem(frozenset({"grid_worker", "striver"}), 2),
    )


def test_unavailable_date_is_the_whole_local_day() -> None:
    p = problem([person("s1", unavailable=["2026-12-01"])], [])
    (period,) = p.staff[0].unavailable
    assert period.start.isoformat() == "2026-12-01T00:00:00+08:00"
    assert period.end - period.start == timedelta(days=1)


def broken(data: dict[str, Any]) -> str:
    with pytest.raises(ProblemError) as caught:
        load_problem(data)
    return str(caught.value)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (shift("x1-am", "12:00", "08:00"), 'shifts[0] (id "x1-am"): end is before start'),
        (shift("x1-am", post="nowhere"), 'shifts[0] (id "x1-am"): unknown post "nowhere"'),
        (shift("x1-am", roles_any=["driver"]), 'shifts[0] (id "x1-am"): unknown role "driver"'),
        (
            shift("x1-am", composition=[{"role": "chief", "min": 1}]),
            'shifts[0] (id "x1-am"): unknown role "chief"',
        ),
        (shift("x1-am", min_staff=3, max_staff=2), "min_staff 3 is greater than max_staff 2"),
        (shift("x1-am", min_staff=-1), 'shifts[0] (id "x1-am"): min_staff is negative'),
        (shift("x1-am", start="25:00"), 'shifts[0] (id "x1-am"): start "2026-11-30T25:00:00'),
    ],
)
def test_malformed_shift_errors_name_the_shift(record: dict[str, Any], expected: str) -> None:
    assert expected in broken(problem_dict([person("s1")], [record]))


def test_naive_datetime_is_rejected_with_its_record() -> None:
    record = shift("h1") | {"start": "2026-11-30T08:00:00"}
    assert "has no UTC offset" in broken(problem_dict([], [record]))


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (person("s1", ["wizard"]), 'staff[0] (id "s1"): unknown role "wizard"'),
        (person("s1", unavailable=["2026-02-30"]), 'bad date "2026-02-30"'),
        (person("s1", max_shifts_per_week=-2), "max_shifts_per_week is negative"),
        (person("s1", home=[200, 10]), "out of range for [lon, lat]"),
        (person("s1", avoid_posts=["x9"]), 'unknown post "x9" in avoid_posts'),
    ],
)
def test_malformed_staff_errors_name_the_person(record: dict[str, Any], expected: str) -> None:
    assert expected in broken(problem_dict([record], []))


def test_duplicate_ids_are_rejected() -> None:
    message = broken(problem_dict([person("s1"), person("s1")], []))
    assert message == 'staff[1] (id "s1"): duplicate id "s1"'


def test_negative_rest_is_rejected() -> None:
    data = problem_dict([], [], rules={"min_rest_hours": -1})
    assert broken(data) == "rules: min_rest_hours is negative (-1)"


def test_travel_and_history_must_name_known_records() -> None:
    assert "unknown staff" in broken(problem_dict([], [], travel_km={"s9": {"x1": 1}}))
    data = problem_dict([person("s1")], [], travel_km={"s1": {"x1": -3}})
    assert 'travel_km["s1"]: x1 is negative' in broken(data)


def test_assignments_must_name_known_shifts_and_staff() -> None:
    p = problem([person("s1")], [shift("h1")])
    with pytest.raises(ProblemError, match=r'assignments\[0\]: unknown shift "h9"'):
        load_assignments(p, [{"shift": "h9", "staff": "s1"}])


def test_problem_file_round_trips_to_an_equal_problem() -> None:
    leave = {"from": "2026-12-03T18:00:00+08:00", "to": "2026-12-04T09:00:00+08:00"}
    staff = [
        person("s01", ["traffic", "party_member"], max_shifts_per_week=5, home=[91.7, 32.27]),
        person("s02", ["grid_worker"], unavailable=["2026-12-01", leave], prefer_posts=["v1"]),
    ]
    shifts = [
        shift("h1", min_staff=1, max_staff=2, roles_any=["traffic"]),
        shift("h2", post="v1", composition=[{"role": "party_member", "min": 1}]),
    ]
    extra = {
        "travel_km": {"s01": {"x1": 3.2}},
        "history": {"s02": {"shifts": 4, "weekend_shifts": 1}},
        "locked": [{"shift": "h1", "staff": "s01"}],
    }
    p = problem(staff, shifts, **extra)
    assert load_problem(problem_to_dict(p)) == p


def test_times_keep_their_instant_whatever_the_offset() -> None:
    p = problem([person("s1")], [shift("h1") | {"start": "2026-11-30T00:00:00Z"}])
    assert p.shifts[0].start == datetime.fromisoformat("2026-11-30T08:00:00+08:00")
