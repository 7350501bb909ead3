"""Column generation on a benchmark instance: the LP relaxation of "one schedule per person".

The master LP (GLOP) mixes whole individual schedules (columns), a convex combination per person,
to minimise the weighted under-cover. A person's pricing problem is the roster model of that
person alone (`to_problem(inst, [person])`: every hard rule of the instance), solved by CP-SAT for
the schedule of least reduced cost. When no person has a schedule of negative reduced cost the LP
is optimal, and its value bounds the under-cover of every roster from below: far tighter than the
compact model's own LP (instance 6: 1,900 against 200-1,800), because each column already obeys
the runs, days off, weekends and minutes that the compact LP only approximates.

`nrp_solve` looks for a roster first where the LP puts weight (its support), then everywhere.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from scheduler.nrp_format import NrpInstance

SCALE = 1000  # duals are rounded to 1/SCALE in the pricing objective
PRICING_SECONDS = 2.0  # a person's pricing solve; one that stops short leaves no proven bound

Slot = tuple[int, str]  # (day, shift type)
Triple = tuple[str, int, str]  # (staff, day, shift type)


@dataclass(frozen=True)
class Relaxation:
    """What column generation learnt within its time."""

    bound: int | None  # proven lower bound on the weighted under-cover (None: not converged)
    lp_value: float  # the master LP's value at the end
    weight: dict[Triple, float]  # how much of each (staff, day, shift) the LP uses, if any
    iterations: int
    columns: int


class _Pricer:
    """One person's schedules: the roster model of that person alone, re-priced each round."""

    def __init__(self, inst: NrpInstance, person: str) -> None:
        from scheduler.nrp_solve import to_problem  # nrp_solve imports this module
        from scheduler.solve import encode

        self.person = person
        self.enc = encode(to_problem(inst, people=[person]))
        self.slots: dict[Slot, Any] = {}
        for (_, ident), literal in self.enc.x.items():
            day, kind = ident[1:].split(":")
            self.slots[(int(day), kind)] = literal
        self.solver = self.enc.cp.CpSolver()
        self.solver.parameters.num_workers = 1
        self.solver.parameters.cp_model_presolve = False  # 84 literals: presolve costs more

    def price(
        self, duals: dict[Slot, float], deadline: float
    ) -> tuple[frozenset[Slot], float, bool] | None:
        """Return the schedule of most dual value, that value, and whether it is proven best
        (None when there is none, or no time left before `deadline`, a perf_counter time)."""
        left = deadline - time.perf_counter()
        if left <= 0.01:
            return None
        self.solver.parameters.max_time_in_seconds = min(PRICING_SECONDS, left)
        terms = [round(SCALE * duals.get(s, 0.0)) * lit for s, lit in self.slots.items()]
        self.enc.model.maximize(sum(terms, self.enc.cp.LinearExpr.constant(0)))
        status = self.solver.solve(self.enc.model)
        if status not in (self.enc.cp.OPTIMAL, self.enc.cp.FEASIBLE):
            return None
        values = self.solver.response_proto.solution
        chosen = frozenset(s for s, lit in self.slots.items() if values[lit.index])
        # The best value of any schedule, not just this one: the bound when unproven.
        best = self.solver.best_objective_bound / SCALE
        return chosen, best, status == self.enc.cp.OPTIMAL


def relax_under(inst: NrpInstance, *, seconds: float, workers: int = 2) -> Relaxation:
    """Column generation on the under-cover for at most `seconds`; see the module docstring."""
    from ortools.linear_solver import pywraplp

    deadline = time.perf_counter() + seconds
    people = list(inst.staff)
    lp = pywraplp.Solver.CreateSolver("GLOP")
    convex = {p: lp.Constraint(1, 1) for p in people}
    rows: dict[Slot, Any] = {}
    first: dict[Slot, float] = {}  # round 0 prices each slot at its weight
    for c in inst.cover:
        if c.under and c.requirement > 0:
            short = lp.NumVar(0, c.requirement, "")
            rows[(c.day, c.shift)] = row = lp.Constraint(c.requirement, lp.infinity())
            row.SetCoefficient(short, 1)  # and each schedule working it, as they come
            lp.Objective().SetCoefficient(short, c.under)
            first[(c.day, c.shift)] = float(c.under)
    lp.Objective().SetMinimization()
    columns: dict[str, set[frozenset[Slot]]] = {p: set() for p in people}
    used: dict[tuple[str, frozenset[Slot]], Any] = {}

    def add(person: str, schedule: frozenset[Slot]) -> None:
        var = lp.NumVar(0, lp.infinity(), "")  # no upper bound: its dual would hide in it
        convex[person].SetCoefficient(var, 1)
        for slot in schedule:
            if slot in rows:
                rows[slot].SetCoefficient(var, 1)
        columns[person].add(schedule)
        used[(person, schedule)] = var

    pricers = {p: _Pricer(inst, p) for p in people}
    duals = first
    bound: int | None = None
    rounds = 0
    with ThreadPoolExecutor(max(1, workers)) as pool:  # CP-SAT releases the GIL while it solves
        while True:
            # A round stops at the deadline too: 36 people at up to 2 s each, two at a time,
            # ran instance 9's 21 s to 29 s.
            priced = list(
                pool.map(
                    _Pricer.price, [pricers[p] for p in people], repeat(duals), repeat(deadline)
                )
            )
            if any(r is None for r in priced):
                break  # out of time, or a person with no schedule at all (no roster exists)
            if rounds and all(r is not None and r[2] for r in priced):
                # Lagrangian bound: LP value plus every person's most negative reduced cost,
                # less what the rounding of the duals can hide.
                slack = sum(
                    min(0.0, -r[1] - convex[p].dual_value())
                    for p, r in zip(people, priced, strict=True)
                    if r is not None
                )
                error = len(people) * inst.horizon * len(inst.shifts) * 0.5 / SCALE
                found = math.ceil(lp.Objective().Value() + slack - error - 1e-9)
                bound = max(bound or 0, found)
            fresh = [
                (p, r[0])
                for p, r in zip(people, priced, strict=True)
                if r is not None
                and r[0] not in columns[p]
                and (not rounds or r[1] + convex[p].dual_value() > 1e-6)
            ]
            if not fresh or time.perf_counter() > deadline:
                break
            for person, schedule in fresh:
                add(person, schedule)
            lp.Solve()
            rounds += 1
            duals = {slot: row.dual_value() for slot, row in rows.items()}
    weight: dict[Triple, float] = {}
    for (person, schedule), var in used.items():
        value = var.solution_value() if rounds else 0.0
        for day, kind in schedule:
            if value > 1e-6:
                key = (person, day, kind)
                weight[key] = weight.get(key, 0.0) + value
    return Relaxation(
        bound=bound,
        lp_value=lp.Objective().Value() if rounds else math.inf,
        weight=weight,
        iterations=rounds,
        columns=len(used),
    )
