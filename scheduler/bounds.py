"""Cheap facts that spare the solver work: lower bounds of priorities 1-2 and phase-3 windows.

A lower bound met by the starting roster proves that priority without a solver call. A window is
a stretch of days whose shifts phase 3 re-optimises while every other assignment stays locked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import replace

from scheduler.model import Assignment, Problem
from scheduler.rules import shift_shortfall

Pairs = Mapping[str, tuple[str, ...]]  # shift id -> ids of the staff who may take it


def shortfall_floor(problem: Problem, pairs: Pairs) -> int:
    """Return a total shortfall no roster can beat: each shift staffed with every candidate."""
    staff = problem.staff_by_id
    return sum(
        shift_shortfall(shift, [staff[s] for s in pairs[shift.id]]) for shift in problem.shifts
    )


def load_floor(problem: Problem, pairs: Pairs, shortfall: int) -> int:
    """Return a maximum load no roster with this total shortfall can beat.

    A shift short by `k` still holds at least its largest headcount need minus `k` people, so the
    people who can work at all share at least (sum of needs - shortfall) shifts between them.
    """
    able = {person for people in pairs.values() for person in people}
    needed = sum(
        max([shift.min_staff, *(item.min for item in shift.composition)])
        for shift in problem.shifts
    )
    if not able or needed <= shortfall:
        return 0
    return -(-(needed - shortfall) // len(able))  # ceiling division


def day_windows(problem: Problem, days: int) -> list[set[str]]:
    """Return the shift ids of each `days`-day stretch of local start dates, in order."""
    first = min(problem.start_date.values(), default=None)
    windows: dict[int, set[str]] = defaultdict(set)
    for shift in problem.shifts:
        if first is not None:
            windows[(problem.start_date[shift.id] - first).days // days].add(shift.id)
    return [windows[k] for k in sorted(windows)]


def window_problem(
    problem: Problem, roster: Collection[Assignment], window: Collection[str]
) -> Problem:
    """Return the problem with every assignment outside `window` locked and those shifts frozen."""
    outside = sorted(a for a in roster if a.shift not in window)
    return replace(
        problem,
        locked=tuple(dict.fromkeys([*problem.locked, *outside])),
        frozen_shifts=problem.frozen_shifts | (problem.shift_by_id.keys() - set(window)),
    )
