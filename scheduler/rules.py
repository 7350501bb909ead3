"""The hard rules, one pure checker each: the oracle every roster is validated against.

Each rule has a stable `name` (shared with its `add_<name>` encoding in `scheduler.solve`) and a
human label. `check` runs them all; `shortfall` and `loads` measure a roster exactly as the problem
file defines them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from scheduler import workdays
from scheduler.labels import RULE_LABELS, Text
from scheduler.model import Assignment, History, Problem, Shift, StaffMember, Violation

Checker = Callable[[Problem, Sequence[Assignment]], list[Violation]]


@dataclass(frozen=True)
class Rule:
    """A hard rule: its name, its label and its checker."""

    name: str
    label: Text
    check: Checker


def is_qualified(person: StaffMember, shift: Shift) -> bool:
    """Return whether the person holds a role the shift accepts."""
    return shift.roles_any is None or not person.roles.isdisjoint(shift.roles_any)


def is_available(person: StaffMember, shift: Shift) -> bool:
    """Return whether the shift misses every unavailable period of the person."""
    return not any(period.overlaps(shift.start, shift.end) for period in person.unavailable)


def overlap(a: Shift, b: Shift) -> bool:
    """Return whether two shifts share any instant."""
    return a.start < b.end and b.start < a.end


def rest_too_short(a: Shift, b: Shift, min_rest_hours: float) -> bool:
    """Return whether two non-overlapping shifts leave less than the minimum rest between them."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    gap = second.start - first.end
    return not overlap(a, b) and gap < timedelta(hours=min_rest_hours)


def rested_from_history(problem: Problem, person: StaffMember, shift: Shift) -> bool:
    """Return whether the shift starts at least the minimum rest after the person's last one."""
    last = problem.history.get(person.id, History()).last_shift_end
    return last is None or shift.start >= last + timedelta(hours=problem.rules.min_rest_hours)


def _known(problem: Problem, assignments: Iterable[Assignment]) -> list[Assignment]:
    return [
        a
        for a in dict.fromkeys(assignments)
        if a.shift in problem.shift_by_id and a.staff in problem.staff_by_id
    ]


def _by_person(problem: Problem, assignments: Sequence[Assignment]) -> dict[str, list[Shift]]:
    shifts: dict[str, list[Shift]] = defaultdict(list)
    for a in _known(problem, assignments):
        shifts[a.staff].append(problem.shift_by_id[a.shift])
    for own in shifts.values():
        own.sort(key=lambda h: (h.start, h.id))
    return shifts


def check_integrity(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find assignments naming unknown shifts or staff, or the same person twice on a shift."""
    found: list[Violation] = []
    seen: set[Assignment] = set()
    for a in assignments:
        if a.shift not in problem.shift_by_id:
            found.append(Violation("integrity", a.shift, a.staff, "unknown shift"))
        elif a.staff not in problem.staff_by_id:
            found.append(Violation("integrity", a.shift, a.staff, "unknown staff"))
        elif a in seen:
            found.append(Violation("integrity", a.shift, a.staff, "assigned twice"))
        seen.add(a)
    return found


def check_qualified(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people on shifts none of whose roles the shift accepts."""
    return [
        Violation("qualified", a.shift, a.staff, "holds none of the shift's roles")
        for a in _known(problem, assignments)
        if not is_qualified(problem.staff_by_id[a.staff], problem.shift_by_id[a.shift])
    ]


def check_available(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people on shifts that overlap their leave or unavailable periods."""
    return [
        Violation("available", a.shift, a.staff, "unavailable during the shift")
        for a in _known(problem, assignments)
        if not is_available(problem.staff_by_id[a.staff], problem.shift_by_id[a.shift])
    ]


def _pairs(
    problem: Problem,
    assignments: Sequence[Assignment],
    rule: str,
    bad: Callable[[Shift, Shift], bool],
) -> list[Violation]:
    found = []
    for person, own in sorted(_by_person(problem, assignments).items()):
        for i, first in enumerate(own):
            for second in own[i + 1 :]:
                if bad(first, second):
                    found.append(Violation(rule, second.id, person, f"too close to {first.id}"))
    return found


def check_no_overlap(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people holding two shifts that overlap in time."""
    return _pairs(problem, assignments, "no_overlap", overlap)


def check_min_rest(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find too short a rest between two shifts, or after the last shift before the horizon."""
    rest = problem.rules.min_rest_hours
    found = _pairs(problem, assignments, "min_rest", lambda a, b: rest_too_short(a, b, rest))
    return found + [
        Violation("min_rest", a.shift, a.staff, "too close to the last shift before")
        for a in _known(problem, assignments)
        if not rested_from_history(
            problem, problem.staff_by_id[a.staff], problem.shift_by_id[a.shift]
        )
    ]


def _count_limit(
    problem: Problem,
    assignments: Sequence[Assignment],
    rule: str,
    bucket: Callable[[Shift], object],
    limit: Callable[[StaffMember], int | None],
) -> list[Violation]:
    found = []
    for person, own in sorted(_by_person(problem, assignments).items()):
        cap = limit(problem.staff_by_id[person])
        counts: dict[object, int] = defaultdict(int)
        for shift in own:
            counts[bucket(shift)] += 1
            if cap is not None and counts[bucket(shift)] == cap + 1:
                found.append(
                    Violation(rule, shift.id, person, f"more than {cap} in {bucket(shift)}")
                )
    return found


def check_max_per_day(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people with more shifts starting on one local date than the daily maximum."""
    cap = problem.rules.max_shifts_per_day
    return _count_limit(
        problem, assignments, "max_per_day", lambda h: problem.local_date(h.start), lambda _: cap
    )


def check_max_per_week(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people with more shifts starting in one local ISO week than their weekly maximum."""
    return _count_limit(
        problem,
        assignments,
        "max_per_week",
        lambda h: problem.iso_week(h.start),
        lambda s: s.max_shifts_per_week,
    )


def check_max_staff(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find shifts holding more people than their maximum staff."""
    counts: dict[str, int] = defaultdict(int)
    for a in _known(problem, assignments):
        counts[a.shift] += 1
    return [
        Violation("max_staff", h.id, None, f"{counts[h.id]} people, maximum {h.max_staff}")
        for h in problem.shifts
        if counts[h.id] > h.max_staff
    ]


def _per_person(
    problem: Problem, assignments: Sequence[Assignment], rule: workdays.PersonRule
) -> list[Violation]:
    own = _by_person(problem, assignments)
    return [v for person in problem.staff for v in rule(problem, person, own.get(person.id, []))]


def check_max_consecutive_days(
    problem: Problem, assignments: Sequence[Assignment]
) -> list[Violation]:
    """Find people working more local days in a row than their maximum (history counted)."""
    return _per_person(problem, assignments, workdays.max_consecutive_days)


def check_min_consecutive_days(
    problem: Problem, assignments: Sequence[Assignment]
) -> list[Violation]:
    """Find runs of worked days inside the horizon shorter than the person's minimum."""
    return _per_person(problem, assignments, workdays.min_consecutive_days)


def check_min_consecutive_days_off(
    problem: Problem, assignments: Sequence[Assignment]
) -> list[Violation]:
    """Find people back at work after fewer days off in a row than their minimum."""
    return _per_person(problem, assignments, workdays.min_consecutive_days_off)


def check_min_days_off_per_week(
    problem: Problem, assignments: Sequence[Assignment]
) -> list[Violation]:
    """Find people working more days of a local ISO week than 7 minus their days off."""
    return _per_person(problem, assignments, workdays.min_days_off_per_week)


def check_max_weekends(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people working more weekends (a shift on Saturday or Sunday) than their maximum."""
    return _per_person(problem, assignments, workdays.max_weekends)


def check_min_minutes(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people whose shift minutes over the horizon stay below their minimum."""
    return _per_person(problem, assignments, workdays.min_minutes)


def check_max_minutes(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    """Find people whose shift minutes over the horizon pass their maximum."""
    return _per_person(problem, assignments, workdays.max_minutes)


def check_max_shifts_by_kind(
    problem: Problem, assignments: Sequence[Assignment]
) -> list[Violation]:
    """Find people holding more shifts of one kind (e.g. nights) than their maximum for it."""
    return _per_person(problem, assignments, workdays.max_shifts_by_kind)


def check_forbidden_successions(
    problem: Problem, assignments: Sequence[Assignment]
) -> list[Violation]:
    """Find a shift starting the day after one of a kind it may not follow (night -> morning)."""
    return _per_person(problem, assignments, workdays.forbidden_successions)


RULES: tuple[Rule, ...] = tuple(
    Rule(name, RULE_LABELS[name], checker)
    for name, checker in (
        ("integrity", check_integrity),
        ("qualified", check_qualified),
        ("available", check_available),
        ("no_overlap", check_no_overlap),
        ("max_per_day", check_max_per_day),
        ("max_per_week", check_max_per_week),
        ("min_rest", check_min_rest),
        ("max_staff", check_max_staff),
        ("max_consecutive_days", check_max_consecutive_days),
        ("min_consecutive_days", check_min_consecutive_days),
        ("min_consecutive_days_off", check_min_consecutive_days_off),
        ("min_days_off_per_week", check_min_days_off_per_week),
        ("max_weekends", check_max_weekends),
        ("min_minutes", check_min_minutes),
        ("max_minutes", check_max_minutes),
        ("max_shifts_by_kind", check_max_shifts_by_kind),
        ("forbidden_successions", check_forbidden_successions),
    )
)


def check(
    problem: Problem, assignments: Sequence[Assignment], *, partial: bool = False
) -> list[Violation]:
    """Return every hard-rule violation (empty: valid); `partial` skips whole-roster rules."""
    skip = workdays.WHOLE_ROSTER_RULES if partial else frozenset()
    return [v for rule in RULES if rule.name not in skip for v in rule.check(problem, assignments)]


def shift_shortfall(shift: Shift, people: Sequence[StaffMember]) -> int:
    """Return max(0, min_staff - n, max over composition items of (min - n_r)) for the shift."""
    deficits = [0, shift.min_staff - len(people)]
    for item in shift.composition:
        holders = sum(1 for p in people if not p.roles.isdisjoint(item.roles))
        deficits.append(item.min - holders)
    return max(deficits)


def shortfall(problem: Problem, assignments: Sequence[Assignment]) -> dict[str, int]:
    """Return the shortfall of every shift (0 when fully staffed), by shift id."""
    people: dict[str, list[StaffMember]] = defaultdict(list)
    for a in _known(problem, assignments):
        people[a.shift].append(problem.staff_by_id[a.staff])
    return {h.id: shift_shortfall(h, people[h.id]) for h in problem.shifts}


def loads(problem: Problem, assignments: Sequence[Assignment]) -> dict[str, int]:
    """Return the number of shifts each person holds (0 for people without any), by staff id."""
    counts = {s.id: 0 for s in problem.staff}
    for a in _known(problem, assignments):
        counts[a.staff] += 1
    return counts
