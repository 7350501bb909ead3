"""The per-person rules over days, minutes and kinds of shift: one pure function per rule.

A day is "worked" when a shift of the person starts on it (local date). The horizon is every local
date from the problem's first shift start date to its last (`Problem.days`). `History` carries the
days worked in a row up to the day before the horizon, so a new week sees last week's run. Runs
that touch the edge of the horizon are not judged by the "at least" rules (the days beyond it are
unknown), except a run of work continuing the history's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from scheduler.model import History, Problem, Shift, StaffMember, Violation

PersonRule = Callable[[Problem, StaffMember, Sequence[Shift]], list[Violation]]


def by_day(problem: Problem, shifts: Sequence[Shift]) -> dict[date, list[Shift]]:
    """Return the shifts grouped by local start date, each list in start order."""
    days: dict[date, list[Shift]] = defaultdict(list)
    for h in sorted(shifts, key=lambda h: (h.start, h.id)):
        days[problem.start_date[h.id]].append(h)
    return days


def _history(problem: Problem, person: StaffMember) -> History:
    return problem.history.get(person.id, History())


def _v(rule: str, shift: Shift | None, person: StaffMember, detail: str) -> Violation:
    return Violation(rule, None if shift is None else shift.id, person.id, detail)


def max_consecutive_days(
    problem: Problem, person: StaffMember, shifts: Sequence[Shift]
) -> list[Violation]:
    """Find the day a person's run of worked days (history counted) passes their maximum."""
    cap = person.max_consecutive_days
    if cap is None:
        return []
    days, found = by_day(problem, shifts), []
    run = _history(problem, person).consecutive_days
    for day in problem.days:
        run = run + 1 if day in days else 0
        if run == cap + 1:
            found.append(_v("max_consecutive_days", days[day][0], person, f"{run} days running"))
    return found


def work_runs(problem: Problem, worked: set[date], before: int) -> list[tuple[int, int, int]]:
    """Return (first index, last index, length with history) of each run of worked days."""
    runs: list[tuple[int, int, int]] = []
    start: int | None = None
    for i, day in enumerate((*problem.days, None)):
        if day is not None and day in worked:
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i - 1, i - start + (before if start == 0 else 0)))
            start = None
    return runs


def min_consecutive_days(
    problem: Problem, person: StaffMember, shifts: Sequence[Shift]
) -> list[Violation]:
    """Find runs of worked days shorter than the person's minimum (runs at an open edge pass)."""
    need = person.min_consecutive_days
    if need is None:
        return []
    days, before = by_day(problem, shifts), _history(problem, person).consecutive_days
    last = len(problem.days) - 1
    return [
        _v("min_consecutive_days", days[problem.days[i]][0], person, f"{length} days running")
        for i, j, length in work_runs(problem, set(days), before)
        if length < need and j < last and (i > 0 or before > 0)
    ]


def min_consecutive_days_off(
    problem: Problem, person: StaffMember, shifts: Sequence[Shift]
) -> list[Violation]:
    """Find a return to work after fewer days off than the person's minimum."""
    need = person.min_consecutive_days_off
    if need is None:
        return []
    days, found = by_day(problem, shifts), []
    off: int | None = 0 if _history(problem, person).consecutive_days > 0 else None
    for day in problem.days:
        if day not in days:
            off = None if off is None else off + 1
            continue
        if off is not None and 0 < off < need:
            found.append(_v("min_consecutive_days_off", days[day][0], person, f"{off} days off"))
        off = 0
    return found


def min_days_off_per_week(
    problem: Problem, person: StaffMember, shifts: Sequence[Shift]
) -> list[Violation]:
    """Find local ISO weeks in which the person works more than 7 minus their days off."""
    need = person.min_days_off_per_week
    if need is None:
        return []
    worked: Counter[tuple[int, int]] = Counter()
    found = []
    for day, own in sorted(by_day(problem, shifts).items()):
        week = day.isocalendar()[:2]
        worked[week] += 1
        if worked[week] == 7 - need + 1:
            found.append(_v("min_days_off_per_week", own[0], person, f"{need} days off owed"))
    return found


def weekend_of(day: date) -> tuple[int, int] | None:
    """Return the ISO (year, week) of a Saturday or Sunday, None for a weekday."""
    return day.isocalendar()[:2] if day.isoweekday() >= 6 else None


def max_weekends(problem: Problem, person: StaffMember, shifts: Sequence[Shift]) -> list[Violation]:
    """Find the weekend a person's weekends with a shift on Saturday or Sunday pass the maximum."""
    cap = person.max_weekends
    if cap is None:
        return []
    seen: set[tuple[int, int]] = set()
    found = []
    for day, own in sorted(by_day(problem, shifts).items()):
        weekend = weekend_of(day)
        if weekend is not None and weekend not in seen:
            seen.add(weekend)
            if len(seen) == cap + 1:
                found.append(_v("max_weekends", own[0], person, f"{len(seen)} weekends"))
    return found


def max_minutes(problem: Problem, person: StaffMember, shifts: Sequence[Shift]) -> list[Violation]:
    """Find the shift at which the person's total minutes pass their maximum."""
    cap, total = person.max_minutes, 0
    if cap is None:
        return []
    for h in sorted(shifts, key=lambda h: (h.start, h.id)):
        total += h.minutes
        if total > cap:
            return [_v("max_minutes", h, person, f"{total} minutes, maximum {cap}")]
    return []


def min_minutes(problem: Problem, person: StaffMember, shifts: Sequence[Shift]) -> list[Violation]:
    """Find people whose total minutes over the horizon stay below their minimum."""
    total = sum(h.minutes for h in shifts)
    if person.min_minutes is None or total >= person.min_minutes:
        return []
    return [_v("min_minutes", None, person, f"{total} minutes, minimum {person.min_minutes}")]


def max_shifts_by_kind(
    problem: Problem, person: StaffMember, shifts: Sequence[Shift]
) -> list[Violation]:
    """Find the shift at which the person's count of one kind passes their maximum for it."""
    caps, counts, found = dict(person.max_shifts_by_kind), Counter[str](), []
    for h in sorted(shifts, key=lambda h: (h.start, h.id)):
        if h.kind is not None and h.kind in caps:
            counts[h.kind] += 1
            if counts[h.kind] == caps[h.kind] + 1:
                found.append(_v("max_shifts_by_kind", h, person, f"more than {caps[h.kind]}"))
    return found


def kinds_before(
    problem: Problem,
    person: StaffMember,
    shifts: Sequence[Shift],
    day: date,
    days: dict[date, list[Shift]] | None = None,
) -> set[str]:
    """Return the kinds of the person's shifts starting the local day before `day` (history too)."""
    days = by_day(problem, shifts) if days is None else days
    kinds = {h.kind for h in days.get(day - timedelta(days=1), []) if h.kind is not None}
    past = _history(problem, person)
    if problem.days and day == problem.days[0] and past.last_shift_kind and past.last_shift_end:
        kinds.add(past.last_shift_kind)
    return kinds


def forbidden_successions(
    problem: Problem, person: StaffMember, shifts: Sequence[Shift]
) -> list[Violation]:
    """Find shifts starting the day after a shift of a kind they may not follow."""
    pairs = set(problem.rules.forbidden_successions)
    if not pairs:
        return []
    found, days = [], by_day(problem, shifts)
    for h in sorted(shifts, key=lambda h: (h.start, h.id)):
        before = kinds_before(problem, person, shifts, problem.start_date[h.id], days)
        bad = sorted(a for a in before if (a, h.kind) in pairs)
        if bad:
            found.append(_v("forbidden_successions", h, person, f"follows {bad[0]}"))
    return found


PERSON_RULES: dict[str, PersonRule] = {
    "max_consecutive_days": max_consecutive_days,
    "min_consecutive_days": min_consecutive_days,
    "min_consecutive_days_off": min_consecutive_days_off,
    "min_days_off_per_week": min_days_off_per_week,
    "max_weekends": max_weekends,
    "min_minutes": min_minutes,
    "max_minutes": max_minutes,
    "max_shifts_by_kind": max_shifts_by_kind,
    "forbidden_successions": forbidden_successions,
}
# Rules a part of a valid roster may break (fewer days, a gap in a run): the locked assignments
# and a greedy roster built shift by shift are not judged by them.
WHOLE_ROSTER_RULES = frozenset({"min_consecutive_days", "min_consecutive_days_off", "min_minutes"})


def limit_of(problem: Problem, person: StaffMember, rule: str) -> int | None:
    """Return the person's number for `rule` (for reasons like "at the 6-days-running limit")."""
    value = getattr(person, rule, None)
    return value if isinstance(value, int) else None
