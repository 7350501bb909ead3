"""Processes the end-to-end tests start themselves: `fieldops serve`, and a PostgreSQL of their own.

A private PostgreSQL (initdb and pg_ctl into a temporary folder, as the `postgres` user when the
tests run as root) can be stopped and started by a test without disturbing any other test.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from glob import glob
from pathlib import Path

import httpx

from tests.e2e.conftest import wait_for


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A `fieldops serve` process on a free port, started as people start it."""

    def __init__(self, env: dict[str, str], log: Path, *extra: str) -> None:
        self.env, self.log, self.extra = env, log, extra
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, ready_path: str = "/healthz") -> Server:
        """Start it and wait until `ready_path` answers 200."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ops", "serve", "--port", str(self.port), *self.extra],
            env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

        def up() -> bool:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited: {self.log.read_text()[-3000:]}")
            try:
                return httpx.get(self.base + ready_path, timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(up, timeout=60)
        return self

    def stop(self) -> None:
        """SIGTERM the process group; SIGKILL after 20 s."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def _pg_bin(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        raise RuntimeError(f"{name} not found: install PostgreSQL (scripts/services.sh)")
    return on_path


class PrivatePostgres:
    """A PostgreSQL server of our own on a free port, in a temporary folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="fieldops-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.user = "postgres" if os.geteuid() == 0 else None  # PostgreSQL refuses to run as root

    def _run(self, *command: str) -> None:
        if self.user:
            account = pwd.getpwnam(self.user)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            command = ("runuser", "-u", self.user, "--", *command)
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> PrivatePostgres:
        """Create the cluster (trust auth on loopback)."""
        self._run(
            _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        return self

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "pg.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        """Stop at once (open connections are cut, as in an outage)."""
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        """Stop if running and delete the folder."""
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        stop = [_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
        subprocess.run([*prefix, *stop], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
