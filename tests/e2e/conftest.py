"""A real Redis and real `fieldops worker` processes for end-to-end tests.

Redis is FIELDOPS_TEST_REDIS_URL (default redis://127.0.0.1:6379/9); the database is flushed before
each test that uses it. Workers are separate processes started exactly as people start them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REDIS_URL = os.environ.get("FIELDOPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def redis_url() -> str:
    """A flushed Redis database on the real server."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:
        pytest.fail(
            f"Redis not reachable at {REDIS_URL} ({exc}); run scripts/services.sh", pytrace=False
        )
    return REDIS_URL


class Worker:
    """A `fieldops worker` process."""

    def __init__(
        self, env: dict[str, str], log: Path, concurrency: int = 2, name: str = "w1"
    ) -> None:
        self.env, self.log, self.concurrency, self.name = env, log, concurrency, name
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        """Start the worker and wait until it answers a ping."""
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ops", "worker", "--concurrency", str(self.concurrency), "--hostname", f"{self.name}@%h"],
            env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log.read_text()[-3000:]}")
            ping = subprocess.run(
                [sys.executable, "-m", "ops", "worker-ping", "--timeout", "1"],
                env=self.env,
                capture_output=True,
                check=False,
            )
            if ping.returncode == 0:
                return self
            time.sleep(0.3)
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
def worker_env(db: Any, redis_url: str) -> dict[str, str]:
    """Environment for a worker or client process on the test database and Redis."""
    return {**os.environ, **db.env(), "FIELDOPS_REDIS_URL": redis_url}


@pytest.fixture
def worker(worker_env: dict[str, str], tmp_path: Path) -> Iterator[Worker]:
    """One running worker process with two pool processes."""
    running = Worker(worker_env, tmp_path / "worker.log").start()
    yield running
    running.stop()


@pytest.fixture
def client(db: Any, redis_url: str) -> Any:
    """A Celery client on the same settings as the workers."""
    from ops.queue import make_client
    from ops.settings import load_settings

    return make_client(
        load_settings(database_url=db.url, redis_url=redis_url, data_dir=db.data_dir)
    )
