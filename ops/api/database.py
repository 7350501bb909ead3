"""Database work for requests: bounded, off the event loop, one session per unit of work.

A request never holds a database connection while it waits for anything: it first waits for its
turn (at most `api_db_concurrency` units of work at once per process), then a worker thread of its
own opens a session, does the work and closes it. A connection is only ever taken by a thread that
already runs, so threads and connections cannot wait on each other (the deadlock of FastAPI's
session-per-request dependency under load is impossible by construction, whatever the pool size).

Past the bound a request waits at most `api_db_wait_s`; then, or when too many already wait, it is
answered 503 with Retry-After at once (`OverloadedError`). A database that cannot be reached is
503 too (`DatabaseUnavailableError`), never 500.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.to_thread

from ops.errors import FieldOpsError, bilingual

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
T = TypeVar("T")


class OverloadedError(FieldOpsError):
    """Too much work at once: try again shortly (HTTP 503 with Retry-After)."""


class DatabaseUnavailableError(FieldOpsError):
    """The database cannot be reached right now (HTTP 503 with Retry-After)."""


def is_database_outage(exc: BaseException) -> bool:
    """Whether an exception says the database is unreachable (as opposed to a bug or bad data)."""
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, sa_exc.TimeoutError | sa_exc.OperationalError | sa_exc.InterfaceError):
        return True
    return isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated


class BoundedWork:
    """Runs blocking `fn(**kwargs)` for requests in worker threads, at most `limit` at once."""

    def __init__(self, *, limit: int, wait_s: float, max_waiting: int) -> None:
        self.limit = limit
        self.wait_s = wait_s
        self.max_waiting = max_waiting
        self.waiting = 0
        self.active = 0
        self.shed_total = 0
        self.last_shed = 0.0  # time.monotonic() of the last refusal
        self._loop: asyncio.AbstractEventLoop | None = None
        self._turns: anyio.Semaphore | None = None
        self._threads: anyio.CapacityLimiter | None = None

    def _primitives(self) -> tuple[anyio.Semaphore, anyio.CapacityLimiter]:
        """Semaphore and thread limiter of the running loop (test clients start new loops)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._turns is None or self._threads is None:
            self._loop = loop
            self._turns = anyio.Semaphore(self.limit)
            self._threads = anyio.CapacityLimiter(self.limit)
        return self._turns, self._threads

    def shedding(self, within_s: float = 5.0) -> bool:
        """Whether a request was refused for overload in the last `within_s` seconds."""
        return self.shed_total > 0 and time.monotonic() - self.last_shed < within_s

    def _refuse(self) -> OverloadedError:
        self.shed_total += 1
        self.last_shed = time.monotonic()
        return OverloadedError(bilingual("服务繁忙，请稍后重试", "busy: try again shortly"))

    async def run(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Wait for a turn (or 503), then run `fn` in a thread of its own."""
        turns, threads = self._primitives()
        if self.waiting >= self.max_waiting:
            raise self._refuse()
        self.waiting += 1
        try:
            with anyio.fail_after(self.wait_s):
                await turns.acquire()
        except TimeoutError:
            raise self._refuse() from None
        finally:
            self.waiting -= 1
        self.active += 1
        try:
            return await anyio.to_thread.run_sync(partial(self._call, fn, kwargs), limiter=threads)
        finally:
            self.active -= 1
            turns.release()

    def _call(self, fn: Callable[..., T], kwargs: dict[str, Any]) -> T:
        return fn(**kwargs)


class DatabaseWork(BoundedWork):
    """Runs `fn(session=..., **kwargs)` for requests, at most `limit` at once, one session each."""

    def __init__(self, engine: Engine, *, limit: int, wait_s: float, max_waiting: int) -> None:
        super().__init__(limit=limit, wait_s=wait_s, max_waiting=max_waiting)
        self.engine = engine

    def _call(self, fn: Callable[..., T], kwargs: dict[str, Any]) -> T:
        from sqlmodel import Session

        try:
            with Session(self.engine, expire_on_commit=False) as session:
                return fn(session=session, **kwargs)
        except Exception as exc:
            if is_database_outage(exc):
                log.warning("database unavailable: %s", type(exc).__name__)
                raise DatabaseUnavailableError(
                    bilingual(
                        "数据库暂时不可用，请稍后重试", "database unavailable: try again shortly"
                    )
                ) from exc
            raise
