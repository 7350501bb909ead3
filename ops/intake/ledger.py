"""The intake ledger: every accepted batch is written down in Redis before it is enqueued, and
crossed out by the worker once it is stored.

kombu's Redis transport moves a message from the queue to its unacked set in two steps; a worker
killed between them loses that message. The ledger closes the gap: a batch still written down
long after it was sent (twice the visibility timeout) is sent again. Storage ignores ids it
already has, so sending again is always safe.
"""

from __future__ import annotations

import functools
import json
import logging
import time
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from celery import Celery

    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)


def _key(settings: Settings) -> str:
    return f"fieldops:ledger:{settings.queue}"


def _redis(settings: Settings) -> Any:
    from ops.runtime.broker import redis_client_url

    return _client_for(redis_client_url(settings))


@functools.cache
def _client_for(url: str) -> Any:
    """One thread-safe client (and connection pool) per Redis URL for the whole process."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def send_batch(client: Celery, settings: Settings, task: str, items: list[dict[str, Any]]) -> str:
    """Write the batch down, then enqueue it; BrokerUnavailableError (nothing kept) if Redis is down."""
    from redis.exceptions import RedisError

    from ops.runtime.broker import BrokerUnavailableError
    from ops.runtime.queue import send

    task_id = str(uuid.uuid4())
    ledger = _redis(settings)
    try:
        ledger.hset(
            _key(settings), task_id, json.dumps({"task": task, "items": items, "sent": time.time()})
        )
    except (RedisError, OSError) as exc:
        raise BrokerUnavailableError(f"broker unavailable / 消息队列不可用: {exc}") from exc
    try:
        send(client, task, items, task_id=task_id)
    except BrokerUnavailableError:
        ledger.hdel(_key(settings), task_id)  # best effort: Redis is down, so this may fail too
        raise
    return task_id


def cross_out(settings: Settings, task_id: str) -> None:
    """The batch is stored: take it off the ledger."""
    _redis(settings).hdel(_key(settings), task_id)


def resend_stale(
    client: Celery, settings: Settings, *, older_than_s: float, now: float | None = None
) -> int:
    """Send again every batch written down more than `older_than_s` ago; return how many."""
    from ops.runtime.queue import send

    ledger = _redis(settings)
    now = now or time.time()
    count = 0
    for task_id, raw in ledger.hscan_iter(_key(settings)):
        entry = json.loads(raw)
        if now - entry["sent"] < older_than_s:
            continue
        entry["sent"] = now
        ledger.hset(_key(settings), task_id, json.dumps(entry))
        send(client, entry["task"], entry["items"], task_id=task_id.decode())
        count += 1
    if count:
        log.warning("resent %s batch(es) still on the intake ledger", count)
    return count
