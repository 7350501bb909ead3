"""The writer side of live events: after a commit, one event per item actually stored.

Storage code calls `announce(session, kind, ids)` right after its commit. The events are read back
from the database (only what was really stored), and for each one a single Lua script, atomically:
skips it if that item was already announced (a phone's resend, a redelivered task), appends it to
the capped Redis Stream (its stream id is the SSE `id:`) and publishes `<stream id> <json>` to the
channel. Being atomic, the channel carries events in stream-id order whoever publishes them.

Announcing never fails the storage it follows: with Redis away the event is lost (logged), the
item is stored, and the console shows it on its next reload.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ops.live import channel_name, stream_key

if TYPE_CHECKING:
    from sqlmodel import Session

    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)
SEEN_TTL_S = 3 * 86400  # a resend within three days is not announced twice
_SCRIPT = """
local out = {}
for i = 3, #ARGV, 2 do
  local seen = ARGV[i]
  if seen == '' or redis.call('SET', seen, '1', 'NX', 'EX', ARGV[2]) then
    local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[i + 1])
    redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[i + 1])
    out[#out + 1] = id
  end
end
return out
"""
_configured: dict[str, Any] = {}  # set once per process by its entry point (use)


def use(settings: Settings) -> None:
    """Announce this process's stored items through the settings' Redis (entry points call this)."""
    _configured["settings"] = settings


def redis_url(settings: Settings) -> str:
    """The Redis the events go through; never starts the embedded one (the broker's job)."""
    return settings.redis_url or f"unix://{settings.embedded_redis_socket}"


@functools.cache
def client_for(url: str) -> Any:
    """One thread-safe client per Redis URL (quick to give up: storage must not wait on it)."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


@functools.cache
def _script_for(url: str) -> Any:
    return client_for(url).register_script(_SCRIPT)


def publish(settings: Settings, events: Sequence[dict[str, Any]]) -> list[str]:
    """Append and publish events (each once per item); return the stream ids given."""
    if not events:
        return []
    args: list[Any] = [settings.events_keep, SEEN_TTL_S]
    for event in events:
        once = event["type"] != "transition"  # a transition is its own row: never a resend
        seen = f"{stream_key(settings.queue)}:seen:{event['type']}:{event['id']}" if once else ""
        args += [seen, json.dumps(event, ensure_ascii=False, separators=(",", ":"))]
    url = redis_url(settings)
    keys = [stream_key(settings.queue), channel_name(settings.queue)]
    ids = _script_for(url)(keys=keys, args=args)
    return [i.decode() if isinstance(i, bytes) else str(i) for i in ids]


def announce(
    session: Session, kind: str, ids: Sequence[str | int], settings: Settings | None = None
) -> int:
    """After a commit: announce the stored items of `kind` among `ids`; return how many (never raises)."""
    from redis.exceptions import RedisError
    from sqlalchemy.exc import SQLAlchemyError

    from ops.live.events import BUILDERS

    chosen = settings or _configured.get("settings")
    if chosen is None or not ids:
        return 0
    try:
        events = BUILDERS[kind](session, list(ids))  # type: ignore[operator]
        return len(publish(chosen, events))
    except (RedisError, OSError) as exc:
        log.warning("live events not published (%s %s): %s", len(ids), kind, exc)
    except SQLAlchemyError as exc:
        log.warning("live events not read back (%s %s): %s", len(ids), kind, exc)
    return 0
