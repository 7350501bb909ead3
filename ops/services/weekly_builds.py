"""Building a past week's summary from the console: a Celery task whose progress Redis keeps.

    queued (the API sent the task) → running (a worker builds it) → done (folder) | failed (why)

The files go where the scheduler's Monday job puts them (ops.services.weekly_summaries), so a
build appears in the list like any other summary; the group robots are not sent anything.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from ops.errors import NotFoundError, bilingual

if TYPE_CHECKING:
    from celery import Celery
    from sqlmodel import Session

    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)
PROGRESS_TTL_S = 86_400
STEPS = {"queued": 0, "running": 1, "done": 2, "failed": 2}
STEP_COUNT = 2


def _key(settings: Settings, build_id: str) -> str:
    return f"fieldops:build:{settings.queue}:{build_id}"


def redis_for(settings: Settings) -> Any:
    """A Redis client for progress records (builds, roster jobs)."""
    from ops.live.publish import client_for
    from ops.runtime.broker import redis_client_url

    return client_for(redis_client_url(settings))


def mark(settings: Settings, build_id: str, state: str, **fields: str) -> None:
    """Record a build's state (and what goes with it) for a day."""
    key = _key(settings, build_id)
    client = redis_for(settings)
    client.hset(key, mapping={"state": state, "updated": str(time.time()), **fields})
    client.expire(key, PROGRESS_TTL_S)


def start_build(
    *, client: Celery, settings: Settings, township: str | None, monday: date, area: str, by: str
) -> str:
    """Note the build as queued and send the task; return the build's id."""
    from redis.exceptions import RedisError

    from ops.reports.weekly import week_label
    from ops.runtime.broker import BrokerUnavailableError
    from ops.runtime.queue import REPORT_WEEKLY_BUILD, send

    build_id = str(uuid.uuid4())
    try:
        mark(settings, build_id, "queued", week=week_label(monday), area=area, by=by)
    except (RedisError, OSError) as exc:
        raise BrokerUnavailableError(bilingual("消息队列不可用", "broker unavailable")) from exc
    send(client, REPORT_WEEKLY_BUILD, township, monday.isoformat(), build_id, task_id=build_id)
    return build_id


def run_build(
    *, session: Session, settings: Settings, township: str | None, monday: date, build_id: str
) -> str:
    """Write the week's summary where the scheduler would (no robots); return the folder."""
    from ops.reports.weekly import week_label
    from ops.reports.weekly_files import write_weekly
    from ops.services.weekly_summaries import COUNTY, reports_root

    mark(settings, build_id, "running")
    folder = reports_root(settings) / week_label(monday) / (township or COUNTY)
    try:
        write_weekly(
            session=session, township=township, monday=monday, out=folder, settings=settings,
            now=datetime.now(UTC), deliver=False,
        )  # fmt: skip
    except Exception as exc:
        mark(settings, build_id, "failed", message=str(exc)[:500])
        raise
    mark(settings, build_id, "done", folder=str(folder))
    return str(folder)


def read_progress(*, settings: Settings, principal: Principal, build_id: str) -> dict[str, Any]:
    """Where a build stands: state, step of STEP_COUNT, week, area, message; 404 if unknown."""
    from redis.exceptions import RedisError

    from ops.runtime.broker import BrokerUnavailableError

    try:
        raw = redis_for(settings).hgetall(_key(settings, build_id))
    except (RedisError, OSError) as exc:
        raise BrokerUnavailableError(bilingual("消息队列不可用", "broker unavailable")) from exc
    found = {k.decode(): v.decode() for k, v in raw.items()}
    area = found.get("area", "")
    visible = area == "county" and principal.township_id is None
    visible = visible or (area.isdigit() and principal.sees_township(int(area)))
    if not found or principal.is_staff or not visible:
        raise NotFoundError(bilingual("没有这个生成任务", "no such build"))
    state = found["state"]
    return {
        "id": build_id, "state": state, "step": STEPS.get(state, 0), "steps": STEP_COUNT,
        "week": found.get("week", ""), "area": area, "message": found.get("message"),
    }  # fmt: skip
