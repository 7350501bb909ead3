"""A short-lived cache of who a token belongs to, kept in Redis and shared by every API process.

Intake answers from it without touching the database: a phone's batch is checked, written down
and queued even while PostgreSQL is away. An entry is fresh for `auth_cache_fresh_s` seconds;
after that the API asks the database again, and if the database cannot answer it keeps using the
entry for up to `auth_cache_max_s`. Revoking a token deletes its entry, so the revocation takes
effect at once in every process.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ops.identity.auth import Principal

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CachedPrincipal:
    """A principal as the cache holds it, and when the database last confirmed it."""

    principal: Principal
    checked_at: float  # time.time() seconds

    def is_fresh(self, fresh_s: float, now: float | None = None) -> bool:
        """Whether the entry may be used without asking the database again."""
        return (now or time.time()) - self.checked_at < fresh_s


def cache_key(settings: Settings, token_hash: str) -> str:
    """The Redis key of a token's entry (one namespace per deployment queue)."""
    return f"fieldops:auth:{settings.queue}:{token_hash}"


def encode(principal: Principal, checked_at: float) -> str:
    """The stored form of an entry."""
    return json.dumps({**principal.as_dict(), "checked_at": checked_at})


def decode(raw: bytes | str | None) -> CachedPrincipal | None:
    """An entry from its stored form, or None when absent or unreadable."""
    if not raw:
        return None
    try:
        data: dict[str, Any] = json.loads(raw)
        principal = Principal(
            role=str(data["role"]),
            name=str(data["name"]),
            staff_id=data.get("staff_id"),
            township_id=data.get("township_id"),
        )
        return CachedPrincipal(principal, float(data["checked_at"]))
    except (ValueError, KeyError, TypeError):
        log.warning("unreadable token cache entry ignored")
        return None


def forget(settings: Settings, token_hashes: list[str]) -> None:
    """Drop these tokens' entries (after a revocation); a Redis outage is logged, not raised."""
    if not token_hashes:
        return
    import redis

    from ops.runtime.broker import redis_client_url

    try:
        client = redis.Redis.from_url(
            redis_client_url(settings), socket_connect_timeout=2, socket_timeout=5
        )
        client.delete(*(cache_key(settings, h) for h in token_hashes))
    except (redis.RedisError, OSError) as exc:
        # The entries run out within auth_cache_fresh_s anyway: the next check asks the database.
        log.warning("could not drop revoked tokens from the cache: %s", exc)
