"""Shared fixtures: a real database per backend (SQLite file and PostgreSQL), the CLI, snapshots.

Storage tests take the `db` fixture and run once on SQLite and once on PostgreSQL. PostgreSQL is
reached at FIELDOPS_TEST_POSTGRES_URL (default 127.0.0.1:5432/test); each test run works in its
own schema, dropped at the end. FIELDOPS_TEST_BACKENDS=sqlite opts out of PostgreSQL explicitly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get(
    "FIELDOPS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = os.environ.get("FIELDOPS_TEST_BACKENDS", "sqlite,postgres").split(",")


@dataclass
class Database:
    """A migrated database for one test: its URL, engine and a data directory."""

    backend: str
    url: str
    engine: Any
    data_dir: Path

    def env(self) -> dict[str, str]:
        """Environment that points a fieldops process at this database."""
        return {"FIELDOPS_DATABASE_URL": self.url, "FIELDOPS_DATA_DIR": str(self.data_dir)}

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, for 'nothing changed' assertions."""
        from sqlalchemy import text
        from sqlmodel import SQLModel

        rows: dict[str, list[tuple[Any, ...]]] = {}
        with self.engine.connect() as connection:
            for table in SQLModel.metadata.sorted_tables:
                result = connection.execute(text(f'SELECT * FROM "{table.name}"'))
                rows[table.name] = sorted((tuple(map(repr, r)) for r in result), key=repr)
        return rows

    def count(self, table: str) -> int:
        """Number of rows in `table`."""
        from sqlalchemy import text

        with self.engine.connect() as connection:
            return int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def _truncate(engine: Any) -> None:
    from sqlalchemy import text
    from sqlmodel import SQLModel

    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))


_PRODUCTION_HASHER: list[Any] = []


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes() -> Iterator[None]:
    """Accounts made in the test processes get argon2id hashes of the least cost argon2 allows.

    Production keeps argon2-cffi's defaults (64 MiB, 3 passes, 4 lanes: ~0.25 s a hash or a check,
    tests/integration/test_accounts.py holds them to it). A check reads its cost from the stored
    hash, so a `fieldops serve` process signing in an account made here checks it cheaply too.
    Without this the suite spent minutes of CPU hashing: each scope world alone makes four
    accounts and signs each in.
    """
    from argon2 import PasswordHasher

    from ops.identity import accounts

    _PRODUCTION_HASHER.append(accounts._hasher)
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    accounts._hasher = lambda: cheap  # type: ignore[assignment]
    yield
    accounts._hasher = _PRODUCTION_HASHER[0]  # type: ignore[assignment]


@pytest.fixture
def production_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords as production does (argon2-cffi's defaults) in this test."""
    from ops.identity import accounts

    monkeypatch.setattr(accounts, "_hasher", _PRODUCTION_HASHER[0])


@pytest.fixture(scope="session")
def _pg_schema_url() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    schema = f"fo_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        pytest.fail(
            f"PostgreSQL not reachable at {PG_URL} ({exc}); run scripts/services.sh "
            "or set FIELDOPS_TEST_BACKENDS=sqlite",
            pytrace=False,
        )
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def _engines(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[dict[str, Any]]:
    from ops.runtime.db import make_engine
    from ops.runtime.migrate import upgrade
    from ops.runtime.settings import load_settings

    made: dict[str, Any] = {}
    data_dir = tmp_path_factory.mktemp("fieldops-data")
    settings = load_settings(data_dir=data_dir)

    def get(backend: str) -> tuple[str, Any]:
        if backend not in made:
            if backend == "sqlite":
                url = f"sqlite:///{data_dir / 'test.db'}"
            else:
                url = request.getfixturevalue("_pg_schema_url")
            engine = make_engine(settings, url=url)
            upgrade(engine)
            made[backend] = (url, engine)
        return made[backend]

    yield {"get": get, "data_dir": data_dir}
    for _url, engine in made.values():
        engine.dispose()


@pytest.fixture(params=[b for b in ("sqlite", "postgres") if b in BACKENDS])
def db(
    request: pytest.FixtureRequest, _engines: dict[str, Any], tmp_path: Path
) -> Iterator[Database]:
    """A migrated, empty database on each backend in turn."""
    url, engine = _engines["get"](request.param)
    _truncate(engine)
    yield Database(backend=request.param, url=url, engine=engine, data_dir=tmp_path)
    _truncate(engine)
    # A command run in-process without FIELDOPS_REDIS_URL (e.g. `token revoke`, which drops
    # cached tokens) starts this data directory's embedded redis-server: it goes with the test.
    from ops.runtime.broker import stop_embedded_redis
    from ops.runtime.settings import load_settings

    stop_embedded_redis(load_settings(data_dir=tmp_path))


@dataclass
class CliResult:
    """What a fieldops command did."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout and stderr together."""
        return self.stdout + self.stderr


@pytest.fixture
def fieldops(db: Database) -> Any:
    """Run `fieldops ARGS...` in-process against the test database."""
    from typer.testing import CliRunner

    from ops.cli import app

    def run(*args: str | Path) -> CliResult:
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args], env=db.env(), catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


DEMO_DATA = Path(__file__).resolve().parents[1] / "ops" / "demo" / "data"
