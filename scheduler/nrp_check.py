"""The benchmark's own hard constraints and objective, read straight off an `NrpInstance`.

Independent of the roster model and of the solver: it takes (staff, day, shift) triples and
checks them against the instance as the benchmark defines it, so a bug in the mapping onto
`scheduler.model` or in an encoding shows up here. Runs of work touching either end of the
horizon are not judged by MinConsecutiveShifts, nor runs of days off by MinConsecutiveDaysOff
(the benchmark assumes work and rest go on beyond both ends).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from scheduler.nrp_format import NrpInstance, NrpStaff

Triple = tuple[str, int, str]  # (staff, day, shift type)


def _runs(worked: list[bool], value: bool) -> list[tuple[int, int]]:
    """Return (first day, length) of each maximal run of days equal to `value`."""
    runs, start = [], None
    for day, state in enumerate([*worked, not value]):
        if state == value and start is None:
            start = day
        elif state != value and start is not None:
            runs.append((start, day - start))
            start = None
    return runs


def _person(inst: NrpInstance, person: NrpStaff, days: dict[int, str]) -> list[str]:
    found = []
    name, horizon = person.id, inst.horizon
    for kind, count in Counter(days.values()).items():
        if count > person.max_shifts.get(kind, horizon):
            found.append(f"{name}: {count} shifts {kind}, MaxShifts {person.max_shifts[kind]}")
    minutes = sum(inst.shifts[s].minutes for s in days.values())
    if not person.min_minutes <= minutes <= person.max_minutes:
        found.append(f"{name}: {minutes} minutes outside {person.min_minutes}-{person.max_minutes}")
    for day in sorted(days.keys() & inst.days_off.get(name, set())):
        found.append(f"{name}: works day {day}, a day off")
    for day, shift in days.items():
        if days.get(day + 1) in inst.shifts[shift].cannot_follow:
            found.append(f"{name}: {days[day + 1]} on day {day + 1} follows {shift}")
    worked = [d in days for d in range(horizon)]
    for start, length in _runs(worked, True):
        touches_edge = start == 0 or start + length == horizon
        if length > person.max_consecutive:
            found.append(f"{name}: {length} shifts running from day {start}")
        if length < person.min_consecutive and not touches_edge:
            found.append(f"{name}: only {length} shifts running from day {start}")
    for start, length in _runs(worked, False):
        inside = start > 0 and start + length < horizon
        if inside and length < person.min_days_off:
            found.append(f"{name}: only {length} days off from day {start}")
    weekends = {d // 7 for d in days if d % 7 in (5, 6)}
    if len(weekends) > person.max_weekends:
        found.append(f"{name}: {len(weekends)} weekends, MaxWeekends {person.max_weekends}")
    return found


def violations(inst: NrpInstance, roster: Iterable[Triple]) -> list[str]:
    """Return every broken hard constraint of the instance (empty: the roster is feasible)."""
    found: list[str] = []
    by_person: dict[str, dict[int, str]] = defaultdict(dict)
    for staff, day, shift in roster:
        if staff not in inst.staff or shift not in inst.shifts or not 0 <= day < inst.horizon:
            found.append(f"unknown staff, shift or day: {staff}, {day}, {shift}")
        elif day in by_person[staff]:
            found.append(f"{staff}: two shifts on day {day}")
        else:
            by_person[staff][day] = shift
    for person in inst.staff.values():
        found += _person(inst, person, by_person[person.id])
    return found


def objective(inst: NrpInstance, roster: Iterable[Triple]) -> int:
    """Return the benchmark objective: request penalties plus under- and over-cover weights."""
    held = {(staff, day): shift for staff, day, shift in roster}
    total = sum(r.weight for r in inst.on_requests if held.get((r.staff, r.day)) != r.shift)
    total += sum(r.weight for r in inst.off_requests if held.get((r.staff, r.day)) == r.shift)
    counts = Counter((day, shift) for (_, day), shift in held.items())
    for c in inst.cover:
        have = counts[(c.day, c.shift)]
        total += c.under * max(0, c.requirement - have) + c.over * max(0, have - c.requirement)
    return total
