"""Who is calling: a bearer token resolved through the shared token cache, the database behind it.

A fresh cache entry answers without the database (intake keeps going while PostgreSQL is away);
an entry past `auth_cache_fresh_s` is checked again, and kept if the database cannot answer. A
Redis that cannot be reached only means asking the database every time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from ops.api.database import DatabaseUnavailableError, DatabaseWork, OverloadedError
from ops.errors import UnauthorizedError, bilingual
from ops.identity.auth import Principal, hash_token, principal_for_hash
from ops.identity.token_cache import CachedPrincipal, cache_key, decode, encode

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)


class PrincipalResolver:
    """Turns a bearer token into a Principal, or raises UnauthorizedError."""

    def __init__(self, settings: Settings, database: DatabaseWork, redis_url: str) -> None:
        self.settings = settings
        self.database = database
        self.redis_url = redis_url
        self._client: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _redis(self) -> Any:
        """An asyncio Redis client bound to the running loop (test clients start new loops)."""
        import redis.asyncio

        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._loop = loop
            self._client = redis.asyncio.Redis.from_url(
                self.redis_url, socket_connect_timeout=1, socket_timeout=1
            )
        return self._client

    async def _cached(self, token_hash: str) -> CachedPrincipal | None:
        from redis.exceptions import RedisError

        try:
            return decode(await self._redis().get(cache_key(self.settings, token_hash)))
        except (RedisError, OSError) as exc:
            log.debug("token cache unavailable: %s", exc)
            return None

    async def _store(self, token_hash: str, principal: Principal | None) -> None:
        from redis.exceptions import RedisError

        key = cache_key(self.settings, token_hash)
        try:
            if principal is None:
                await self._redis().delete(key)
            else:
                ttl = max(1, int(self.settings.auth_cache_max_s))
                await self._redis().set(key, encode(principal, time.time()), ex=ttl)
        except (RedisError, OSError) as exc:
            log.debug("token cache unavailable: %s", exc)

    async def forget(self, token_hashes: list[str]) -> None:
        """Drop revoked tokens from the shared cache, so every API process refuses them at once."""
        for token_hash in token_hashes:
            await self._store(token_hash, None)

    async def resolve(self, token: str) -> Principal:
        """The principal of a live token; UnauthorizedError for an unknown or revoked one."""
        token_hash = hash_token(token)
        cached = await self._cached(token_hash)
        if cached is not None and cached.is_fresh(self.settings.auth_cache_fresh_s):
            return cached.principal
        try:
            principal = await self.database.run(principal_for_hash, token_hash=token_hash)
        except (DatabaseUnavailableError, OverloadedError):
            if cached is not None:
                return cached.principal  # the database is away or busy: the last word stands
            raise
        await self._store(token_hash, principal)
        if principal is None:
            raise UnauthorizedError(bilingual("令牌无效或已注销", "invalid or revoked token"))
        return principal
