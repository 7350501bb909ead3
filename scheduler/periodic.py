"""The periodic job table and the APScheduler 3.x clock that fires it.

Jobs only enqueue Celery tasks by name: the clock does no work itself. `enqueue` is injected by
the process that starts the clock (ops), and so is the job store (the application database), so
this module stays free of database and broker imports.

Misfires and coalescing, chosen per job: after an outage every job runs once to catch up (never a
burst: `coalesce=True`), if it is still worth running (`misfire_grace_s`): tomorrow's roster up to
6 h late, the weekly summary up to a day, the no-show sweep and coverage refresh within one period.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_enqueue: Callable[[str, dict[str, Any]], None] | None = None


@dataclass(frozen=True)
class JobSpec:
    """One periodic job: what it enqueues, when, and how it treats missed times."""

    id: str
    task: str
    trigger: str  # "cron" | "interval"
    schedule: Mapping[str, Any]  # APScheduler trigger arguments
    misfire_grace_s: int
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    label_zh: str = ""


def job_table(
    *,
    roster_at: str = "18:00",
    sweep_minutes: int = 5,
    weekly_at: str = "mon 08:00",
    coverage_minutes: int = 60,
) -> tuple[JobSpec, ...]:
    """The jobs FieldOps runs, with their (configurable) times in the local timezone."""
    roster_hour, roster_minute = (int(part) for part in roster_at.split(":"))
    weekday, clock = weekly_at.split()
    weekly_hour, weekly_minute = (int(part) for part in clock.split(":"))
    return (
        JobSpec("roster_tomorrow", "fieldops.roster.tomorrow", "cron",
                {"hour": roster_hour, "minute": roster_minute}, 6 * 3600, label_zh="生成明日排班"),
        JobSpec("no_show_sweep", "fieldops.sweep.no_shows", "interval",
                {"minutes": sweep_minutes}, sweep_minutes * 60, label_zh="未到岗检查"),
        JobSpec("weekly_summary", "fieldops.report.weekly", "cron",
                {"day_of_week": weekday, "hour": weekly_hour, "minute": weekly_minute}, 24 * 3600,
                label_zh="上周周报"),
        JobSpec("coverage_refresh", "fieldops.coverage.refresh_recent", "interval",
                {"minutes": coverage_minutes}, coverage_minutes * 60, label_zh="刷新覆盖"),
    )  # fmt: skip


def run_job(task: str, kwargs: dict[str, Any] | None = None) -> None:
    """What every job calls: hand the task name to the injected enqueue function."""
    if _enqueue is None:
        raise RuntimeError("the periodic clock was started without an enqueue function")
    _enqueue(task, dict(kwargs or {}))


def build_clock(
    specs: tuple[JobSpec, ...],
    *,
    jobstore: Any,
    enqueue: Callable[[str, dict[str, Any]], None],
    timezone: str,
) -> Any:
    """A started but paused BackgroundScheduler with every job declared; call `.resume()` to run.

    A stored job whose definition is unchanged keeps its stored next run time, so the first
    resume after an outage runs each missed job once (coalesced); a changed job is replaced.
    """
    from apscheduler.schedulers.background import BackgroundScheduler

    global _enqueue  # noqa: PLW0603 (one clock per process; jobs are stored as "module:function")
    _enqueue = enqueue
    clock = BackgroundScheduler(
        jobstores={"default": jobstore},
        timezone=timezone,
        job_defaults={"coalesce": True, "max_instances": 1},
    )
    clock.start(paused=True)
    for spec in specs:
        _declare(clock, spec, timezone)
    return clock


def _declare(clock: Any, spec: JobSpec, timezone: str) -> None:
    """Add the job, or replace it if its stored definition differs; leave an identical one alone."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    trigger = (CronTrigger if spec.trigger == "cron" else IntervalTrigger)(
        timezone=timezone, **spec.schedule
    )
    kwargs = {"task": spec.task, "kwargs": dict(spec.kwargs)}
    stored = clock.get_job(spec.id)
    if (
        stored is not None
        and stored.func_ref == "scheduler.periodic:run_job"
        and stored.kwargs == kwargs
        and str(stored.trigger) == str(trigger)
        and stored.misfire_grace_time == spec.misfire_grace_s
    ):
        return
    clock.add_job(
        "scheduler.periodic:run_job",
        trigger,
        id=spec.id,
        name=spec.label_zh or spec.id,
        kwargs=kwargs,
        replace_existing=True,
        misfire_grace_time=spec.misfire_grace_s,
        coalesce=True,
    )
