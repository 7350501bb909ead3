"""Who may stand on which shift at all: the qualified and available people (plus locked ones)."""

from __future__ import annotations

from collections import defaultdict

from scheduler.model import Problem
from scheduler.rules import check, is_available, is_qualified


def candidates(problem: Problem) -> dict[str, tuple[str, ...]]:
    """Return, per shift id, the staff ids that may be assigned (frozen shifts: only locked)."""
    locked: dict[str, set[str]] = defaultdict(set)
    for a in problem.locked:
        locked[a.shift].add(a.staff)
    found: dict[str, tuple[str, ...]] = {}
    for shift in problem.shifts:
        if shift.id in problem.frozen_shifts:
            found[shift.id] = tuple(sorted(locked[shift.id]))
            continue
        found[shift.id] = tuple(
            person.id
            for person in problem.staff
            if person.id in locked[shift.id]
            or (is_qualified(person, shift) and is_available(person, shift))
        )
    return found


def check_locked(problem: Problem) -> list[str]:
    """Return why the locked assignments cannot all be kept (empty: they can)."""
    return [f"{v.rule}: {v.shift} / {v.staff}: {v.detail}" for v in check(problem, problem.locked)]
