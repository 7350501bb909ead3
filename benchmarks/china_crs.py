"""Coordinate-system conversion benchmark: JSON lines on stdout, one object per measurement.

    .venv/bin/python benchmarks/china_crs.py [--points N] [--batch N] [--seed S]

- `bulk`: N random points over Nagqu prefecture (default 1,000,000) taken GCJ-02 → WGS84 and
  BD-09 → WGS84 by `to_wgs84_arrays` (iterated to 1e-9°), against the ceiling, the forward
  formula WGS84 → GCJ-02 alone (`ratio` = inverse / forward: the price of exactness).
- `intake`: batches of `--batch` (default 100) phone positions with a mix of systems (half GCJ-02,
  a quarter BD-09, a quarter WGS84) converted by `to_wgs84_batch`, against one `to_wgs84` call per
  point (`ratio` = batch / per point): why intake should convert per batch.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from importlib.metadata import version

import numpy as np

from geo.china_crs import from_wgs84_arrays, to_wgs84, to_wgs84_arrays, to_wgs84_batch

NAGQU_LON, NAGQU_LAT = (83.9, 95.1), (29.9, 36.5)


def timed(run) -> float:
    """Seconds for one call of run(), best of three."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def bulk(points: int, rng: np.random.Generator) -> list[dict]:
    lons, lats = rng.uniform(*NAGQU_LON, points), rng.uniform(*NAGQU_LAT, points)
    forward = timed(lambda: from_wgs84_arrays(lons, lats, "gcj02"))
    rows = []
    for crs in ("gcj02", "bd09"):
        sent_lon, sent_lat = from_wgs84_arrays(lons, lats, crs)
        seconds = timed(lambda sent_lon=sent_lon, sent_lat=sent_lat, crs=crs: to_wgs84_arrays(
            sent_lon, sent_lat, crs))  # fmt: skip
        rows.append({"benchmark": "bulk", "from": crs, "points": points, "seconds": round(seconds, 4),
                     "points_per_s": round(points / seconds), "forward_seconds": round(forward, 4),
                     "ratio": round(seconds / forward, 2)})  # fmt: skip
    return rows


def intake(batch: int, rng: np.random.Generator) -> dict:
    lons, lats = rng.uniform(91.6, 91.8, batch), rng.uniform(32.2, 32.3, batch)
    systems = [("gcj02", "gcj02", "bd09", None)[i % 4] for i in range(batch)]
    batched = timed(lambda: to_wgs84_batch(lons, lats, systems))
    points = list(zip(lons.tolist(), lats.tolist(), systems, strict=True))
    one_by_one = timed(lambda: [to_wgs84(x, y, s or "wgs84") for x, y, s in points])
    return {"benchmark": "intake", "batch": batch, "batch_seconds": round(batched, 5),
            "per_point_seconds": round(one_by_one, 5), "ratio": round(batched / one_by_one, 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    context = {"python": platform.python_version(), "numpy": version("numpy")}
    for row in [*bulk(args.points, rng), intake(args.batch, rng)]:
        print(json.dumps(row | context))


if __name__ == "__main__":
    main()
