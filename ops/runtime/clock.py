"""`fieldops scheduler`: the periodic clock, run by exactly one process at a time.

Every instance competes for a Redis lock (`lock_key`) with a TTL; the holder runs the APScheduler clock (job
store in the application database) and renews the lock every TTL/3. A standby keeps trying; when
the holder dies its lock expires and the standby takes over within one TTL. A holder that cannot
renew (Redis gone, or the lock taken over) stops its clock at once, so two clocks never fire.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)


def lock_key(settings: Settings) -> str:
    """The Redis key of the leader lock (one clock per queue, i.e. per deployment)."""
    return f"fieldops:scheduler:leader:{settings.queue}"


JOBS_TABLE = "apscheduler_jobs"


def jobs_from(settings: Settings) -> tuple[Any, ...]:
    """The job table with this deployment's times."""
    from scheduler.periodic import job_table

    return job_table(
        roster_at=settings.schedule_roster_at,
        sweep_minutes=settings.schedule_sweep_minutes,
        weekly_at=settings.schedule_weekly_at,
        coverage_minutes=settings.schedule_coverage_minutes,
    )


def make_clock(settings: Settings, enqueue: Any | None = None) -> Any:
    """The (paused) APScheduler clock, job store in the application database, enqueueing by task name."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    from ops.runtime.queue import make_client, send
    from scheduler.periodic import build_clock

    if enqueue is None:
        client = make_client(settings)

        def enqueue(task: str, kwargs: dict[str, Any]) -> None:
            send(client, task, **kwargs)
            log.info("enqueued %s", task)

    store = SQLAlchemyJobStore(url=settings.effective_database_url, tablename=JOBS_TABLE)
    return build_clock(
        jobs_from(settings), jobstore=store, enqueue=enqueue, timezone=settings.timezone
    )


def run_clock(settings: Settings, *, stop: threading.Event, ttl_s: float | None = None) -> None:
    """Stand by for the leader lock, run the clock while holding it, until `stop` is set."""
    import redis
    from redis.exceptions import LockError, RedisError

    from ops.runtime.broker import redis_client_url

    ttl = ttl_s or settings.scheduler_lock_ttl_s
    me = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(
        redis_client_url(settings), socket_timeout=5, socket_connect_timeout=5
    )
    lock = client.lock(lock_key(settings), timeout=ttl, thread_local=False)
    clock = None
    lost = threading.Event()
    while not stop.is_set():
        if clock is None:
            try:
                leader = lock.acquire(blocking=False, token=me)
            except (RedisError, OSError) as exc:
                log.warning("scheduler %s cannot reach Redis: %s", me, exc)
                leader = False
            if leader:
                log.warning("scheduler %s is now the leader", me)
                lost.clear()
                threading.Thread(
                    target=_heartbeat, args=(lock, ttl, stop, lost), daemon=True
                ).start()
                clock = make_clock(
                    settings
                )  # may take a while: the heartbeat keeps the lock meanwhile
                clock.resume()
        elif lost.is_set():
            log.warning("scheduler %s lost the leader lock; stopping its clock", me)
            clock.shutdown(wait=False)
            clock = None
        stop.wait(min(1.0, ttl / 3))
    if clock is not None:
        clock.shutdown(wait=True)
        with contextlib.suppress(LockError, RedisError):
            lock.release()
    log.warning("scheduler %s stopped", me)


def _heartbeat(lock: Any, ttl: float, stop: threading.Event, lost: threading.Event) -> None:
    """Renew the leader lock every TTL/3 until stopped; on any failure say so and end."""
    from redis.exceptions import LockError, RedisError

    while not stop.wait(ttl / 3):
        try:
            lock.reacquire()
        except (LockError, RedisError, OSError):
            lost.set()
            return
