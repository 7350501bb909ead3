"""Small problem files for scheduler tests: everything defaults, override what the test is about."""

from __future__ import annotations

from typing import Any

from scheduler.model import Problem
from scheduler.problem_file import load_problem

DAY = "2026-11-30"  # a Monday


def person(ident: str, roles: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """Return a staff record holding `roles` (default: traffic)."""
    return {"id": ident, "name": ident, "roles": roles or ["traffic"]} | extra


def shift(
    ident: str, start: str = "08:00", end: str = "12:00", day: str = DAY, **extra: Any
) -> dict[str, Any]:
    """Return a shift record at post x1 on `day` from `start` to `end` (+08:00)."""
    return {
        "id": ident,
        "post": "x1",
        "start": f"{day}T{start}:00+08:00",
        "end": f"{day}T{end}:00+08:00",
    } | extra


def problem_dict(
    staff: list[dict[str, Any]], shifts: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """Return a problem file with posts x1, x2 and v1."""
    return {
        "timezone": "Asia/Shanghai",
        "staff": staff,
        "posts": [
            {
                "id": "x1",
                "name": "安置点东路口",
                "kind": "intersection",
                "location": [91.68, 32.26],
            },
            {"id": "x2", "name": "西路口", "kind": "intersection"},
            {"id": "v1", "name": "一村", "kind": "village", "location": [91.60, 32.30]},
        ],
        "shifts": shifts,
    } | extra


def problem(staff: list[dict[str, Any]], shifts: list[dict[str, Any]], **extra: Any) -> Problem:
    """Return the loaded problem of `problem_dict`."""
    return load_problem(problem_dict(staff, shifts, **extra))
