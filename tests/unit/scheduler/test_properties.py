"""Every roster the solver or the greedy baseline returns passes every checker, whatever the input."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings

import scheduler.solve
from scheduler.blockers import Occupancy
from scheduler.greedy import greedy
from scheduler.model import Problem, SolveResult
from scheduler.problem_file import load_problem
from scheduler.roster_file import roster_to_dict
from scheduler.rules import check, loads, shortfall
from scheduler.solve import solve
from tests.unit.scheduler.strategies import problems

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_consistent(p: Problem, result: SolveResult) -> None:
    assert check(p, result.assignments) == []
    short = shortfall(p, result.assignments)
    assert result.shortfall == sum(short.values())
    assert {u.shift: u.missing for u in result.unfilled} == {k: v for k, v in short.items() if v}
    assert all(u.reason.zh and u.reason.en for u in result.unfilled)
    assert result.max_load == max(loads(p, result.assignments).values(), default=0)


@FAST
@given(problems())
def test_every_solver_roster_passes_every_checker(data: dict[str, Any]) -> None:
    p = load_problem(data)
    result = solve(p, time_limit=5)
    assert_consistent(p, result)
    assert roster_to_dict(result)["shortfall"] == result.shortfall


@FAST
@given(problems())
def test_solver_is_never_worse_than_greedy_on_the_first_two_priorities(
    data: dict[str, Any],
) -> None:
    p = load_problem(data)
    result, baseline = solve(p, time_limit=5), greedy(p)
    assert_consistent(p, baseline)
    assert result.status == "optimal"
    assert result.shortfall <= baseline.shortfall
    if result.shortfall == baseline.shortfall:
        assert result.max_load <= baseline.max_load


@FAST
@given(problems())
def test_phase_three_one_day_at_a_time_keeps_every_rule_and_both_priorities(
    data: dict[str, Any],
) -> None:
    p = load_problem(data)
    whole = solve(p, time_limit=5)
    with patch.object(scheduler.solve, "WINDOW_DAYS", 1):  # the windows of a long horizon
        windowed = solve(p, time_limit=5)
    assert_consistent(p, windowed)
    assert windowed.status == "optimal"
    assert (windowed.shortfall, windowed.max_load) == (whole.shortfall, whole.max_load)


@FAST
@given(problems())
def test_free_means_no_blocker_for_every_person_and_shift(data: dict[str, Any]) -> None:
    p = load_problem(data)
    occupancy = Occupancy(p, greedy(p).assignments)
    for person in p.staff:
        for shift in p.shifts:
            expected = occupancy.blocker(person, shift) == "free"
            assert occupancy.is_free(person, shift) == expected
