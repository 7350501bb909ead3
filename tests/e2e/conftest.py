"""A real Redis and real `fieldops worker` processes for end-to-end tests.

Redis is FIELDOPS_TEST_REDIS_URL (default redis://127.0.0.1:6379/9). It is never flushed: each test
has its own queue (and the keys named after it) and each worker its own node name, so parallel test
processes and other people's runs share it safely. Workers are separate processes started exactly
as people start them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REDIS_URL = os.environ.get("FIELDOPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def redis_url() -> str:
    """The real Redis server (each test gets its own queue: see `queue_name`)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as exc:
        pytest.fail(
            f"Redis not reachable at {REDIS_URL} ({exc}); run scripts/services.sh", pytrace=False
        )
    return REDIS_URL


@pytest.fixture
def queue_name() -> str:
    """A Celery queue of this test's own, so concurrent test runs on one Redis never meet."""
    return f"fieldops-test-{uuid.uuid4().hex[:12]}"


def _client_for(env: dict[str, str]) -> Any:
    """A Celery client on the settings that `env` (FIELDOPS_* variables) gives a process."""
    from ops.runtime.queue import make_client
    from ops.runtime.settings import load_settings

    prefix = "FIELDOPS_"
    given = {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)}
    return make_client(load_settings(**given), results=False)


class Worker:
    """A `fieldops worker` process."""

    def __init__(
        self, env: dict[str, str], log: Path, concurrency: int = 2, name: str = "w1"
    ) -> None:
        self.env, self.log, self.concurrency, self.name = env, log, concurrency, name
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        """Start the worker and wait until it, by its own node name, answers a ping."""
        handle = self.log.open("ab")
        # A node name of its own: a ping must not be answered by another test's worker on the
        # same Redis (parallel test processes, or other people's runs).
        node = f"{self.name}-{uuid.uuid4().hex[:10]}@{socket.gethostname()}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ops", "worker", "--concurrency", str(self.concurrency), "--hostname", node],
            env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        # The ping of `fieldops worker-ping` (tests/e2e/test_worker_ping.py runs the command
        # itself), sent from here: one client instead of a Python start every poll.
        pinger = _client_for(self.env)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"worker exited: {self.log.read_text()[-3000:]}")
                if pinger.control.ping(destination=[node], timeout=0.5):
                    return self
                time.sleep(0.1)
        finally:
            pinger.close()
        raise RuntimeError(f"worker did not answer: {self.log.read_text()[-3000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the worker's whole process group (pool children included)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        """Stop gracefully, or kill after a while."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_env(db: Any, redis_url: str, queue_name: str) -> dict[str, str]:
    """Environment for a worker or client process on the test database and Redis."""
    # A short visibility timeout so that a killed worker's tasks come back within the test.
    return {
        **os.environ,
        **db.env(),
        "FIELDOPS_REDIS_URL": redis_url,
        "FIELDOPS_QUEUE": queue_name,
        "FIELDOPS_BROKER_VISIBILITY_TIMEOUT_S": "10",
    }


@pytest.fixture
def worker(worker_env: dict[str, str], tmp_path: Path) -> Iterator[Worker]:
    """One running worker process with two pool processes."""
    running = Worker(worker_env, tmp_path / "worker.log").start()
    yield running
    running.stop()


@pytest.fixture
def client(db: Any, redis_url: str, queue_name: str) -> Any:
    """A Celery client on the same settings as the workers."""
    from ops.runtime.queue import make_client
    from ops.runtime.settings import load_settings

    return make_client(
        load_settings(
            database_url=db.url, redis_url=redis_url, data_dir=db.data_dir, queue=queue_name
        )
    )


@pytest.fixture
def app_settings(db: Any, redis_url: str, queue_name: str) -> Any:
    """Settings of an API process on the test database and Redis."""
    from ops.runtime.settings import load_settings

    return load_settings(
        database_url=db.url,
        redis_url=redis_url,
        data_dir=db.data_dir,
        broker_visibility_timeout_s=10,
        queue=queue_name,
    )


@pytest.fixture
def api(app_settings: Any) -> Iterator[Any]:
    """The real FastAPI app over HTTP (in-process transport), real Redis and database."""
    from fastapi.testclient import TestClient

    from ops.api.app import create_app

    app = create_app(app_settings)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


# The demo township's rows per (database URL, local day), built once per test process with the CLI
# and copied back into the empty database of each later test that asks for it (the roster solve
# and the imports are what the township costs; they are tested on their own elsewhere).
_TOWNSHIP_ROWS: dict[tuple[str, Any], dict[str, list[dict[str, Any]]]] = {}


def _is_empty(engine: Any) -> bool:
    from sqlalchemy import func, select
    from sqlmodel import SQLModel

    with engine.connect() as connection:
        return all(
            connection.execute(select(func.count()).select_from(table)).scalar_one() == 0
            for table in SQLModel.metadata.sorted_tables
        )


def _rows(engine: Any) -> dict[str, list[dict[str, Any]]]:
    from sqlmodel import SQLModel

    with engine.connect() as connection:
        return {
            table.name: [dict(r._mapping) for r in connection.execute(table.select())]
            for table in SQLModel.metadata.sorted_tables
        }


def _copy_back(engine: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    from sqlmodel import SQLModel

    with engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:  # parents before children
            if rows[table.name]:
                connection.execute(table.insert(), rows[table.name])


@pytest.fixture
def township(db: Any, fieldops: Any, tmp_path: Path) -> Any:
    """The demo township with a roster in force from yesterday to tomorrow (local days)."""
    from datetime import datetime, timedelta

    from ops.runtime.settings import load_settings
    from tests.conftest import DEMO_DATA

    today = datetime.now(load_settings().tz).date()
    key = (db.url, today)
    empty = _is_empty(db.engine)
    if empty and key in _TOWNSHIP_ROWS:
        _copy_back(db.engine, _TOWNSHIP_ROWS[key])
        return today
    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        assert fieldops("import", kind, DEMO_DATA / name, "-t", "色务乡").exit_code == 0
    result = fieldops(
        "roster",
        "generate",
        "-t",
        "色务乡",
        "--start",
        (today - timedelta(days=1)).isoformat(),
        "--days",
        "3",
    )
    assert result.exit_code == 0, result.output
    if empty:  # nothing of another fixture is among the rows
        _TOWNSHIP_ROWS[key] = _rows(db.engine)
    return today


@pytest.fixture
def tokens(db: Any) -> dict[str, str]:
    """Bearer tokens: a dispatcher, a supervisor and two staff members."""
    from sqlmodel import Session

    from ops.identity.auth import issue_token

    with Session(db.engine) as session:
        return {
            "dispatcher": issue_token(session=session, role="dispatcher", name="调度员"),
            "supervisor": issue_token(session=session, role="supervisor", name="督导"),
            "SW-001": issue_token(session=session, role="staff", staff_id="SW-001"),
            "SW-002": issue_token(session=session, role="staff", staff_id="SW-002"),
        }


@pytest.fixture
def staff_tokens(db: Any, township: Any) -> dict[str, str]:
    """A token for every staff member of the township: field records come from their owner only."""
    from sqlmodel import Session, select

    from ops.identity.auth import issue_token
    from ops.models import StaffMember

    with Session(db.engine) as session:
        ids = session.exec(select(StaffMember.id)).all()
        return {
            staff_id: issue_token(session=session, role="staff", staff_id=staff_id)
            for staff_id in ids
        }


def post_by_owner(
    api: Any, path: str, items: list[dict[str, Any]], tokens: dict[str, str], size: int = 100
) -> set[str]:
    """Send items as their phones would: each person's own, with their own token, in batches."""
    by_owner: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_owner.setdefault(item["staff_id"], []).append(item)
    accepted: set[str] = set()
    for staff_id, mine in by_owner.items():
        for offset in range(0, len(mine), size):
            answer = api.post(
                path, json={"items": mine[offset : offset + size]}, headers=bearer(tokens[staff_id])
            )
            assert answer.status_code == 202, answer.text
            accepted.update(answer.json()["accepted"])
    return accepted


def bearer(token: str) -> dict[str, str]:
    """Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def wait_for(predicate: Any, timeout: float = 60.0, interval: float = 0.2) -> Any:
    """Poll until `predicate()` is truthy; return its value or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
