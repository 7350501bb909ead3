"""CP-SAT encodings of the per-person rules over days, minutes and kinds (`scheduler.workdays`).

A worked day is a 0/1 term per person and local date (`Encoding.holds_any` over the day's
candidate shifts); runs, gaps, weeks and weekends are linear constraints on those terms, with the
history's run of days before the horizon as a constant.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from scheduler.encoding import Encoding
from scheduler.model import History, Shift, StaffMember
from scheduler.workdays import weekend_of


def _day_shifts(enc: Encoding, staff: str) -> dict[date, list[Shift]]:
    key = ("days", staff)
    if key not in enc.memo:
        days: dict[date, list[Shift]] = defaultdict(list)
        for h in enc.by_person[staff]:
            days[enc.problem.start_date[h.id]].append(h)
        enc.memo[key] = days
    found: dict[date, list[Shift]] = enc.memo[key]
    return found


def worked(enc: Encoding, staff: str) -> list[Any]:
    """Return the person's 0/1 "works that day" term for every day of the horizon, in order."""
    days = _day_shifts(enc, staff)
    if enc.problem.rules.max_shifts_per_day == 1:  # the day's sum is 0/1: exact, and a tighter LP
        return [enc.person_sum(staff, days.get(day, [])) for day in enc.problem.days]
    return [
        enc.holds_any(staff, days.get(day, []), f"day[{staff},{day}]") for day in enc.problem.days
    ]


def _add(enc: Encoding, expr: Any, bound: int) -> None:
    """Add expr <= bound, skipping the ones that hold whatever the roster (constant terms)."""
    if isinstance(expr, int):
        if expr > bound:
            enc.model.add_bool_or([])  # a broken constant: no roster can meet it
        return
    enc.model.add(expr <= bound)


def _people(enc: Encoding, rule: str) -> list[tuple[StaffMember, int, int]]:
    """Return (person, their number for `rule`, their run of days before) for people it binds."""
    p = enc.problem
    return [
        (person, getattr(person, rule), p.history.get(person.id, History()).consecutive_days)
        for person in p.staff
        if getattr(person, rule) is not None and enc.by_person.get(person.id)
    ]


def add_max_consecutive_days(enc: Encoding) -> None:
    """Max consecutive days: every window of cap + 1 days holds a day off (history counted)."""
    for person, cap, before in _people(enc, "max_consecutive_days"):
        w = worked(enc, person.id)
        for i in range(len(w) - cap):
            _add(enc, sum(w[i : i + cap + 1]), cap)
        head = max(cap - before, 0)
        if before and head + 1 <= len(w):
            _add(enc, sum(w[: head + 1]), head)


def add_min_consecutive_days(enc: Encoding) -> None:
    """Min consecutive days: no off-work-off run shorter than the minimum inside the horizon."""
    for person, need, before in _people(enc, "min_consecutive_days"):
        w = worked(enc, person.id)
        for length in range(1, need):
            for i in range(1, len(w) - length):
                run = sum(w[i : i + length])
                _add(enc, run - w[i - 1] - w[i + length], length - 1)
            if before and before + length < need and length < len(w):
                _add(enc, sum(w[:length]) - w[length], length - 1)


def add_min_consecutive_days_off(enc: Encoding) -> None:
    """Min consecutive days off: no work-off-work gap shorter than the minimum."""
    for person, need, before in _people(enc, "min_consecutive_days_off"):
        w = worked(enc, person.id)
        for gap in range(1, need):
            for i in range(1, len(w) - gap):
                _add(enc, w[i - 1] + w[i + gap] - sum(w[i : i + gap]), 1)
            if before and gap < len(w):
                _add(enc, w[gap] - sum(w[:gap]), 0)


def add_min_days_off_per_week(enc: Encoding) -> None:
    """Min days off per week: per local ISO week, at most 7 - need worked days."""
    for person, need, _ in _people(enc, "min_days_off_per_week"):
        weeks: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for day, term in zip(enc.problem.days, worked(enc, person.id), strict=True):
            weeks[day.isocalendar()[:2]].append(term)
        for terms in weeks.values():
            if len(terms) > 7 - need:
                _add(enc, sum(terms), 7 - need)


def add_max_weekends(enc: Encoding) -> None:
    """Max weekends: at most cap weekends with a shift starting on Saturday or Sunday."""
    for person, cap, _ in _people(enc, "max_weekends"):
        days = _day_shifts(enc, person.id)
        weekends: dict[tuple[int, int], list[Shift]] = defaultdict(list)
        for day, shifts in days.items():
            key = weekend_of(day)
            if key is not None:
                weekends[key].extend(shifts)
        if len(weekends) > cap:
            terms = [
                enc.holds_any(person.id, shifts, f"weekend[{person.id},{key}]")
                for key, shifts in sorted(weekends.items())
            ]
            _add(enc, sum(terms), cap)
            if enc.problem.rules.max_shifts_per_day == 1:
                # Redundant: weekend days worked <= 2 x cap, on the shift literals themselves.
                # Presolve turns "works that weekend" into implications the default LP leaves
                # out; this row keeps the weekend allowance in the LP relaxation (instance 6
                # of the benchmark: under-cover bound 200 -> 1,800 within a second).
                own = [h for shifts in weekends.values() for h in shifts]
                _add(enc, enc.person_sum(person.id, own), 2 * cap)


def add_min_minutes(enc: Encoding) -> None:
    """Min minutes: the person's shift minutes over the horizon reach their minimum."""
    for person in enc.problem.staff:  # also people with no candidate shift: then no roster can
        if person.min_minutes:
            own = enc.by_person.get(person.id, [])
            _add(enc, -sum(h.minutes * enc.x[(person.id, h.id)] for h in own), -person.min_minutes)


def add_max_minutes(enc: Encoding) -> None:
    """Max minutes: the person's shift minutes over the horizon stay within their maximum."""
    for person, cap, _ in _people(enc, "max_minutes"):
        shifts = enc.by_person[person.id]
        if sum(h.minutes for h in shifts) > cap:
            _add(enc, sum(h.minutes * enc.x[(person.id, h.id)] for h in shifts), cap)


def add_max_shifts_by_kind(enc: Encoding) -> None:
    """Max shifts by kind: per person and kind, at most their maximum of that kind."""
    for person in enc.problem.staff:
        for kind, cap in person.max_shifts_by_kind:
            shifts = [h for h in enc.by_person.get(person.id, []) if h.kind == kind]
            if len(shifts) > cap:
                _add(enc, enc.person_sum(person.id, shifts), cap)


def add_forbidden_successions(enc: Encoding) -> None:
    """Forbidden successions: no kind-b shift the day after a kind-a one (history's last too)."""
    p = enc.problem
    follow: dict[str, set[str]] = defaultdict(set)
    for a, b in p.rules.forbidden_successions:
        follow[a].add(b)
    if not follow:
        return
    for person in p.staff:
        days = _day_shifts(enc, person.id)
        past = p.history.get(person.id, History())
        for i, day in enumerate(p.days):
            after = days.get(day, [])
            if i == 0 and past.last_shift_kind in follow and past.last_shift_end is not None:
                barred = [h for h in after if h.kind in follow[past.last_shift_kind]]
                _add(enc, enc.person_sum(person.id, barred), 0)
            before = days.get(p.days[i - 1], []) if i else []
            for a, bs in follow.items():
                _forbid(
                    enc,
                    person.id,
                    [h for h in before if h.kind == a],
                    [h for h in after if h.kind in bs],
                )


def _forbid(enc: Encoding, staff: str, first: list[Shift], then: list[Shift]) -> None:
    if not first or not then:
        return
    if enc.problem.rules.max_shifts_per_day == 1:  # each side holds at most one: one row does
        _add(enc, enc.person_sum(staff, first) + enc.person_sum(staff, then), 1)
        return
    for a in first:
        for b in then:
            _add(enc, enc.assigned(staff, a.id) + enc.assigned(staff, b.id), 1)
