"""Solve a benchmark instance on the roster model: its hard constraints become `Problem` rules.

Day d of the horizon is a local date from Monday 2024-01-01 (UTC); each (day, shift type) is one
`Shift` of kind = the shift type, starting at 00:00 and lasting its minutes. Days off are
unavailable days, MaxShifts per type are `max_shifts_by_kind`, the shifts that cannot follow are
`forbidden_successions`, and the minutes, runs and weekends map onto the person's rule fields.
The encoding is the roster solver's own (`scheduler.solve.encode`); only the objective is the
benchmark's: request weights (`soft_terms.request_terms`) plus cover weights under and over.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from scheduler.encoding import Encoding
from scheduler.model import Interval, Problem, Request, Rules, Shift, StaffMember
from scheduler.nrp_columns import relax_under
from scheduler.nrp_format import NrpInstance, NrpStaff
from scheduler.soft_terms import request_terms
from scheduler.solve import encode

MONDAY = date(2024, 1, 1)
DEFAULT_WORKERS = 2  # the benchmark's figures are for 2 cores
# Most of the time the under-cover alone may take (over the pairs the column LP uses), its roster
# hinted to the full solve; it stops sooner at the proven bound.
UNDER_FIRST = 0.3
# Share of the time column generation may take for the under-cover's LP (`nrp_columns`); it
# stops sooner when the LP is optimal (instance 6: 15 rounds, 10 s on 2 cores).
COLUMNS = 0.35


def shift_id(day: int, kind: str) -> str:
    """Return the model's id of shift type `kind` on day `day`, e.g. "d3:E"."""
    return f"d{day}:{kind}"


def _midnight(day: int) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), datetime.min.time(), tzinfo=UTC)


def _staff(inst: NrpInstance, person: NrpStaff) -> StaffMember:
    requests = [
        Request(MONDAY + timedelta(days=r.day), r.shift, on, r.weight)
        for on, rows in ((True, inst.on_requests), (False, inst.off_requests))
        for r in rows
        if r.staff == person.id
    ]
    return StaffMember(
        id=person.id,
        name=person.id,
        unavailable=tuple(
            Interval(_midnight(d), _midnight(d + 1))
            for d in sorted(inst.days_off.get(person.id, ()))
        ),
        max_consecutive_days=person.max_consecutive,
        min_consecutive_days=person.min_consecutive,
        min_consecutive_days_off=person.min_days_off,
        max_weekends=person.max_weekends,
        min_minutes=person.min_minutes,
        max_minutes=person.max_minutes,
        max_shifts_by_kind=tuple(sorted(person.max_shifts.items())),
        requests=tuple(requests),
    )


def to_problem(inst: NrpInstance, people: list[str] | None = None) -> Problem:
    """Return the roster problem of a benchmark instance (every slot open to everyone), or of
    the given people of it alone."""
    staff = [inst.staff[s] for s in people] if people is not None else list(inst.staff.values())
    shifts = tuple(
        Shift(
            id=shift_id(day, s.id),
            post="ward",
            start=_midnight(day),
            end=_midnight(day) + timedelta(minutes=s.minutes),
            min_staff=0,
            max_staff=len(staff),
            kind=s.id,
        )
        for day in range(inst.horizon)
        for s in inst.shifts.values()
    )
    successions = tuple(
        sorted((s.id, other) for s in inst.shifts.values() for other in s.cannot_follow)
    )
    return Problem(
        timezone="UTC",
        rules=Rules(min_rest_hours=0, max_shifts_per_day=1, forbidden_successions=successions),
        staff=tuple(_staff(inst, p) for p in staff),
        shifts=shifts,
    )


def cover_terms(enc: Encoding, inst: NrpInstance, unders: list[Any] | None = None) -> list[Any]:
    """Return the weighted under- and over-cover terms of every cover line (the under ones are
    also appended to `unders` when given)."""
    terms = []
    for c in inst.cover:
        ident = shift_id(c.day, c.shift)
        people = [enc.x[(s, ident)] for s in enc.pairs[ident]]
        held = sum(people, enc.cp.LinearExpr.constant(0))
        need = c.requirement
        if c.under and need > 0:
            under = enc.model.new_int_var(0, need, f"under[{ident}]")
            enc.model.add(under >= need - held)
            terms.append(c.under * under)
            if unders is not None:
                unders.append(c.under * under)
        if c.over and len(people) > need:
            over = enc.model.new_int_var(0, len(people) - need, f"over[{ident}]")
            enc.model.add(over >= held - need)
            terms.append(c.over * over)
    return terms


def _triple(staff: str, ident: str) -> tuple[str, int, str]:
    day, kind = ident[1:].split(":")
    return staff, int(day), kind


def _hint_last(enc: Encoding, solver: Any) -> None:
    """Hint the model with the solution the solver found last, every variable of it.

    A complete hint that is feasible is the next solve's first solution; hinting the roster's
    literals alone left the counters, runs and cover terms to be completed, which the search
    did not (instance 9: its first solution 772, against 500 from the hint)."""
    values, model = solver.response_proto.solution, cast(Any, enc.model)
    model.clear_hints()
    hint = model.proto.solution_hint  # written whole, as `scheduler.solve` writes its hints
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _configure(solver: Any, workers: int, parameters: dict[str, Any], seconds: float) -> None:
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    for name, value in parameters.items():
        if isinstance(value, list):  # a repeated field, e.g. subsolvers
            getattr(solver.parameters, name).clear()
            getattr(solver.parameters, name).extend(value)
        else:
            setattr(solver.parameters, name, value)
    solver.parameters.max_time_in_seconds = max(0.1, seconds)


@dataclass(frozen=True)
class NrpResult:
    """A benchmark roster: (staff, day, shift) triples, its status and the solver's objective."""

    status: str  # "optimal" | "feasible" | "infeasible" | "unknown" (nothing found in time)
    assignments: tuple[tuple[str, int, str], ...]
    solver_objective: int | None
    solve_seconds: float


def solve_instance(
    inst: NrpInstance,
    *,
    time_limit: float = 60.0,
    workers: int = DEFAULT_WORKERS,
    under_first: float = UNDER_FIRST,
    columns: float = COLUMNS,
    parameters: dict[str, Any] | None = None,
    hold_under: bool = True,
) -> NrpResult:
    """Minimise the benchmark objective under every hard constraint within `time_limit` seconds.

    The under-cover comes first (weight 100 in the published instances, so it dominates):
    column generation (`nrp_columns.relax_under`, at most `columns` of the time) proves a lower
    bound on it, kept as a constraint, and says which (person, shift) pairs its LP uses; the
    under-cover alone is then minimised over those pairs only, for at most `under_first` of the
    time (it stops at the bound). That roster is the hint of the full minimisation over every
    pair, and with `hold_under` its under-cover a ceiling of it, so the search spends its time on
    requests and over-cover (instance 6 in 60 s: 1,964-1,970, against 2,062-2,068 from the
    compact model's own under-cover search that morning). With the ceiling held, a proven
    optimum is reported "feasible" unless the ceiling, released, is proven too in the time left.
    `parameters`: further CP-SAT parameters by name, for experiments.
    """
    started = time.perf_counter()
    enc = encode(to_problem(inst))
    unders: list[Any] = []
    terms = cover_terms(enc, inst, unders) + [w * missed for w, missed in request_terms(enc)]
    zero = enc.cp.LinearExpr.constant(0)
    params = dict(parameters or {})
    solver = enc.cp.CpSolver()
    model: Any = enc.model
    held = False
    if under_first > 0 and unders:
        under = sum(unders, zero)
        relax = relax_under(inst, seconds=columns * time_limit, workers=workers)
        if relax.bound:
            model.add(under >= relax.bound)  # holds for every roster: lets a search stop there
        # Where the LP puts weight first: the other (person, shift) literals held at 0.
        outside = [
            lit for (s, ident), lit in enc.x.items() if _triple(s, ident) not in relax.weight
        ]
        restrict = model.add(sum(outside, zero) <= 0) if relax.weight and outside else None
        for (s, ident), literal in enc.x.items():
            model.add_hint(literal, relax.weight.get(_triple(s, ident), 0.0) >= 0.5)
        model.minimize(under)
        _configure(solver, workers, params, under_first * time_limit)
        located = solver.status_name(solver.solve(model)) in ("OPTIMAL", "FEASIBLE")
        if restrict is not None:
            restrict.proto.clear_linear()
        if located:
            _hint_last(enc, solver)
            if hold_under:
                ceiling = model.add(under <= round(solver.objective_value))
                held = True
    model.minimize(sum(terms, zero))
    _configure(solver, workers, params, time_limit - (time.perf_counter() - started))
    status = solver.status_name(solver.solve(model))
    if held and status == "OPTIMAL":
        # Optimal with the under-cover held: release the ceiling and prove it for the objective
        # (from this roster) in the time left; unproven, it stays "feasible".
        status, left = "FEASIBLE", time_limit - (time.perf_counter() - started)
        if left > 0.1:
            _hint_last(enc, solver)
            ceiling.proto.clear_linear()
            _configure(solver, workers, params, left)
            status = solver.status_name(solver.solve(model))
    found: tuple[tuple[str, int, str], ...] = ()
    objective = None
    if status in ("OPTIMAL", "FEASIBLE"):
        values = solver.response_proto.solution
        chosen = [pair for pair, literal in enc.x.items() if values[literal.index]]
        found = tuple(sorted((s, int(h[1:].split(":")[0]), h.split(":")[1]) for s, h in chosen))
        objective = round(solver.objective_value)
    return NrpResult(
        status={"OPTIMAL": "optimal", "FEASIBLE": "feasible", "INFEASIBLE": "infeasible"}.get(
            status, "unknown"
        ),
        assignments=found,
        solver_objective=objective,
        solve_seconds=round(time.perf_counter() - started, 2),
    )
