"""Who may stand on which shift at all: the qualified and available people (plus locked ones)."""

from __future__ import annotations

from collections import defaultdict

from scheduler.model import Problem, Shift, StaffMember
from scheduler.rules import check, is_available, is_qualified, rested_from_history


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
            if person.id in locked[shift.id] or could_take(problem, person, shift)
        )
    return found


def could_take(problem: Problem, person: StaffMember, shift: Shift) -> bool:
    """Return whether the person could hold the shift alone: qualified, available, rested, and
    not barred by a cap of 0 on its kind or a minutes maximum below its length."""
    caps = dict(person.max_shifts_by_kind)
    return (
        is_qualified(person, shift)
        and is_available(person, shift)
        and rested_from_history(problem, person, shift)
        and (shift.kind is None or caps.get(shift.kind, 1) > 0)
        and (person.max_minutes is None or shift.minutes <= person.max_minutes)
    )


def check_locked(problem: Problem) -> list[str]:
    """Return why the locked assignments cannot all be kept (empty: they can)."""
    broken = check(problem, problem.locked, partial=True)
    return [f"{v.rule}: {v.shift} / {v.staff}: {v.detail}" for v in broken]
