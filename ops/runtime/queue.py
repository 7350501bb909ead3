"""Talk to the Celery workers by task name (ops never imports `workers`).

The Celery configuration lives here so that the API and CLI (which send) and the workers (which
receive) share one definition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from celery import Celery

    from ops.runtime.settings import Settings

# Redelivery: a task taken by a worker that dies comes back after the visibility timeout
# (settings.broker_visibility_timeout_s). kombu throttles the restore sweep (~100 s by default);
# these options make it happen on time.
TRANSPORT_OPTIONS = {
    "unacked_restore_throttle": 1,
    "unacked_restore_interval": 1,
    "socket_connect_timeout": 2,  # the API answers 503 quickly when Redis is down
    "socket_timeout": 10,
}
# Publishing gives up quickly: the phone keeps the item and resends, which is safe (ids are UUIDs).
PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.25,
    "interval_max": 0.5,
}

ROSTER_GENERATE = "fieldops.roster.generate"
ROSTER_SOLVE = "fieldops.roster.solve"
INTAKE_CHECKINS = "fieldops.intake.checkins"
INTAKE_TRACKS = "fieldops.intake.tracks"
INTAKE_HAZARDS = "fieldops.intake.hazards"
INTAKE_VISITS = "fieldops.intake.visits"
INTAKE_DISPUTES = "fieldops.intake.disputes"
INTAKE_PETITIONS = "fieldops.intake.petitions"
INTAKE_EVENTS = "fieldops.intake.events"
SWEEP_NO_SHOWS = "fieldops.sweep.no_shows"
COVERAGE_REFRESH = "fieldops.coverage.refresh_patrol"
COVERAGE_REFRESH_RECENT = "fieldops.coverage.refresh_recent"
ROSTER_TOMORROW = "fieldops.roster.tomorrow"
REPORT_WEEKLY = "fieldops.report.weekly"
REPORT_WEEKLY_BUILD = "fieldops.report.weekly_build"  # one past week, from the console
NOOP_BATCH = "fieldops.bench.noop_batch"  # the ceiling benchmarks/intake.py measures against


def make_client(
    settings: Settings, *, include: list[str] | None = None, results: bool = True
) -> Celery:
    """Create a Celery app for these settings (a pure client unless `include` names task modules).

    `results=False` gives a fire-and-forget sender (the API): it never subscribes to results, so a
    Redis restart cannot leave it stuck on a dead result connection.
    """
    from celery import Celery

    from ops.runtime.broker import celery_broker_url

    broker = celery_broker_url(settings)
    transport = TRANSPORT_OPTIONS | {"visibility_timeout": settings.broker_visibility_timeout_s}
    app = Celery(
        "fieldops", broker=broker, backend=broker if results else None, include=include or []
    )
    app.conf.update(
        task_acks_late=True,  # ack after the task ran: a crash means redelivery, not loss
        task_reject_on_worker_lost=True,  # a SIGKILLed child requeues its task instead of failing it
        worker_prefetch_multiplier=1,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=2,
        task_publish_retry_policy=PUBLISH_RETRY_POLICY,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=24 * 3600,
        timezone=settings.timezone,
        enable_utc=True,
        worker_hijack_root_logger=False,
        task_default_queue=settings.queue,  # the worker consumes exactly this queue
    )
    app.conf.fieldops_settings = settings
    return app


def send(client: Celery, name: str, *args: Any, task_id: str | None = None, **kwargs: Any) -> Any:
    """Send task `name` and return its AsyncResult; BrokerUnavailableError if Redis is unreachable."""
    from kombu.exceptions import OperationalError
    from redis.exceptions import RedisError

    from ops.runtime.broker import BrokerUnavailableError

    try:
        return client.send_task(name, args=args, kwargs=kwargs, task_id=task_id)
    except (OperationalError, RedisError, OSError) as exc:
        raise BrokerUnavailableError(f"broker unavailable / 消息队列不可用: {exc}") from exc
