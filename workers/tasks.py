"""Celery tasks: thin, idempotent, explicitly named. They parse, delegate to ops, and report.

Intake tasks are acked late and safe to run twice (inserts ignore known ids). They retry with
backoff only on transient database errors; anything else sends the offending items to the
rejections table and stores the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from celery import shared_task
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from ops.runtime.queue import (
    COVERAGE_REFRESH,
    COVERAGE_REFRESH_RECENT,
    INTAKE_CHECKINS,
    INTAKE_HAZARDS,
    INTAKE_TRACKS,
    NOOP_BATCH,
    REPORT_WEEKLY,
    REPORT_WEEKLY_BUILD,
    ROSTER_GENERATE,
    ROSTER_SOLVE,
    ROSTER_TOMORROW,
    SWEEP_NO_SHOWS,
)
from workers import context

log = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, DisconnectionError)
RETRY = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 50,
}


def _store(
    kind: str, store: Callable[..., Any], items: list[dict[str, Any]], **extra: Any
) -> dict[str, int]:
    """Store a batch, then cross it off the intake ledger (ops.intake.ledger)."""
    from celery import current_task

    from ops.intake.ledger import cross_out

    counts = _store_batch(kind, store, items, **extra)
    if current_task and current_task.request.id:
        cross_out(context.settings(), current_task.request.id)
    return counts


def _store_batch(
    kind: str, store: Callable[..., Any], items: list[dict[str, Any]], **extra: Any
) -> dict[str, int]:
    """Store a batch; if it fails for a non-transient reason, store item by item and reject the bad ones."""
    from ops.intake.store import reject
    from ops.runtime.db import session_scope

    with session_scope(context.engine()) as session:
        try:
            return store(session=session, items=items, **extra).as_dict()  # type: ignore[no-any-return]
        except TRANSIENT:
            raise
        except Exception:  # a poison item must not sink its batch: retried one by one below
            log.exception("batch of %s %s failed; storing one by one", len(items), kind)
            session.rollback()
    counts = {"received": len(items), "rejected": 0}
    for item in items:
        with session_scope(context.engine()) as session:
            try:
                counts["rejected"] += store(session=session, items=[item], **extra).rejected
            except TRANSIENT:
                raise
            except Exception:
                # Details (SQL, parameters, traceback) go to the log; the office sees our words.
                log.exception("%s %s cannot be stored", kind, item.get("id"))
                session.rollback()
                reject(
                    session,
                    kind,
                    item,
                    "无法保存此条（详情见服务日志）/ this item cannot be stored (see the service log)",
                )
                session.commit()
                counts["rejected"] += 1
    return counts


@shared_task(name=INTAKE_CHECKINS, acks_late=True, ignore_result=True, **RETRY)
def store_checkins(items: list[dict[str, Any]]) -> dict[str, int]:
    """Classify and store a batch of check-ins."""
    from ops.intake.store import store_checkins as store

    return _store("checkin", store, items, settings=context.settings())


@shared_task(name=INTAKE_TRACKS, acks_late=True, ignore_result=True, **RETRY)
def store_tracks(items: list[dict[str, Any]]) -> dict[str, int]:
    """Store a batch of track chunks, then have each patrol they belong to recomputed."""
    from celery import current_app

    from ops.intake.store import store_tracks as store
    from ops.services.coverage import patrols_touched

    counts = _store("track", store, items)
    for staff_id, day in sorted(patrols_touched(items, context.settings())):
        current_app.send_task(COVERAGE_REFRESH, args=(staff_id, day))
    return counts


@shared_task(name=COVERAGE_REFRESH, acks_late=True, ignore_result=True, **RETRY)
def refresh_patrol(staff_id: str, day: str) -> int:
    """Recompute one patrol's cell effort from all its track chunks (idempotent)."""
    from ops.runtime.db import session_scope
    from ops.services.coverage import refresh_patrol as refresh

    with session_scope(context.engine()) as session:
        return refresh(
            session=session,
            staff_id=staff_id,
            day=date.fromisoformat(day),
            settings=context.settings(),
        )


@shared_task(name=INTAKE_HAZARDS, acks_late=True, ignore_result=True, **RETRY)
def store_hazards(items: list[dict[str, Any]]) -> dict[str, int]:
    """Store a batch of hazard reports."""
    from ops.intake.hazards import store_hazards as store

    return _store("hazard", store, items, settings=context.settings())


@shared_task(name=SWEEP_NO_SHOWS, **RETRY)
def sweep_no_shows(now: str | None = None) -> dict[str, int]:
    """Mark assignments nobody checked in for as missed."""
    from ops.runtime.db import session_scope
    from ops.services.attendance import sweep_no_shows as sweep

    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    with session_scope(context.engine()) as session:
        return sweep(session=session, now=moment, settings=context.settings())


@shared_task(name=ROSTER_GENERATE)
def generate_roster(
    township: str,
    start: str,
    days: int,
    time_limit: float | None = None,
    *,
    job_id: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """Generate and store a township's roster; return its summary (`job_id`: the console's job)."""
    from ops.runtime.db import session_scope
    from ops.services.roster_jobs import mark
    from ops.services.rosters import generate_roster as generate

    settings = context.settings()
    if job_id:
        mark(settings, job_id, "running")
    try:
        with session_scope(context.engine()) as session:
            roster, result = generate(
                session=session, township_name=township, start=date.fromisoformat(start), days=days,
                settings=settings, time_limit=time_limit, by=by,
            )  # fmt: skip
    except Exception as exc:
        if job_id:
            mark(settings, job_id, "failed", message=str(exc)[:500])
        raise
    if job_id:
        mark(settings, job_id, "done", version=str(roster.version), shortfall=str(result.shortfall))
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


@shared_task(name=NOOP_BATCH, acks_late=True)
def noop_batch(items: list[dict[str, Any]]) -> int:
    """Do nothing with a batch: the broker-and-worker ceiling the intake benchmark compares against."""
    return len(items)


def _periodic(run: Callable[..., Any], now: str | None) -> Any:
    from ops.runtime.db import session_scope

    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    with session_scope(context.engine()) as session:
        return run(session=session, settings=context.settings(), now=moment)


@shared_task(name=ROSTER_TOMORROW, **RETRY)
def roster_tomorrow(now: str | None = None) -> list[dict[str, Any]]:
    """Build tomorrow's roster for every township (the evening job)."""
    from ops.services.periodic import roster_for_tomorrow

    return _periodic(roster_for_tomorrow, now)  # type: ignore[no-any-return]


@shared_task(name=REPORT_WEEKLY, **RETRY)
def report_weekly(now: str | None = None) -> list[str]:
    """Write last week's summaries (the Monday-morning job)."""
    from ops.services.periodic import weekly_reports

    return _periodic(weekly_reports, now)  # type: ignore[no-any-return]


@shared_task(name=COVERAGE_REFRESH_RECENT, **RETRY)
def coverage_refresh_recent(now: str | None = None) -> int:
    """Recompute the last two days' patrols (a safety net for the per-chunk refresh)."""
    from ops.services.periodic import refresh_recent

    return _periodic(refresh_recent, now)  # type: ignore[no-any-return]


@shared_task(name=REPORT_WEEKLY_BUILD)
def build_weekly(township: str | None, monday: str, build_id: str) -> str:
    """Write one past week's summary (None: the county's) for the console, with progress."""
    from ops.runtime.db import session_scope
    from ops.services.weekly_builds import run_build

    with session_scope(context.engine()) as session:
        return run_build(
            session=session, settings=context.settings(), township=township,
            monday=date.fromisoformat(monday), build_id=build_id,
        )  # fmt: skip
