"""Write results and problems in their file forms (JSON-ready dicts)."""

from __future__ import annotations

from typing import Any

from scheduler.model import History, Interval, Problem, Shift, SolveResult, StaffMember
from scheduler.problem_file import PERSON_LIMITS


def roster_to_dict(result: SolveResult) -> dict[str, Any]:
    """Return the roster file form: status, assignments, unfilled with reasons, measures, loads."""
    return {
        "status": result.status,
        "assignments": [{"shift": a.shift, "staff": a.staff} for a in result.assignments],
        "unfilled": [
            {"shift": u.shift, "missing": u.missing, "reason": u.reason.as_dict()}
            for u in result.unfilled
        ],
        "shortfall": result.shortfall,
        "max_load": result.max_load,
        "penalties": dict(result.penalties),
        "solve_seconds": result.solve_seconds,
        "loads": dict(result.loads),
    }


def _interval(period: Interval) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def _staff(person: StaffMember) -> dict[str, Any]:
    out: dict[str, Any] = {"id": person.id, "name": person.name, "roles": sorted(person.roles)}
    if person.max_shifts_per_week is not None:
        out["max_shifts_per_week"] = person.max_shifts_per_week
    if person.unavailable:
        out["unavailable"] = [_interval(p) for p in person.unavailable]
    if person.home is not None:
        out["home"] = list(person.home)
    for key in ("prefer_posts", "avoid_posts"):
        if getattr(person, key):
            out[key] = sorted(getattr(person, key))
    for key in PERSON_LIMITS:
        if getattr(person, key) is not None:
            out[key] = getattr(person, key)
    if person.max_shifts_by_kind:
        out["max_shifts_by_kind"] = dict(person.max_shifts_by_kind)
    if person.requests:
        out["requests"] = [
            {"date": r.day.isoformat(), "on": r.on, "weight": r.weight}
            | ({"shift_kind": r.shift_kind} if r.shift_kind is not None else {})
            for r in person.requests
        ]
    return out


def _history(past: History) -> dict[str, Any]:
    out: dict[str, Any] = {"shifts": past.shifts, "weekend_shifts": past.weekend_shifts}
    if past.consecutive_days:
        out["consecutive_days"] = past.consecutive_days
    if past.last_shift_end is not None:
        out["last_shift_end"] = past.last_shift_end.isoformat()
    if past.last_shift_kind is not None:
        out["last_shift_kind"] = past.last_shift_kind
    return out


def _shift(shift: Shift) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": shift.id,
        "post": shift.post,
        "start": shift.start.isoformat(),
        "end": shift.end.isoformat(),
        "min_staff": shift.min_staff,
        "max_staff": shift.max_staff,
    }
    if shift.roles_any is not None:
        out["roles_any"] = sorted(shift.roles_any)
    if shift.kind is not None:
        out["kind"] = shift.kind
    if shift.composition:
        out["composition"] = [
            {"roles": sorted(item.roles), "min": item.min} for item in shift.composition
        ]
    return out


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """Return the problem file form of `problem` (`load_problem` reads it back equal)."""
    travel: dict[str, dict[str, float]] = {}
    for (staff, post), km in sorted(problem.travel_km.items()):
        travel.setdefault(staff, {})[post] = km
    out: dict[str, Any] = {
        "timezone": problem.timezone,
        "rules": {
            "min_rest_hours": problem.rules.min_rest_hours,
            "max_shifts_per_day": problem.rules.max_shifts_per_day,
            "forbidden_successions": [list(p) for p in problem.rules.forbidden_successions],
        },
        "staff": [_staff(s) for s in problem.staff],
        "posts": [
            {"id": p.id, "name": p.name, "kind": p.kind}
            | ({"location": list(p.location)} if p.location is not None else {})
            for p in problem.posts
        ],
        "shifts": [_shift(h) for h in problem.shifts],
        "travel_km": travel,
        "history": {staff: _history(h) for staff, h in sorted(problem.history.items())},
    }
    if problem.locked:
        out["locked"] = [{"shift": a.shift, "staff": a.staff} for a in problem.locked]
    return out
