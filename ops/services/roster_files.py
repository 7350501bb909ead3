"""The pure file interface, `fieldops roster solve`: problem JSON in, roster JSON out."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ops.errors import InputError, Problem, bilingual


def solve_problem_data(
    data: Any, *, time_limit: float | None, source: str = "problem"
) -> dict[str, Any]:
    """Solve a parsed problem file; return the roster file contents (InputError on bad input)."""
    from ops.translate import travel_km
    from scheduler.errors import ProblemError
    from scheduler.problem_file import load_problem
    from scheduler.roster_file import roster_to_dict
    from scheduler.solve import solve

    try:
        problem = load_problem(data)
    except ProblemError as exc:
        raise InputError([Problem(source, "", str(exc))]) from exc
    if "travel_km" not in data:  # distances from home and post locations, computed where geo lives
        problem = replace(problem, travel_km=travel_km(problem.staff, problem.posts))
    try:
        return roster_to_dict(solve(problem, time_limit=time_limit))
    except ProblemError as exc:  # e.g. minimum minutes no roster can give
        raise InputError([Problem(source, "", str(exc))]) from exc


def solve_problem_file(problem_path: Path, out: Path, *, time_limit: float | None) -> str:
    """Solve the problem file and write the roster file; return a one-line summary."""
    try:
        data = json.loads(problem_path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(
            [Problem(str(problem_path), "", bilingual("找不到文件", "no such file"))]
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            [Problem(str(problem_path), "", bilingual("不是有效的 JSON", f"not valid JSON: {exc}"))]
        ) from None
    roster = solve_problem_data(data, time_limit=time_limit, source=problem_path.name)
    out.write_text(json.dumps(roster, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return (
        f"{roster['status']}: 缺员 shortfall {roster['shortfall']}, 最多 max load {roster['max_load']}, "
        f"{len(roster['assignments'])} assignments, {roster['solve_seconds']}s -> {out}"
    )


NRP_TIME_LIMIT = 60.0  # seconds, as the benchmark figures are quoted


def solve_nrp_file(instance: Path, out: Path, *, time_limit: float | None) -> dict[str, Any]:
    """Solve a Curtois & Qu benchmark instance and write its roster JSON; return that JSON.

    The objective is recomputed by the benchmark's own checker (`scheduler.nrp_check`), which also
    refuses a roster breaking any hard constraint of the instance.
    """
    from scheduler.errors import ProblemError, SolverBugError
    from scheduler.nrp_check import objective, violations
    from scheduler.nrp_format import read_instance
    from scheduler.nrp_solve import solve_instance

    try:
        inst = read_instance(instance.read_text(encoding="utf-8-sig"), instance.stem)
    except FileNotFoundError:
        raise InputError(
            [Problem(str(instance), "", bilingual("找不到文件", "no such file"))]
        ) from None
    except ProblemError as exc:
        raise InputError([Problem(instance.name, "", str(exc))]) from exc
    result = solve_instance(inst, time_limit=NRP_TIME_LIMIT if time_limit is None else time_limit)
    broken = violations(inst, result.assignments)
    if broken:
        raise SolverBugError(f"benchmark roster breaks hard constraints: {broken[:5]}")
    found = result.status in ("optimal", "feasible")
    roster = {
        "instance": inst.name,
        "objective": objective(inst, result.assignments) if found else None,
        "status": result.status,
        "solve_seconds": result.solve_seconds,
        "assignments": [
            {"staff": staff, "day": day, "shift": shift} for staff, day, shift in result.assignments
        ],
    }
    out.write_text(json.dumps(roster, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return roster
