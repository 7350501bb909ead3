"""One test per hard rule on the smallest facts: the checker catches it, the solver never does it."""

from __future__ import annotations

import pytest

from scheduler.model import Assignment, Problem
from scheduler.rules import RULES, check
from scheduler.solve import ENCODINGS, solve
from tests.unit.scheduler.factories import person, problem, shift


def rules_broken(p: Problem, assignments: list[Assignment]) -> set[str]:
    return {v.rule for v in check(p, assignments)}


def solved_clean(p: Problem) -> None:
    result = solve(p, time_limit=5)
    assert check(p, result.assignments) == []


def test_every_rule_has_an_encoding_of_the_same_name() -> None:
    assert {rule.name for rule in RULES} == set(ENCODINGS)
    assert all(ENCODINGS[name].__name__ == f"add_{name}" for name in ENCODINGS)


def test_every_rule_has_a_chinese_and_english_label() -> None:
    assert all(rule.label.zh and rule.label.en for rule in RULES)


def test_person_without_a_qualifying_role_is_never_assigned() -> None:
    p = problem([person("s1", ["patrol"])], [shift("h1", roles_any=["traffic"])])
    assert rules_broken(p, [Assignment("h1", "s1")]) == {"qualified"}
    assert solve(p, time_limit=5).assignments == ()


def test_person_on_leave_that_day_is_never_assigned() -> None:
    p = problem([person("s1", unavailable=["2026-11-30"])], [shift("h1")])
    assert rules_broken(p, [Assignment("h1", "s1")]) == {"available"}
    assert solve(p, time_limit=5).assignments == ()


def test_leave_interval_is_half_open() -> None:
    leave = {"from": "2026-11-30T04:00:00+08:00", "to": "2026-11-30T08:00:00+08:00"}
    p = problem([person("s1", unavailable=[leave])], [shift("h1")])
    assert rules_broken(p, [Assignment("h1", "s1")]) == set()


def test_whole_day_leave_is_the_local_day_not_the_utc_day() -> None:
    p = problem([person("s1", unavailable=["2026-12-01"])], [shift("h1", "07:00", "08:00")])
    # 07:00+08:00 on Nov 30 is Nov 29 23:00 UTC, and Dec 1 00:30+08:00 is Nov 30 UTC
    late = shift("h2", "00:30", "01:00", day="2026-12-01")
    p2 = problem([person("s1", unavailable=["2026-12-01"])], [late])
    assert rules_broken(p, [Assignment("h1", "s1")]) == set()
    assert rules_broken(p2, [Assignment("h2", "s1")]) == {"available"}


def test_nobody_holds_two_overlapping_shifts() -> None:
    p = problem(
        [person("s1")],
        [shift("h1", "08:00", "12:00"), shift("h2", "11:00", "13:00")],
        rules={"min_rest_hours": 0, "max_shifts_per_day": 5},
    )
    assert rules_broken(p, [Assignment("h1", "s1"), Assignment("h2", "s1")]) == {"no_overlap"}
    assert len(solve(p, time_limit=5).assignments) == 1


def test_back_to_back_shifts_do_not_overlap() -> None:
    p = problem(
        [person("s1")],
        [shift("h1", "08:00", "12:00"), shift("h2", "12:00", "13:00")],
        rules={"min_rest_hours": 0, "max_shifts_per_day": 5},
    )
    assert rules_broken(p, [Assignment("h1", "s1"), Assignment("h2", "s1")]) == set()
    assert solve(p, time_limit=5).shortfall == 0


def test_daily_maximum_counts_shifts_by_local_start_date() -> None:
    p = problem(
        [person("s1")],
        [shift("h1", "08:00", "09:00"), shift("h2", "20:00", "21:00")],
        rules={"min_rest_hours": 0, "max_shifts_per_day": 1},
    )
    assert rules_broken(p, [Assignment("h1", "s1"), Assignment("h2", "s1")]) == {"max_per_day"}
    assert len(solve(p, time_limit=5).assignments) == 1


def test_weekly_maximum_counts_shifts_by_local_iso_week() -> None:
    days = ["2026-11-30", "2026-12-01", "2026-12-06", "2026-12-07"]  # Mon, Tue, Sun | next Mon
    shifts = [shift(f"h{i}", day=d) for i, d in enumerate(days)]
    p = problem([person("s1", max_shifts_per_week=2)], shifts)
    first_week = [Assignment(f"h{i}", "s1") for i in range(3)]
    assert rules_broken(p, first_week) == {"max_per_week"}
    assert rules_broken(p, [Assignment("h2", "s1"), Assignment("h3", "s1")]) == set()
    result = solve(p, time_limit=5)
    assert len(result.assignments) == 3 and result.shortfall == 1


def test_rest_between_shifts_is_at_least_the_minimum() -> None:
    late = shift("h1", "14:00", "22:00")
    early = shift("h2", "06:00", "10:00", day="2026-12-01")
    p = problem([person("s1")], [late, early], rules={"min_rest_hours": 10})
    assert rules_broken(p, [Assignment("h1", "s1"), Assignment("h2", "s1")]) == {"min_rest"}
    assert len(solve(p, time_limit=5).assignments) == 1


def test_rest_of_exactly_the_minimum_is_enough() -> None:
    late = shift("h1", "14:00", "22:00")
    early = shift("h2", "08:00", "10:00", day="2026-12-01")
    p = problem([person("s1")], [late, early], rules={"min_rest_hours": 10})
    assert rules_broken(p, [Assignment("h1", "s1"), Assignment("h2", "s1")]) == set()
    assert solve(p, time_limit=5).shortfall == 0


def test_no_shift_gets_more_than_its_maximum_staff() -> None:
    p = problem([person("s1"), person("s2")], [shift("h1", min_staff=1, max_staff=1)])
    assert rules_broken(p, [Assignment("h1", "s1"), Assignment("h1", "s2")]) == {"max_staff"}
    assert len(solve(p, time_limit=5).assignments) == 1


@pytest.mark.parametrize(
    ("assignment", "detail"),
    [
        (Assignment("nope", "s1"), "unknown shift"),
        (Assignment("h1", "nobody"), "unknown staff"),
    ],
)
def test_assignments_naming_unknown_records_break_integrity(
    assignment: Assignment, detail: str
) -> None:
    p = problem([person("s1")], [shift("h1")])
    assert [v.detail for v in check(p, [assignment])] == [detail]


def test_same_person_twice_on_a_shift_breaks_integrity() -> None:
    p = problem([person("s1")], [shift("h1", max_staff=2)])
    assert "integrity" in rules_broken(p, [Assignment("h1", "s1"), Assignment("h1", "s1")])
    solved_clean(p)
