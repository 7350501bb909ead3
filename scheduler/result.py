"""Turn a set of assignments into a checked `SolveResult` (shared by solve, greedy and repair)."""

from __future__ import annotations

from collections.abc import Iterable

from scheduler.blockers import Occupancy
from scheduler.errors import SolverBugError
from scheduler.model import Assignment, Problem, SolveResult, Unfilled
from scheduler.penalties import penalties
from scheduler.reasons import unfilled_reason
from scheduler.rules import check, loads, shortfall


def ordered(problem: Problem, assignments: Iterable[Assignment]) -> tuple[Assignment, ...]:
    """Return the assignments without duplicates, by shift start, shift id and staff id."""
    start = {h.id: h.start for h in problem.shifts}
    return tuple(sorted(set(assignments), key=lambda a: (start[a.shift], a.shift, a.staff)))


def build_result(
    problem: Problem,
    assignments: Iterable[Assignment],
    *,
    status: str,
    seconds: float,
    checked: bool = True,
) -> SolveResult:
    """Check the assignments against every hard rule and measure them; raise if any rule breaks.

    `checked=False` measures a hand-edited roster whose caller compared the violations itself.
    """
    chosen = ordered(problem, assignments)
    violations = check(problem, chosen) if checked else []
    if violations:
        raise SolverBugError(f"roster breaks hard rules: {violations[:5]}")
    short = shortfall(problem, chosen)
    occupancy = Occupancy(problem, chosen)
    counts = loads(problem, chosen)
    return SolveResult(
        status=status,
        assignments=chosen,
        unfilled=tuple(
            Unfilled(h.id, short[h.id], unfilled_reason(occupancy, h))
            for h in sorted(problem.shifts, key=lambda h: (h.start, h.id))
            if short[h.id] > 0
        ),
        shortfall=sum(short.values()),
        max_load=max(counts.values(), default=0),
        penalties=penalties(problem, chosen),
        solve_seconds=round(seconds, 3),
        loads=counts,
    )
