"""Coverage benchmark: JSON lines on stdout, one object per measurement.

    .venv/bin/python benchmarks/coverage.py [--points N] [--tracks N] [--workers N] [--seed S]

- `coverage`: N synthetic track points (default 1,000,000, in 250 patrol tracks of GPS fixes every
  5 s, walking and riding, with jitter, wild jumps, poor fixes, 1901 timestamps and gaps) over a
  township of 8 villages around lon 91.7, lat 32.25, taken all the way to per-village coverage:
  village cells, `clean_track`, `track_effort` (geodesic densification, H3 cells), `merge_effort`
  and `village_coverage`. Wall time, with the time of each stage summed over tracks.
- `binning`: the ceiling: plain numpy binning of the same points (floor of scaled coordinates to
  a ~200 m grid, counted with bincount), and `ratio` = coverage / binning.

Target (issue 5; a benchmark, not a test): 1,000,000 points to coverage in < 5 s on 2 cores.
`--workers 2` spreads the tracks over two processes (each does clean + effort; the parent
merges), which is how the ops task can use both cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import version
from typing import Any

import numpy as np

from geo.coverage import Period, village_cells, village_coverage
from geo.effort import EffortTable, merge_effort, track_effort
from geo.trackpoints import TrackPoints
from geo.tracks import clean_track

TARGET_SECONDS = 5.0
CENTRE = (91.7, 32.25)
NOW = datetime(2025, 6, 8, tzinfo=UTC)
DAY_OFFSET = timedelta(hours=8)  # Tibet keeps Beijing time
VILLAGE_SIZE_DEG = (0.022, 0.02)  # about 2 km x 2.2 km


def township() -> list[tuple[str, str, dict[str, Any]]]:
    """Return 8 villages, 4 x 2 squares with a bent edge each, around the township centre."""
    villages = []
    width, height = VILLAGE_SIZE_DEG
    for row in range(2):
        for col in range(4):
            lon0 = CENTRE[0] + (col - 2) * width
            lat0 = CENTRE[1] + (row - 1) * height
            ring = [
                [lon0, lat0],
                [lon0 + width, lat0],
                [lon0 + width, lat0 + height],
                [lon0 + width / 2, lat0 + height * 0.9],
                [lon0, lat0 + height],
                [lon0, lat0],
            ]
            code = f"V{row * 4 + col + 1:02d}"
            villages.append((code, f"village {code}", {"type": "Polygon", "coordinates": [ring]}))
    return villages


def synthetic_tracks(points: int, tracks: int, seed: int) -> list[TrackPoints]:
    """Return seeded patrol tracks as devices record them, `points` fixes in all."""
    rng = np.random.default_rng(seed)
    sizes = np.full(tracks, points // tracks)
    sizes[: points % tracks] += 1
    result = []
    for i, n in enumerate(sizes.tolist()):
        speed = 1.4 if i % 3 else 8.0  # metres per second: on foot, or on a motorbike
        heading = np.cumsum(rng.normal(0.0, 0.25, n)) + rng.uniform(0, 2 * np.pi)
        step = speed * 5.0
        east = np.cumsum(step * np.cos(heading)) + rng.normal(0.0, 4.0, n)  # jitter
        north = np.cumsum(step * np.sin(heading)) + rng.normal(0.0, 4.0, n)
        east = (east + rng.uniform(-20000, 20000)) % 40000 - 20000  # roam the township and
        north = (north + rng.uniform(-10000, 10000)) % 20000 - 10000  # beyond its 8 villages
        lon = CENTRE[0] + east / (111_320.0 * np.cos(np.radians(CENTRE[1])))
        lat = CENTRE[1] + north / 110_574.0
        start = NOW.timestamp() - rng.uniform(1, 20) * 86_400
        t = start + np.arange(n) * 5.0
        t[rng.uniform(size=n) < 0.001] += 900.0  # a few gaps of 15 minutes, later points move
        t = np.maximum.accumulate(t)
        jumps = rng.uniform(size=n) < 0.005
        lon[jumps] += rng.choice([-1, 1], jumps.sum()) * 0.005  # ~500 m in one fix
        accuracy = rng.gamma(2.0, 6.0, n)  # mostly 5-20 m, now and then over 50 m
        t[rng.uniform(size=n) < 0.0005] = datetime(1901, 1, 1, tzinfo=UTC).timestamp()
        result.append(TrackPoints.of(lon, lat, t, accuracy_m=accuracy, seq=np.arange(n)))
    return result


def _effort(batch: list[tuple[str, TrackPoints]]) -> tuple[EffortTable, dict[str, float]]:
    """Clean and measure a batch of tracks; return merged effort and seconds per stage."""
    stages = {"clean": 0.0, "effort": 0.0}
    tables = []
    for patrol, points in batch:
        began = time.perf_counter()
        clean = clean_track(points, now=NOW)
        cleaned = time.perf_counter()
        tables.append(track_effort(clean, patrol, day_offset=DAY_OFFSET))
        stages["clean"] += cleaned - began
        stages["effort"] += time.perf_counter() - cleaned
    return merge_effort(tables), stages


def run_coverage(tracks: list[TrackPoints], workers: int) -> dict[str, Any]:
    """Take every track to per-village coverage; return wall and stage times."""
    began = time.perf_counter()
    villages = [village_cells(code, name, geometry) for code, name, geometry in township()]
    cells_done = time.perf_counter()
    named = [(f"P{i:04d}", points) for i, points in enumerate(tracks)]
    if workers > 1:
        batches = [named[w::workers] for w in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_effort, batches))
    else:
        results = [_effort(named)]
    merged_at = time.perf_counter()
    effort = merge_effort([table for table, _ in results])
    period = Period(date(2025, 6, 1), date(2025, 6, 7))
    coverage = village_coverage(villages, effort, period=period, as_of=NOW)
    ended = time.perf_counter()
    stages = {key: round(sum(s[key] for _, s in results), 3) for key in ("clean", "effort")}
    return {
        "seconds": round(ended - began, 3),
        "stages": {
            "village_cells": round(cells_done - began, 3),
            **stages,
            "tracks_wall": round(merged_at - cells_done, 3),
            "merge_and_coverage": round(ended - merged_at, 3),
        },
        "records": len(effort),
        "villages": [
            {
                "id": c.village_id,
                "cells_total": c.cells_total,
                "cells_covered": c.cells_covered,
                "coverage_ratio": round(c.coverage_ratio, 3),
                "km": round(c.km, 1),
            }
            for c in coverage
        ],
    }


def run_binning(tracks: list[TrackPoints]) -> dict[str, Any]:
    """Bin the same points on a ~200 m lon/lat grid with plain numpy: the ceiling."""
    lon = np.concatenate([t.lon for t in tracks])
    lat = np.concatenate([t.lat for t in tracks])
    timings = []
    for _ in range(5):  # best of five: one pass is a few milliseconds
        began = time.perf_counter()
        scale = 500.0  # 1/500 degree: about 190 m of longitude and 220 m of latitude here
        col = np.floor((lon - CENTRE[0] + 0.5) * scale).astype(np.int64)
        row = np.floor((lat - CENTRE[1] + 0.5) * scale).astype(np.int64)
        counts = np.bincount(row * 1000 + col)
        timings.append(time.perf_counter() - began)
    return {"seconds": round(min(timings), 4), "bins_hit": int(np.count_nonzero(counts))}


def main() -> None:
    """Run the measurements and print one JSON object per line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--tracks", type=int, default=250)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    tracks = synthetic_tracks(args.points, args.tracks, args.seed)
    machine = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "h3": version("h3"),
        "numpy": version("numpy"),
        "pyproj": version("pyproj"),
    }
    coverage = run_coverage(tracks, args.workers)
    binning = run_binning(tracks)
    common = {"points": args.points, "tracks": args.tracks, "machine": machine}
    print(
        json.dumps(
            {
                "name": "coverage",
                **common,
                "workers": args.workers,
                **coverage,
                "target_seconds": TARGET_SECONDS,
                "within_target": coverage["seconds"] < TARGET_SECONDS,
            }
        )
    )
    print(json.dumps({"name": "binning", **common, **binning}))
    ratio = round(coverage["seconds"] / binning["seconds"], 1) if binning["seconds"] else None
    print(json.dumps({"name": "ratio", "coverage_over_binning": ratio}))


if __name__ == "__main__":
    main()
