"""`fieldops worker-ping`, the health check: exit 0 once a worker answers, 1 while none does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_intake_redis_outage import PrivateRedis

pytestmark = [pytest.mark.redis, pytest.mark.worker]


def worker_ping(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the command as a health check runs it."""
    return subprocess.run(
        [sys.executable, "-m", "ops", "worker-ping", "--timeout", "3"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_worker_ping_exits_0_once_a_worker_answers(worker: Any, worker_env: dict[str, str]):
    done = worker_ping(worker_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "worker(s) answered" in done.stdout


def test_worker_ping_exits_1_when_no_worker_answers(tmp_path: Path):
    server = PrivateRedis(tmp_path)  # a Redis of its own: no worker of any other test is on it
    server.start()
    try:
        env = {**os.environ, "FIELDOPS_REDIS_URL": server.url, "FIELDOPS_DATA_DIR": str(tmp_path)}
        done = worker_ping(env)
    finally:
        server.stop()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "0 worker(s) answered" in done.stdout
