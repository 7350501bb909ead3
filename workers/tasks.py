"""Celery tasks: thin, idempotent, explicitly named. They parse, delegate to ops, and report."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from celery import shared_task

from ops.queue import ROSTER_GENERATE, ROSTER_SOLVE
from workers import context

log = logging.getLogger(__name__)


@shared_task(name=ROSTER_GENERATE)
def generate_roster(
    township: str, start: str, days: int, time_limit: float | None = None
) -> dict[str, Any]:
    """Generate and store a township's roster; return its summary."""
    from ops.db import session_scope
    from ops.services.rosters import generate_roster as generate

    with session_scope(context.engine()) as session:
        roster, result = generate(
            session=session, township_name=township, start=date.fromisoformat(start), days=days,
            settings=context.settings(), time_limit=time_limit,
        )  # fmt: skip
    log.info("roster %s v%s: shortfall %s", township, roster.version, result.shortfall)
    return {
        "township": township, "version": roster.version, "status": result.status,
        "shortfall": result.shortfall, "max_load": result.max_load,
        "assignments": len(result.assignments), "solve_seconds": result.solve_seconds,
    }  # fmt: skip


@shared_task(name=ROSTER_SOLVE)
def solve_problem(problem: dict[str, Any], time_limit: float | None = None) -> dict[str, Any]:
    """Solve a roster problem in the file format; return the roster file contents."""
    from ops.services.roster_files import solve_problem_data

    return solve_problem_data(problem, time_limit=time_limit)
