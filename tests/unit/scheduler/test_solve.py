"""The solve: the shortfall formula, strict priorities, reasons, determinism and the time cap."""

from __future__ import annotations

import time

from scheduler.demo import township_problem
from scheduler.greedy import greedy
from scheduler.model import Assignment
from scheduler.problem_file import load_problem
from scheduler.roster_file import roster_to_dict
from scheduler.rules import check, shortfall
from scheduler.solve import solve
from tests.unit.scheduler.factories import person, problem, shift

PARTY = [{"role": "party_member", "min": 1}]


def test_shortfall_is_the_larger_of_headcount_and_composition_gaps() -> None:
    p = problem(
        [person("a"), person("b"), person("c", ["traffic", "party_member"])],
        [shift("h1", min_staff=3, max_staff=3, composition=[{"role": "party_member", "min": 2}])],
    )
    assert shortfall(p, []) == {"h1": 3}
    assert shortfall(p, [Assignment("h1", "a")]) == {"h1": 2}
    two = [Assignment("h1", "a"), Assignment("h1", "b")]
    assert shortfall(p, two) == {"h1": 2}  # both gaps: 3-2=1 people, 2-0=2 party members
    assert shortfall(p, [*two, Assignment("h1", "c")]) == {"h1": 1}


def test_composition_with_several_roles_counts_anyone_holding_one() -> None:
    item = [{"roles": ["grid_worker", "party_member"], "min": 2}]
    p = problem(
        [person("a", ["grid_worker"]), person("b", ["party_member"]), person("c", ["striver"])],
        [shift("h1", min_staff=2, max_staff=2, composition=item)],
    )
    assert shortfall(p, [Assignment("h1", "a"), Assignment("h1", "c")]) == {"h1": 1}
    result = solve(p, time_limit=5)
    assert {a.staff for a in result.assignments} == {"a", "b"} and result.shortfall == 0


def test_solver_picks_the_party_member_the_composition_needs() -> None:
    staff = [person("a"), person("b"), person("p", ["traffic", "party_member"])]
    p = problem(staff, [shift("h1", min_staff=1, max_staff=2, composition=PARTY)])
    result = solve(p, time_limit=5)
    assert result.shortfall == 0 and Assignment("h1", "p") in result.assignments
    assert result.status == "optimal"


def test_impossible_demand_is_a_shortfall_with_a_reason_not_an_error() -> None:
    staff = [person("a"), person("b", unavailable=["2026-11-30"])]
    p = problem(staff, [shift("h1", min_staff=3, max_staff=3)])
    result = solve(p, time_limit=5)
    assert result.shortfall == 2 and result.unfilled[0].missing == 2
    assert (
        result.unfilled[0].reason.en
        == "needs 2 more people: 2 qualified: 1 already on this shift, 1 on leave"
    )
    assert result.unfilled[0].reason.zh == "需要人员2名：符合条件的2人中1人已在本班次，1人请假"


def test_reason_names_the_missing_composition_role_in_chinese() -> None:
    staff = [
        person("a"),
        person("p1", ["traffic", "party_member"], unavailable=["2026-11-30"]),
        person("p2", ["traffic", "party_member"], unavailable=["2026-11-30"]),
        person("p3", ["traffic", "party_member"], max_shifts_per_week=0),
    ]
    p = problem(staff, [shift("h1", roles_any=["traffic"], composition=PARTY)])
    (unfilled,) = solve(p, time_limit=5).unfilled
    assert unfilled.reason.zh == "需要党员1名：符合条件的3人中2人请假，1人已达每周上限"
    assert (
        unfilled.reason.en
        == "needs 1 more party member: 3 qualified: 2 on leave, 1 already at weekly maximum"
    )


def test_reason_says_when_nobody_holds_the_role() -> None:
    p = problem([person("a", ["patrol"])], [shift("h1", roles_any=["cadre"])])
    (unfilled,) = solve(p, time_limit=5).unfilled
    assert unfilled.reason.zh == "需要村干部1名：没有人具备该角色"
    assert unfilled.reason.en == "needs 1 more village cadre: nobody holds the role"


def test_reason_counts_people_busy_or_at_their_daily_maximum() -> None:
    staff = [person("a"), person("b")]
    shifts = [shift("h1", "08:00", "12:00"), shift("h2", "10:00", "14:00", post="x2")]
    shifts += [shift("h3", "20:00", "22:00", min_staff=2, max_staff=2, post="v1")]
    p = problem(staff, shifts, rules={"min_rest_hours": 0, "max_shifts_per_day": 5})
    result = solve(p, time_limit=5)
    assert result.shortfall == 0
    p2 = problem(staff, shifts, rules={"min_rest_hours": 0, "max_shifts_per_day": 1})
    texts = [u.reason.en for u in solve(p2, time_limit=5).unfilled]
    assert any("already at daily maximum" in t for t in texts)


def test_load_beats_travel_when_spreading_costs_kilometres() -> None:
    staff = [person("near"), person("far")]
    shifts = [shift(f"h{d}", day=f"2026-12-0{d}") for d in range(1, 5)]
    travel = {"near": {"x1": 0.5}, "far": {"x1": 80}}
    result = solve(problem(staff, shifts, travel_km=travel), time_limit=5)
    assert result.max_load == 2 and result.loads == {"near": 2, "far": 2}
    assert result.penalties["travel_km"] == 161.0


def test_travel_decides_once_load_is_even() -> None:
    staff = [person("near"), person("far")]
    travel = {"near": {"x1": 0.5}, "far": {"x1": 80}}
    result = solve(problem(staff, [shift("h1")], travel_km=travel), time_limit=5)
    assert result.assignments == (Assignment("h1", "near"),)


def test_history_tilts_the_spread_toward_people_who_worked_less() -> None:
    staff = [person("busy"), person("rested")]
    history = {"busy": {"shifts": 6, "weekend_shifts": 2}}
    result = solve(problem(staff, [shift("h1")], history=history), time_limit=5)
    assert result.assignments == (Assignment("h1", "rested"),)


def test_avoided_post_is_avoided_and_preferred_post_preferred() -> None:
    staff = [person("a", avoid_posts=["x1"]), person("b", prefer_posts=["x1"])]
    result = solve(problem(staff, [shift("h1")]), time_limit=5)
    assert result.assignments == (Assignment("h1", "b"),)


def test_same_input_gives_the_same_roster() -> None:
    data = township_problem(days=3, staff=30, seed=7)
    first = roster_to_dict(solve(load_problem(data), time_limit=10))
    second = roster_to_dict(solve(load_problem(data), time_limit=10))
    first.pop("solve_seconds"), second.pop("solve_seconds")
    assert first == second


def test_township_week_is_optimal_and_never_worse_than_greedy() -> None:
    p = load_problem(township_problem(days=7))
    result, baseline = solve(p, time_limit=20), greedy(p)
    assert result.status == "optimal" and check(p, result.assignments) == []
    assert (result.shortfall, result.max_load) <= (baseline.shortfall, baseline.max_load)
    assert result.penalties["points"] <= baseline.penalties["points"]


def test_time_limit_caps_the_whole_solve() -> None:
    p = load_problem(township_problem(days=7))
    started = time.perf_counter()
    result = solve(p, time_limit=0.3)
    assert (
        time.perf_counter() - started < 5.0
    )  # a behaviour check with a wide margin, not a speed goal
    assert check(p, result.assignments) == []


def test_empty_staff_gives_every_shift_short_and_a_valid_file() -> None:
    result = solve(problem([], [shift("h1", min_staff=2, max_staff=2)]), time_limit=5)
    out = roster_to_dict(result)
    assert out["shortfall"] == 2 and out["max_load"] == 0 and out["status"] == "optimal"
    assert out["unfilled"][0]["reason"]["en"] == "needs 2 more people: nobody holds the role"
    assert set(out) >= {"status", "assignments", "unfilled", "penalties", "solve_seconds"}


def test_horizon_longer_than_a_window_is_solved_window_by_window_and_stays_valid() -> None:
    p = load_problem(township_problem(days=16, staff=24, seed=3))
    result, baseline = solve(p, time_limit=20), greedy(p)
    assert check(p, result.assignments) == []
    assert (result.shortfall, result.max_load) <= (baseline.shortfall, baseline.max_load)
    assert result.penalties["points"] <= baseline.penalties["points"]


def test_solver_lowers_the_max_load_the_greedy_start_gets_wrong() -> None:
    # greedy gives h1 to "a" (tie on load, then id) and then h2 can only go to "a" too
    staff = [person("a"), person("b", roles=["patrol"])]
    shifts = [
        shift("h1", roles_any=["traffic", "patrol"]),
        shift("h2", day="2026-12-01", roles_any=["traffic"]),
    ]
    p = problem(staff, shifts)
    assert greedy(p).max_load == 2
    result = solve(p, time_limit=5)
    assert result.status == "optimal" and result.max_load == 1
    assert result.assignments == (Assignment("h1", "b"), Assignment("h2", "a"))


def test_priorities_met_by_their_lower_bounds_are_proven_without_search() -> None:
    p = problem([person("a")], [shift("h1", min_staff=2, max_staff=2)])
    result = solve(p, time_limit=0.0)  # no time for any solver call
    assert result.status == "optimal" and result.shortfall == 1 and result.max_load == 1


def test_horizon_of_several_windows_gives_the_same_roster_every_time() -> None:
    data = township_problem(days=9, staff=30, seed=5)
    first = roster_to_dict(solve(load_problem(data), time_limit=20))
    second = roster_to_dict(solve(load_problem(data), time_limit=20))
    first.pop("solve_seconds"), second.pop("solve_seconds")
    assert first == second and first["status"] == "optimal"


def test_township_week_with_office_rules_is_optimal_and_keeps_every_rule() -> None:
    p = load_problem(township_problem(days=7, rules=True))
    result, baseline = solve(p, time_limit=30), greedy(p)
    assert result.status == "optimal" and check(p, result.assignments) == []
    assert (result.shortfall, result.max_load) <= (baseline.shortfall, baseline.max_load)
    assert result.penalties["points"] <= baseline.penalties["points"]
