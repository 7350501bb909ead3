"""County fan-out: one Celery task per township, run by whatever workers are up, gathered here."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.models import Township
from ops.runtime.queue import ROSTER_GENERATE, ROSTER_SOLVE

if TYPE_CHECKING:
    from celery import Celery


def township_names(*, session: Session) -> list[str]:
    """Every township in the database, by name."""
    return list(session.exec(select(Township.name).order_by(col(Township.name))).all())


def generate_county(
    client: Celery,
    townships: list[str],
    *,
    start: date,
    days: int,
    time_limit: float | None,
    timeout: float,
) -> list[dict[str, Any]]:
    """Generate every township's roster as one task each in a Celery group; return their summaries."""
    from celery import group

    jobs = group(
        client.signature(ROSTER_GENERATE, args=(name, start.isoformat(), days, time_limit))
        for name in townships
    )
    return list(jobs.apply_async().get(timeout=timeout, disable_sync_subtasks=False))


def solve_many(
    client: Celery, problems: list[dict[str, Any]], *, time_limit: float | None, timeout: float
) -> list[dict[str, Any]]:
    """Solve problem files as one task each in a Celery group; return the roster files in order."""
    from celery import group

    jobs = group(client.signature(ROSTER_SOLVE, args=(problem, time_limit)) for problem in problems)
    return list(jobs.apply_async().get(timeout=timeout, disable_sync_subtasks=False))
