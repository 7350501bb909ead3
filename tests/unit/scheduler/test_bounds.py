"""Lower bounds that prove priorities without search, and the windows of phase 3."""

from __future__ import annotations

from scheduler.bounds import day_windows, load_floor, shortfall_floor, window_problem
from scheduler.candidates import candidates
from scheduler.model import Assignment
from tests.unit.scheduler.factories import person, problem, shift

PARTY = [{"role": "party_member", "min": 1}]


def test_shortfall_floor_counts_what_even_every_candidate_cannot_cover() -> None:
    p = problem(
        [person("a"), person("b")],
        [
            shift("h1", min_staff=3, max_staff=3),  # 2 qualified: 1 short whatever happens
            shift("h2", day="2026-12-01", composition=PARTY),  # nobody is a party member
            shift("h3", day="2026-12-02"),
        ],
    )
    assert shortfall_floor(p, candidates(p)) == 2


def test_load_floor_shares_the_needed_shifts_among_the_people_who_can_work() -> None:
    days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]
    p = problem(
        [person("a"), person("b"), person("idle", roles=["patrol"])],
        [shift(f"h{i}", day=d, roles_any=["traffic"]) for i, d in enumerate(days)],
    )
    pairs = candidates(p)
    assert load_floor(p, pairs, shortfall=0) == 3  # 5 shifts, 2 able people
    assert load_floor(p, pairs, shortfall=3) == 1
    assert load_floor(p, pairs, shortfall=5) == 0


def test_load_floor_of_nobody_able_is_zero() -> None:
    p = problem([person("idle", roles=["patrol"])], [shift("h1", roles_any=["traffic"])])
    assert load_floor(p, candidates(p), shortfall=1) == 0


def test_windows_cut_the_horizon_by_local_start_date() -> None:
    shifts = [shift(f"d{d}", day=f"2026-12-{d:02d}") for d in range(1, 17)]
    # 00:30 local on the 8th is still the 7th in UTC: the local date decides
    shifts.append(shift("early", start="00:30", end="01:00", day="2026-12-08"))
    windows = day_windows(problem([person("a")], shifts), days=7)
    assert [len(w) for w in windows] == [7, 8, 2]
    assert {"d7"} < windows[0] and {"early", "d8"} < windows[1]


def test_no_shifts_means_no_windows() -> None:
    assert day_windows(problem([person("a")], []), days=7) == []


def test_window_problem_locks_every_assignment_outside_the_window() -> None:
    p = problem(
        [person("a"), person("b")],
        [shift("h1"), shift("h2", day="2026-12-01"), shift("h3", day="2026-12-02")],
    )
    roster = {Assignment("h1", "a"), Assignment("h2", "b"), Assignment("h3", "a")}
    sub = window_problem(p, roster, {"h2"})
    assert sub.locked == (Assignment("h1", "a"), Assignment("h3", "a"))
    assert sub.frozen_shifts == {"h1", "h3"}
    assert candidates(sub) == {"h1": ("a",), "h2": ("a", "b"), "h3": ("a",)}
