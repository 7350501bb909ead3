"""Phones against a live `fieldops serve` + one worker on PostgreSQL and Redis: load and faults.

Each phone sends one batch of check-ins every period with its own staff token over its own
keep-alive connection (a small asyncio HTTP/1.1 client, so the load generator stays light on the
same two cores). Prints one JSON line per scenario: requests/s, items/s, statuses, p50/p95/p99,
the slowest `/healthz`, how long after the last POST every accepted item was stored (and whether
exactly once), and beside them the ceiling measured in the same run: the same phones against an
API that answers right after authentication and keeps nothing (FIELDOPS_BENCH_DISCARD_INTAKE).

    .venv/bin/python benchmarks/load.py                 # all scenarios (about 6 minutes)
    .venv/bin/python benchmarks/load.py --only steady --phones 200 --seconds 60
    .venv/bin/python benchmarks/load.py --quick         # short smoke run

Scenarios (issue 18 targets on 2 cores, one `fieldops serve`, one worker):
  steady    200 phones × 5 check-ins every 2 s for 60 s: all 202, p99 < 500 ms, /healthz p99
            < 100 ms, every accepted item stored exactly once within 30 s of the last POST
  overload  600 phones for 30 s: every request answered within 10 s with 202 or 503 +
            Retry-After, no 500, normal service within 10 s after the load stops
  outage    PostgreSQL stopped for 20 s under 50 phones: no 500, 0 lost, 0 doubled
  moonshot  500 phones (250 requests/s) all 202
PostgreSQL is a private server the benchmark starts in a temporary folder (initdb, pg_ctl);
Redis is FIELDOPS_BENCH_REDIS_URL (default redis://127.0.0.1:6379/11) with a queue of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ops.demo.run import free_port, spawn, stop_process, wait_until  # noqa: E402
from tests.e2e.services import PrivatePostgres  # noqa: E402

REDIS_URL = os.environ.get("FIELDOPS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
DEMO = ROOT / "ops" / "demo" / "data"
ANSWER_TIMEOUT_S = 10.0


@dataclass
class Tally:
    """What the phones saw."""

    statuses: dict[int, int] = field(default_factory=dict)  # 0: no answer within 10 s
    latencies: list[float] = field(default_factory=list)
    accepted: set[str] = field(default_factory=set)
    sent: set[str] = field(default_factory=set)
    retry_after_missing: int = 0
    no_answer: dict[str, int] = field(default_factory=dict)  # status 0: why (exception class)
    health: list[float] = field(default_factory=list)
    last_post: float = 0.0

    def record(self, status: int, seconds: float) -> None:
        """Count one answer."""
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies.append(seconds)


async def _request(reader: Any, writer: Any, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    writer.write(raw)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def _post(token: str, body: bytes) -> bytes:
    head = (f"POST /api/v1/checkins HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")  # fmt: skip
    return head.encode() + body


def _batch(staff: str, size: int) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    return [{"id": str(uuid.uuid4()), "staff_id": staff, "kind": "in", "lon": 91.7528, "lat": 32.2624,
             "recorded_at": (now - timedelta(seconds=n)).isoformat(), "accuracy_m": 8}
            for n in range(size)]  # fmt: skip


async def _phone(  # noqa: PLR0917 (a phone's coroutine, started positionally)
    port: int, staff: str, token: str, batch: int, period: float, until: float, tally: Tally
) -> None:
    """One phone: a batch every `period` seconds on one keep-alive connection (reconnects)."""
    await asyncio.sleep(random.uniform(0, period))
    connection: tuple[Any, Any] | None = None
    while time.monotonic() < until:
        tick = time.monotonic()
        items = _batch(staff, batch)
        started = time.perf_counter()
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            status, headers, body = await asyncio.wait_for(
                _request(*connection, _post(token, json.dumps({"items": items}).encode())),
                ANSWER_TIMEOUT_S,
            )
        except (
            OSError,
            ConnectionError,
            TimeoutError,
            asyncio.IncompleteReadError,
            ValueError,
            IndexError,
        ) as exc:
            status, headers, body = 0, {}, b""
            why = type(exc).__name__ + (f": {exc}" if isinstance(exc, ConnectionError) else "")
            tally.no_answer[why] = tally.no_answer.get(why, 0) + 1
            if connection is not None:
                connection[1].close()
            connection = None
        tally.record(status, time.perf_counter() - started)
        tally.sent.update(i["id"] for i in items)
        tally.last_post = time.monotonic()
        if status == 202:
            tally.accepted.update(json.loads(body)["accepted"])
        elif status == 503 and "retry-after" not in headers:
            tally.retry_after_missing += 1
        if headers.get("connection") == "close" and connection is not None:
            connection[1].close()
            connection = None
        await asyncio.sleep(max(0.0, period - (time.monotonic() - tick)))
    if connection is not None:
        connection[1].close()


async def _health(port: int, until: float, tally: Tally) -> None:
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            await asyncio.wait_for(
                _request(reader, writer, b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"),
                ANSWER_TIMEOUT_S,
            )
            writer.close()
            tally.health.append(time.perf_counter() - started)
        except (OSError, TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            tally.health.append(ANSWER_TIMEOUT_S)
        await asyncio.sleep(0.1)


async def _drive(
    port: int, phones: list[tuple[str, str]], batch: int, period: float, seconds: float
) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    tasks = [_phone(port, s, t, batch, period, until, tally) for s, t in phones]
    await asyncio.gather(_health(port, until, tally), *tasks)
    return tally


def _ms(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def summary(name: str, tally: Tally, seconds: float, batch: int) -> dict[str, Any]:
    """The figures of one run."""
    answered = sum(tally.statuses.values())
    return {
        "scenario": name, "requests": answered, "requests_per_s": round(answered / seconds, 1),
        "items_per_s": round(answered * batch / seconds, 1),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "p50_ms": _ms(tally.latencies, 0.50), "p95_ms": _ms(tally.latencies, 0.95),
        "p99_ms": _ms(tally.latencies, 0.99), "max_ms": _ms(tally.latencies, 1.0),
        "healthz_p99_ms": _ms(tally.health, 0.99), "healthz_max_ms": _ms(tally.health, 1.0),
        "503_without_retry_after": tally.retry_after_missing, "no_answer": tally.no_answer,
    }  # fmt: skip


class Stack:
    """A private PostgreSQL, the demo township, phones with tokens, `fieldops serve` and a worker."""

    def __init__(self, workdir: Path, phones: int) -> None:
        self.workdir = workdir
        self.postgres = PrivatePostgres().init()
        self.postgres.start()
        self.env = {**os.environ, "FIELDOPS_DATABASE_URL": self.postgres.url, "FIELDOPS_DATA_DIR": str(workdir),
                    "FIELDOPS_REDIS_URL": REDIS_URL, "FIELDOPS_QUEUE": f"bench-load-{uuid.uuid4().hex[:8]}"}  # fmt: skip
        self.phones = self._prepare(phones)
        self.processes: list[Any] = []

    def _prepare(self, count: int) -> list[tuple[str, str]]:
        import subprocess

        from sqlmodel import Session, select

        from ops.identity.auth import issue_token
        from ops.models import StaffMember, Township
        from ops.runtime.db import make_engine
        from ops.runtime.settings import load_settings

        for kind, name in (
            ("geo", "sewu.geojson"),
            ("staff", "staff.csv"),
            ("shifts", "shifts.csv"),
        ):
            subprocess.run([sys.executable, "-m", "ops", "import", kind, str(DEMO / name), "-t", "色务乡"],
                           env=self.env, check=True, capture_output=True)  # fmt: skip
        today = datetime.now(UTC).date()
        subprocess.run([sys.executable, "-m", "ops", "roster", "generate", "-t", "色务乡", "--start",
                        (today - timedelta(days=1)).isoformat(), "--days", "3"], env=self.env, check=True,
                       capture_output=True)  # fmt: skip
        engine = make_engine(load_settings(database_url=self.postgres.url, data_dir=self.workdir))
        with Session(engine) as session:
            township = session.exec(select(Township)).one()
            for n in range(count):
                session.add(
                    StaffMember(
                        id=f"PH-{n:04d}",
                        township_id=township.id or 0,
                        name=f"手机{n}",
                        roles=["patrol"],
                    )
                )
            session.commit()
            phones = [(f"PH-{n:04d}", issue_token(session=session, role="staff", staff_id=f"PH-{n:04d}"))
                      for n in range(count)]  # fmt: skip
        engine.dispose()
        return phones

    def serve(self, **extra: str) -> int:
        """Start one API process; return its port."""
        port = free_port()
        env = self.env | extra
        process = spawn(env, self.workdir / f"serve-{port}.log", "serve", "--port", str(port))
        self.processes.append(process)
        wait_until("the API", lambda: _answers(port), timeout=60)
        return port

    def worker(self) -> None:
        """Start one worker (two pool processes)."""
        import subprocess

        self.processes.append(
            spawn(self.env, self.workdir / "worker.log", "worker", "--concurrency", "2")
        )
        ping = [sys.executable, "-m", "ops", "worker-ping", "--timeout", "1"]
        wait_until(
            "a worker",
            lambda: (
                subprocess.run(ping, env=self.env, capture_output=True, check=False).returncode == 0
            ),
            timeout=60,
        )

    def stored(self, ids: set[str]) -> tuple[int, int]:
        """How many of these ids are stored, and how many ids are stored more than once."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.postgres.url)
        with engine.connect() as connection:
            found = {r[0] for r in connection.execute(text("SELECT id FROM checkin"))}
            doubled = connection.execute(
                text(
                    "SELECT count(*) FROM (SELECT id FROM checkin GROUP BY id HAVING count(*) > 1) d"
                )
            ).scalar_one()
        engine.dispose()
        return len(found & ids), int(doubled)

    def close(self) -> None:
        """Stop everything and delete the private database."""
        for process in self.processes:
            stop_process(process)
        self.postgres.remove()


def _answers(port: int) -> bool:
    import httpx

    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _settle(stack: Stack, tally: Tally, within: float) -> dict[str, Any]:
    """Seconds from the last POST until every accepted item is stored; lost and doubled items."""
    deadline = time.monotonic() + within
    while True:
        found, doubled = stack.stored(tally.accepted)
        if found >= len(tally.accepted) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    lost = len(tally.accepted) - found
    refused_but_stored = stack.stored(tally.sent - tally.accepted)[0]
    return {"accepted_items": len(tally.accepted), "stored_of_accepted": found, "lost": lost,
            "doubled": doubled, "refused_yet_stored": refused_but_stored,
            "stored_after_last_post_s": round(time.monotonic() - tally.last_post, 1) if not lost else None}  # fmt: skip


def steady(
    stack: Stack, port: int, ceiling_port: int, phones: int, seconds: float, *, name: str = "steady"
) -> None:
    """All phones for `seconds`, then the ceiling with the same phones."""
    chosen = stack.phones[:phones]
    tally = asyncio.run(_drive(port, chosen, 5, 2.0, seconds))
    figures = summary(name, tally, seconds, 5) | {"phones": phones} | _settle(stack, tally, 120)
    roof = asyncio.run(_drive(ceiling_port, chosen, 5, 2.0, min(seconds, 20)))
    figures["ceiling"] = summary("ceiling", roof, min(seconds, 20), 5)
    print(json.dumps(figures, ensure_ascii=False), flush=True)


def overload(stack: Stack, port: int, phones: int, seconds: float) -> None:
    """More phones than the API can take; then how soon one phone is served normally again."""
    tally = asyncio.run(_drive(port, stack.phones[:phones], 5, 2.0, seconds))
    stopped = time.monotonic()
    back = None
    probe = stack.phones[:1]
    while time.monotonic() - stopped < 30:
        check = asyncio.run(_drive(port, probe, 5, 0.5, 0.6))
        if check.statuses.get(202) and max(check.latencies) < 0.5:
            back = round(time.monotonic() - stopped, 1)
            break
    figures = summary("overload", tally, seconds, 5) | {
        "phones": phones,
        "normal_again_after_s": back,
    }
    print(json.dumps(figures | _settle(stack, tally, 120), ensure_ascii=False), flush=True)


def outage(stack: Stack, port: int, phones: int, down_s: float) -> None:
    """PostgreSQL stopped for `down_s` seconds in the middle of `phones` phones sending."""

    async def run() -> Tally:
        tally = Tally()
        until = time.monotonic() + 10 + down_s + 10
        chosen = stack.phones[:phones]
        tasks = [_phone(port, s, t, 5, 2.0, until, tally) for s, t in chosen]

        async def fault() -> None:
            await asyncio.sleep(10)
            await asyncio.to_thread(stack.postgres.stop)
            await asyncio.sleep(down_s)
            await asyncio.to_thread(stack.postgres.start)

        await asyncio.gather(_health(port, until, tally), fault(), *tasks)
        return tally

    tally = asyncio.run(run())
    figures = summary("outage", tally, 20 + down_s, 5) | {
        "phones": phones,
        "postgres_down_s": down_s,
    }
    figures |= _settle(stack, tally, 180)
    print(json.dumps(figures, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", choices=["steady", "overload", "outage", "moonshot"], action="append"
    )
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--quick", action="store_true", help="10 s runs, 50/150 phones")
    args = parser.parse_args()
    chosen = args.only or ["steady", "overload", "outage", "moonshot"]
    scale = 0.25 if args.quick else 1.0
    with tempfile.TemporaryDirectory(prefix="fieldops-load-") as folder:
        stack = Stack(Path(folder), 600)
        try:
            stack.worker()
            port = stack.serve()
            ceiling_port = stack.serve(FIELDOPS_BENCH_DISCARD_INTAKE="true")
            print(json.dumps({"environment": {"cores": os.cpu_count(), "load_average": os.getloadavg(),
                                              "python": sys.version.split()[0]}}), flush=True)  # fmt: skip
            if "steady" in chosen:
                steady(
                    stack, port, ceiling_port, int(args.phones * scale) or 1, args.seconds * scale
                )
            if "overload" in chosen:
                overload(stack, port, int(600 * scale), 30 * scale)
            if "outage" in chosen:
                outage(stack, port, 50, 20 * scale)
            if "moonshot" in chosen:
                steady(stack, port, ceiling_port, int(500 * scale), 30 * scale, name="moonshot")
        finally:
            stack.close()


if __name__ == "__main__":
    main()
