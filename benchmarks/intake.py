"""Intake throughput, end to end: HTTP -> Redis -> worker -> database, batches of 100 check-ins.

Prints JSON lines: one per backend (SQLite, PostgreSQL) with check-ins stored per second, and in
the same run the ceiling: the same number of no-op Celery batch tasks of the same size through the
same Redis and worker, and the ratio. Run: `.venv/bin/python benchmarks/intake.py [--quick]`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import redis

from ops.demo.run import free_port, spawn, stop_process, wait_until

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "ops" / "demo" / "data"
REDIS_URL = os.environ.get("FIELDOPS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
PG_URL = os.environ.get(
    "FIELDOPS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BATCH = 100


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ops", *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def prepare(env: dict[str, str]) -> str:
    """Load the demo township, a roster for today, and return a dispatcher token."""
    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("shifts", "shifts.csv")):
        run(env, "import", kind, str(DEMO / name), "--township", "色务乡")
    today = datetime.now(
        ZoneInfo("Asia/Shanghai")
    ).date()  # the township's day, whatever the machine's zone
    run(
        env,
        "roster",
        "generate",
        "--township",
        "色务乡",
        "--start",
        (today - timedelta(days=1)).isoformat(),
        "--days",
        "3",
    )
    return (
        run(env, "token", "issue", "--role", "dispatcher", "--name", "bench")
        .strip()
        .splitlines()[-1]
    )


def checkins(count: int) -> list[dict[str, object]]:
    now = datetime.now(UTC)
    return [
        {"id": str(uuid.uuid4()), "staff_id": f"SW-{n % 80 + 1:03d}", "kind": "in" if n % 2 == 0 else "out",
         "recorded_at": (now - timedelta(seconds=n % 36000)).isoformat(), "lon": 91.7528, "lat": 32.2624, "accuracy_m": 8}
        for n in range(count)
    ]  # fmt: skip


def stored(database_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = int(connection.execute(text("SELECT count(*) FROM checkin")).scalar_one())
    engine.dispose()
    return count


def end_to_end(env: dict[str, str], database_url: str, token: str, count: int, port: int) -> float:
    items = checkins(count)
    batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30) as client:
        started = time.perf_counter()

        def post(batch: list[dict[str, object]]) -> None:
            answer = client.post("/api/v1/checkins", json={"items": batch})
            if answer.status_code != 202 or answer.json()["rejected"]:
                raise RuntimeError(answer.text[:500])

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(post, batches))
        wait_until(
            "every check-in stored",
            lambda: stored(database_url) >= count,
            timeout=600,
            interval=0.1,
        )
        return time.perf_counter() - started


def ceiling(env: dict[str, str], count: int) -> float:
    """No-op batch tasks of the same size through the same broker and worker."""
    from celery import group

    from ops.runtime.queue import NOOP_BATCH, make_client
    from ops.runtime.settings import load_settings

    client = make_client(
        load_settings(redis_url=env["FIELDOPS_REDIS_URL"], data_dir=env["FIELDOPS_DATA_DIR"])
    )
    items = checkins(count)
    started = time.perf_counter()
    jobs = group(
        client.signature(NOOP_BATCH, args=(items[i : i + BATCH],)) for i in range(0, count, BATCH)
    )
    total = sum(jobs.apply_async().get(timeout=600))
    assert total == count
    return time.perf_counter() - started


def pg_schema_url() -> tuple[str, str]:
    from sqlalchemy import create_engine, text

    schema = f"fo_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def measure(backend: str, count: int, workdir: Path) -> dict[str, object]:
    data_dir = workdir / backend
    data_dir.mkdir()
    schema = None
    if backend == "sqlite":
        database_url = f"sqlite:///{data_dir / 'bench.db'}"
    else:
        database_url, schema = pg_schema_url()
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        **os.environ,
        "FIELDOPS_DATABASE_URL": database_url,
        "FIELDOPS_REDIS_URL": REDIS_URL,
        "FIELDOPS_DATA_DIR": str(data_dir),
    }
    token = prepare(env)
    port = free_port()
    api = spawn(env, data_dir / "api.log", "serve", "--port", str(port))
    worker = spawn(
        env, data_dir / "worker.log", "worker", "--concurrency", "2", "--loglevel", "WARNING"
    )
    try:
        wait_until("the API", lambda: _ready(port), timeout=60, interval=0.2)
        wait_until(
            "a worker",
            lambda: (
                subprocess.run(
                    [sys.executable, "-m", "ops", "worker-ping", "--timeout", "1"],
                    env=env,
                    capture_output=True,
                    check=False,
                ).returncode
                == 0
            ),
            timeout=60,
        )
        seconds = end_to_end(env, database_url, token, count, port)
        noop = ceiling(env, count)
    finally:
        stop_process(api)
        stop_process(worker)
        if schema:
            drop_schema(schema)
    rate, noop_rate = count / seconds, count / noop
    return {"name": "intake_end_to_end", "backend": backend, "checkins": count, "batch": BATCH, "seconds": round(seconds, 2),
            "per_second": round(rate), "target_per_second": 5000, "ceiling_noop_per_second": round(noop_rate),
            "ratio_to_ceiling": round(rate / noop_rate, 3)}  # fmt: skip


def _ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 check-ins instead of 20,000")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    count = 2_000 if args.quick else 20_000
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="fieldops-bench-") as workdir:
        for backend in backends:
            print(json.dumps(measure(backend, count, Path(workdir))), flush=True)


if __name__ == "__main__":
    main()
