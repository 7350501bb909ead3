"""A simple greedy roster, the baseline the solver is measured against.

Shifts in start order; each takes, while it is short, the free qualified person who cuts its
shortfall most, least loaded first (ties by id). Never breaks a hard rule, never looks back.
"""

from __future__ import annotations

import time

from scheduler.blockers import Occupancy
from scheduler.candidates import candidates
from scheduler.errors import ProblemError
from scheduler.model import Assignment, Problem, Shift, SolveResult
from scheduler.result import build_result
from scheduler.rules import check, shift_shortfall


def _short(occ: Occupancy, shift: Shift, extra: str | None = None) -> int:
    ids = occ.staff_on[shift.id] | ({extra} if extra else set())
    return shift_shortfall(shift, [occ.problem.staff_by_id[i] for i in ids])


def _pick(occ: Occupancy, shift: Shift, pool: tuple[str, ...]) -> str | None:
    now = _short(occ, shift)
    if now == 0 or len(occ.staff_on[shift.id]) >= shift.max_staff:
        return None  # nobody can cut the shortfall (gain > 0) of a covered or full shift
    ranked: list[tuple[int, int, str]] = []
    for person in pool:
        if not occ.is_free(occ.problem.staff_by_id[person], shift, rules=False):
            continue
        gain = now - _short(occ, shift, person)
        if gain > 0:
            ranked.append((-gain, len(occ.shifts_of[person]), person))
    # the per-person day rules cost most: ask them only of the best few, in order
    for _, _, person in sorted(ranked):
        if occ.rule_blocker(occ.problem.staff_by_id[person], shift) is None:
            return person
    return None


def greedy_assignments(problem: Problem) -> tuple[Assignment, ...]:
    """Return the greedy assignments (the locked ones first)."""
    occ = Occupancy(problem, problem.locked)
    pool = candidates(problem)
    for shift in sorted(problem.shifts, key=lambda h: (h.start, h.id)):
        if shift.id in problem.frozen_shifts:
            continue
        while (person := _pick(occ, shift, pool[shift.id])) is not None:
            occ.add(Assignment(shift.id, person))
    return tuple(
        Assignment(shift, person) for shift, people in occ.staff_on.items() for person in people
    )


def greedy(problem: Problem) -> SolveResult:
    """Build the greedy roster and measure it like a solver result (status "feasible")."""
    started = time.perf_counter()
    chosen = greedy_assignments(problem)
    missed = {v.rule for v in check(problem, chosen)}
    if missed:
        raise ProblemError("greedy", f"a greedy roster cannot meet {sorted(missed)}: solve it")
    return build_result(problem, chosen, status="feasible", seconds=time.perf_counter() - started)
