"""The standard rostering benchmark: Curtois & Qu's shift-scheduling instances on the roster engine.

    .venv/bin/python benchmarks/nrp.py DIR [--instances 1-12] [--time-limit 60]

DIR holds the published instances (Instance1.txt ... Instance24.txt, from schedulingbenchmarks.org;
the project does not ship them). One JSON line per instance: the objective as the benchmark
defines it (recomputed by `scheduler.nrp_check`, which also checks every hard constraint), the
published best, the gap to it, the seconds and the solver status. Target (issue 14): instances
1-7 within 5 % of the published best in 60 s each on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

# Best known objectives as published with the instances (schedulingbenchmarks.org); 1-12 are
# proven optimal there.
BEST = {1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439, 10: 4631}
BEST |= {11: 3443, 12: 4040}
TARGET_GAP = 0.05  # instances 1-7


def gap(objective: int | None, best: int | None) -> float | None:
    """Return (objective - best) / best rounded to 4 places (None when either is unknown)."""
    if objective is None or not best:
        return None
    return round((objective - best) / best, 4)


def numbers(spec: str) -> list[int]:
    """Return the instance numbers of "1-7", "3" or "1,4,9-12"."""
    found: list[int] = []
    for part in spec.split(","):
        low, _, high = part.partition("-")
        found += range(int(low), int(high or low) + 1)
    return found


def measure(path: Path, number: int, time_limit: float) -> dict[str, object]:
    """Solve one instance and return its line."""
    from scheduler.nrp_check import objective, violations
    from scheduler.nrp_format import read_instance
    from scheduler.nrp_solve import solve_instance

    inst = read_instance(path.read_text(encoding="utf-8-sig"), path.stem)
    result = solve_instance(inst, time_limit=time_limit)
    found = result.status in ("optimal", "feasible")
    value = objective(inst, result.assignments) if found else None
    return {
        "instance": path.stem,
        "objective": value,
        "best": BEST.get(number),
        "gap": gap(value, BEST.get(number)),
        "seconds": result.solve_seconds,
        "status": result.status,
        "hard_violations": len(violations(inst, result.assignments)),
        "target_gap": TARGET_GAP if number <= 7 else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the chosen instances from the folder, one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder holding InstanceN.txt files")
    parser.add_argument("--instances", default="1-12")
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args(argv)
    print(json.dumps({"machine": platform.machine(), "cpus": os.cpu_count()}), flush=True)
    for number in numbers(args.instances):
        path = args.folder / f"Instance{number}.txt"
        if not path.is_file():
            print(json.dumps({"instance": path.stem, "missing": str(path)}), flush=True)
            continue
        print(json.dumps(measure(path, number, args.time_limit)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
