"""One test per day, minutes and kind rule on the smallest facts: the checker catches it, the
solver never does it, and a short shift's reason names the rule."""

from __future__ import annotations

from typing import Any

from scheduler.model import Assignment, Problem
from scheduler.problem_file import load_problem
from scheduler.roster_file import problem_to_dict
from scheduler.rules import check
from scheduler.solve import solve
from tests.unit.scheduler.factories import person, problem, shift


def days(n: int, start: int = 1, **extra: Any) -> list[dict[str, Any]]:
    """Return one 08:00-12:00 shift a day on December `start` .. `start + n - 1`, 2026."""
    return [shift(f"d{d}", day=f"2026-12-{d:02d}", **extra) for d in range(start, start + n)]


def broken(p: Problem, shifts: list[str], staff: str = "a") -> set[str]:
    return {v.rule for v in check(p, [Assignment(h, staff) for h in shifts])}


def solved(p: Problem) -> Any:
    result = solve(p, time_limit=10)
    assert check(p, result.assignments) == []
    return result


def test_nobody_works_more_days_running_than_their_maximum() -> None:
    p = problem([person("a", max_consecutive_days=2)], days(3))
    assert broken(p, ["d1", "d2", "d3"]) == {"max_consecutive_days"}
    assert broken(p, ["d1", "d3"]) == set()
    assert solved(p).shortfall == 1


def test_days_running_count_last_weeks_run_from_history() -> None:
    history = {"a": {"consecutive_days": 2}}
    p = problem([person("a", max_consecutive_days=2)], days(2), history=history)
    assert broken(p, ["d1"]) == {"max_consecutive_days"}
    assert broken(p, ["d2"]) == set()
    assert solved(p).assignments == (Assignment("d2", "a"),)


def test_shortfall_reason_names_the_days_running_limit() -> None:
    p = problem([person("a", max_consecutive_days=2)], days(3))
    (unfilled,) = solved(p).unfilled
    assert "at the 2-days-running limit" in unfilled.reason.en
    assert "已连续工作2天达上限" in unfilled.reason.zh


def test_a_run_of_worked_days_inside_the_horizon_is_at_least_the_minimum() -> None:
    p = problem([person("a", min_consecutive_days=2)], days(4, min_staff=0, max_staff=1))
    assert broken(p, ["d2"]) == {"min_consecutive_days"}
    assert broken(p, ["d1"]) == set()  # runs at the edge of the horizon are not judged
    assert broken(p, ["d2", "d3"]) == set()


def test_days_off_between_two_worked_days_are_at_least_the_minimum() -> None:
    p = problem([person("a", min_consecutive_days_off=2)], [*days(1), *days(2, start=3)])
    assert broken(p, ["d1", "d3"]) == {"min_consecutive_days_off"}
    assert broken(p, ["d1", "d4"]) == set()
    assert broken(p, ["d3", "d4"]) == set()
    assert solved(p).shortfall == 1


def test_everyone_gets_their_days_off_each_week() -> None:
    p = problem([person("a", min_days_off_per_week=2)], days(7))  # Dec 1 (Tue) .. Dec 7 (Mon)
    assert broken(p, ["d1", "d2", "d3", "d4", "d5", "d6"]) == {"min_days_off_per_week"}
    assert broken(p, ["d1", "d2", "d3", "d4", "d5", "d7"]) == set()  # Dec 7 starts a new week
    assert solved(p).shortfall == 1


def test_weekends_worked_stay_within_the_maximum() -> None:
    p = problem([person("a", max_weekends=1)], days(8, start=5))  # Sat 5 .. Sat 12
    assert broken(p, ["d5", "d12"]) == {"max_weekends"}
    assert broken(p, ["d5", "d6"]) == set()  # one weekend, both days
    assert solved(p).shortfall == 1


def test_minutes_over_the_horizon_stay_within_the_maximum() -> None:
    p = problem([person("a", max_minutes=480)], days(3))
    assert broken(p, ["d1", "d2", "d3"]) == {"max_minutes"}
    assert solved(p).loads["a"] == 2


def test_minutes_reach_the_minimum_even_beyond_the_shifts_need() -> None:
    p = problem([person("a", min_minutes=480)], days(3, min_staff=0, max_staff=1))
    assert broken(p, ["d1"]) == {"min_minutes"}
    assert solved(p).loads["a"] == 2


def test_night_shifts_stay_within_the_maximum_of_their_kind() -> None:
    nights = days(3, kind="night")
    p = problem([person("a", max_shifts_by_kind={"night": 1})], nights)
    assert broken(p, ["d1", "d2"]) == {"max_shifts_by_kind"}
    assert solved(p).loads["a"] == 1


def test_no_morning_the_day_after_a_night() -> None:
    night = shift("n1", "20:00", "23:00", kind="night")
    morning = shift("m2", "10:00", "12:00", day="2026-12-01", kind="morning")
    rules = {"forbidden_successions": [["night", "morning"]], "min_rest_hours": 0}
    p = problem([person("a")], [night, morning], rules=rules)
    assert broken(p, ["n1", "m2"]) == {"forbidden_successions"}
    assert solved(p).shortfall == 1


def test_last_weeks_night_shift_is_seen_by_the_new_week() -> None:
    history = {"a": {"last_shift_end": "2026-11-30T06:00:00+08:00", "last_shift_kind": "night"}}
    early = shift("m1", "08:00", "12:00", kind="morning")
    rules = {"forbidden_successions": [["night", "morning"]]}
    p = problem([person("a")], [early], rules=rules, history=history)
    assert broken(p, ["m1"]) == {"min_rest", "forbidden_successions"}
    assert solved(p).assignments == ()


def test_a_requested_day_off_is_given_and_a_requested_shift_too() -> None:
    off = [{"date": "2026-12-01", "on": False, "weight": 3}]
    wish = [{"date": "2026-12-01", "shift_kind": "patrol", "weight": 1}]
    shifts = [shift("h1", day="2026-12-01", kind="patrol")]
    p = problem([person("a", requests=off), person("b", requests=wish)], shifts)
    result = solved(p)
    assert result.assignments == (Assignment("h1", "b"),)
    assert result.penalties["requests"] == 0


def test_new_fields_read_back_equal_from_the_file_form() -> None:
    staff = [
        person(
            "a",
            max_consecutive_days=6,
            min_consecutive_days_off=2,
            min_days_off_per_week=1,
            max_weekends=2,
            min_minutes=60,
            max_minutes=4800,
            max_shifts_by_kind={"night": 2},
            requests=[{"date": "2026-12-02", "shift_kind": "night", "on": False, "weight": 2}],
        )
    ]
    history = {"a": {"consecutive_days": 3, "last_shift_end": "2026-11-29T23:00:00+08:00"}}
    rules = {"forbidden_successions": [["night", "morning"]]}
    p = problem(staff, days(2, kind="night"), history=history, rules=rules)
    assert load_problem(problem_to_dict(p)) == p


def test_someone_away_owes_no_minutes_to_the_mended_roster() -> None:
    from datetime import datetime, timedelta, timezone

    from scheduler.repair import repair

    p = problem([person("a", min_minutes=240), person("b")], days(2))
    before = solved(p)
    assert any(a.staff == "a" for a in before.assignments)
    away = datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=8)))
    fixed = repair(p, before.assignments, absent="a", from_time=away, time_limit=10)
    assert check(fixed.problem, fixed.result.assignments) == []
    assert fixed.result.shortfall == 0 and all(a.staff == "b" for a in fixed.result.assignments)


def test_minutes_no_roster_can_give_are_a_problem_not_a_crash() -> None:
    import pytest

    from scheduler.errors import ProblemError

    p = problem([person("a", min_minutes=600)], days(1))  # one 4-hour shift in all
    with pytest.raises(ProblemError, match="no roster can meet every hard rule"):
        solve(p, time_limit=5)
