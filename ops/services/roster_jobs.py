"""Generating a roster from the console: the `fieldops roster generate` Celery task, with progress.

    queued (the API sent the task) → running (a worker solves) → done (version) | failed (why)

Progress lives in Redis for a day under the job's id (the Celery task id), like weekly builds.
"""

from __future__ import annotations

import time
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from ops.errors import NotFoundError, bilingual

if TYPE_CHECKING:
    from celery import Celery

    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

PROGRESS_TTL_S = 86_400
STEPS = {"queued": 0, "running": 1, "done": 2, "failed": 2}


def _key(settings: Settings, job_id: str) -> str:
    return f"fieldops:rosterjob:{settings.queue}:{job_id}"


def mark(settings: Settings, job_id: str, state: str, **fields: str) -> None:
    """Record a job's state (and what goes with it) for a day."""
    from ops.services.weekly_builds import redis_for

    client = redis_for(settings)
    key = _key(settings, job_id)
    client.hset(key, mapping={"state": state, "updated": str(time.time()), **fields})
    client.expire(key, PROGRESS_TTL_S)


def start_generate(
    *, client: Celery, settings: Settings, township_id: int, township: str, start: date,
    days: int, by: str,
) -> str:  # fmt: skip
    """Note the job as queued and send the roster task; return the job's id."""
    from redis.exceptions import RedisError

    from ops.runtime.broker import BrokerUnavailableError
    from ops.runtime.queue import ROSTER_GENERATE, send

    job_id = str(uuid.uuid4())
    try:
        mark(settings, job_id, "queued", township_id=str(township_id), start=start.isoformat(),
             days=str(days), by=by)  # fmt: skip
    except (RedisError, OSError) as exc:
        raise BrokerUnavailableError(bilingual("消息队列不可用", "broker unavailable")) from exc
    send(client, ROSTER_GENERATE, township, start.isoformat(), days, None, task_id=job_id,
         job_id=job_id, by=by)  # fmt: skip
    return job_id


def read_job(*, settings: Settings, principal: Principal, job_id: str) -> dict[str, Any]:
    """Where a job stands: state, step of 2, the new version when done, why when failed; else 404."""
    from redis.exceptions import RedisError

    from ops.runtime.broker import BrokerUnavailableError
    from ops.services.weekly_builds import redis_for

    try:
        raw = redis_for(settings).hgetall(_key(settings, job_id))
    except (RedisError, OSError) as exc:
        raise BrokerUnavailableError(bilingual("消息队列不可用", "broker unavailable")) from exc
    found = {k.decode(): v.decode() for k, v in raw.items()}
    township = found.get("township_id", "")
    if not found or not principal.reads_all or not principal.sees_township(int(township or 0)):
        raise NotFoundError(bilingual("没有这个排班任务", "no such roster job"))
    state = found["state"]
    version = found.get("version")
    return {
        "id": job_id, "state": state, "step": STEPS.get(state, 0), "steps": 2,
        "township_id": int(township), "start": found.get("start", ""),
        "days": int(found.get("days", "7")), "version": int(version) if version else None,
        "shortfall": int(found["shortfall"]) if "shortfall" in found else None,
        "message": found.get("message"),
    }  # fmt: skip
