"""Database factories: engines and sessions are made by entry points, never at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from ops.runtime.settings import Settings


def make_engine(
    settings: Settings, *, url: str | None = None, pool_size: int | None = None
) -> Engine:
    """Create the engine for `url` (default: the settings' database URL).

    `pool_size` sizes the pool for a process that bounds its own database work (the API: one
    connection per turn, two spare); without it SQLAlchemy's defaults apply.
    """
    from sqlalchemy import event
    from sqlmodel import create_engine

    url = url or settings.effective_database_url
    pool: dict[str, Any] = {}
    if pool_size is not None:
        pool = {"pool_size": pool_size, "max_overflow": 2, "pool_timeout": 10}
    if url.startswith("sqlite"):
        settings.data_dir.expanduser().mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **pool
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Foreign keys are off by default in SQLite; WAL lets the API read while workers write.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # A database that is down is found out in seconds, not after the OS's TCP timeout.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, **pool)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session; roll back on error. Services own their commits."""
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


def is_sqlite(engine: Engine) -> bool:
    """Tell whether the engine talks to SQLite (some upserts differ by dialect)."""
    return engine.dialect.name == "sqlite"
