"""CP-SAT encoding of the hard rules and the lexicographic solve (the only OR-Tools import).

Each hard rule of `scheduler.rules` has an `add_<name>` here. Priorities are solved one after the
other from the greedy roster, each phase's optimum then held as a constraint and its roster
hinted to the next: (1) total shortfall, (2) maximum load, (3) weighted soft terms
(`scheduler.penalties`). A phase whose value already meets a lower bound (`scheduler.bounds`)
is proven without search; phase 2 on the greedy roster first only asks for a better roster,
which is refuted faster than an optimisation proves the same bound. Horizons longer than
WINDOW_DAYS get phase 3 one window at a time, each in a model of its own with the rest locked.
One search worker and a deterministic time limit for phase 3 make the same input give the same
roster; a wall-clock cap (`time_limit`) bounds the whole solve.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from scheduler import rule_encodings
from scheduler.blockers import Occupancy
from scheduler.bounds import day_windows, load_floor, shortfall_floor, window_problem
from scheduler.candidates import check_locked
from scheduler.encoding import Encoding
from scheduler.errors import ProblemError
from scheduler.greedy import greedy_assignments
from scheduler.model import Assignment, Problem, Shift, SolveResult
from scheduler.result import build_result
from scheduler.rules import check, loads, shift_shortfall, shortfall
from scheduler.soft_terms import soft_objective

DEFAULT_TIME_LIMIT = 9.0  # seconds of wall clock for a whole solve when none is given
SOFT_WORK_PER_PAIR = 0.0005  # deterministic seconds of phase-3 search per (person, shift) pair
SOFT_WORK_RANGE = (0.2, 1.5)  # phase-3 deterministic budget is clamped into this range
WINDOW_DAYS = 7  # longer horizons get phase 3 one week at a time (a deterministic LNS)

# One worker makes runs repeatable; a level-2 LP proves the max-load bound fast; symmetry
# detection and probing cost more presolve time than they save on rosters (measured).
SOLVER_PARAMETERS: dict[str, Any] = {
    "num_workers": 1,
    "random_seed": 0,
    "linearization_level": 2,
    "symmetry_level": 0,
    "cp_model_probing_level": 0,
}
# One presolve pass without the costliest inclusion and overlap searches: asking "is there a
# roster better than this one?" and the phase-3 windows need no more (a month's max-load proof
# 0.73 -> 0.52 s, same rosters); a full minimisation keeps the full presolve, it needs it.
LIGHT_PRESOLVE: dict[str, Any] = {
    "max_presolve_iterations": 1,
    "presolve_inclusion_work_limit": 0,
    "find_big_linear_overlap": False,
}
# Phase 3 starts from a complete, feasible hint: following it again only wastes time.
SOFT_PARAMETERS: dict[str, Any] = {"hint_conflict_limit": 0} | LIGHT_PRESOLVE


def add_integrity(enc: Encoding) -> None:
    """Create one literal per candidate (person, shift) pair; locked pairs are fixed to 1."""
    for shift in enc.problem.shifts:
        for staff in enc.pairs[shift.id]:
            enc.x[(staff, shift.id)] = enc.model.new_bool_var(f"x[{staff},{shift.id}]")
            enc.by_person[staff].append(shift)
    for a in enc.problem.locked:
        enc.model.add(enc.x[(a.staff, a.shift)] == 1)


def add_qualified(enc: Encoding) -> None:
    """Qualified: pairs whose person holds none of the shift's roles get no literal (candidates)."""


def add_available(enc: Encoding) -> None:
    """Available: pairs overlapping the person's leave get no literal (candidates)."""


def _add_cliques(enc: Encoding, rest: timedelta) -> None:
    """Add, per person, the maximal cliques of the intervals [start, end + rest) (a sweep)."""
    for staff, shifts in enc.by_person.items():
        reach = sorted((h.start, h.end + rest, h.id) for h in shifts)
        active: list[tuple[datetime, str]] = []
        for i, (start, end, shift) in enumerate(reach):
            active = [(e, h) for e, h in active if e > start] + [(end, shift)]
            following = reach[i + 1][0] if i + 1 < len(reach) else None
            maximal = following is None or any(e <= following for e, _ in active)
            if maximal and len(active) > 1:
                enc.model.add_at_most_one(enc.x[(staff, h)] for _, h in active)


def add_no_overlap(enc: Encoding) -> None:
    """No overlap: at most one of a person's shifts covering any shift start (interval cliques)."""
    if enc.problem.rules.min_rest_hours == 0:
        _add_cliques(enc, timedelta(0))


def add_min_rest(enc: Encoding) -> None:
    """Min rest: cliques over [start, end + rest) (these also forbid every overlap)."""
    if enc.problem.rules.min_rest_hours > 0:
        _add_cliques(enc, timedelta(hours=enc.problem.rules.min_rest_hours))


def _add_bucket_limit(
    enc: Encoding, key: Callable[[Shift], object], cap: Callable[[str], int | None]
) -> None:
    for staff, shifts in enc.by_person.items():
        limit = cap(staff)
        groups: dict[object, list[Shift]] = defaultdict(list)
        for h in shifts:
            groups[key(h)].append(h)
        for group in groups.values():
            if limit is not None and len(group) > limit:
                enc.model.add(enc.person_sum(staff, group) <= limit)


def add_max_per_day(enc: Encoding) -> None:
    """Max per day: per person and local start date, at most max_shifts_per_day."""
    p = enc.problem
    _add_bucket_limit(enc, lambda h: p.local_date(h.start), lambda _: p.rules.max_shifts_per_day)


def add_max_per_week(enc: Encoding) -> None:
    """Max per week: per person and local ISO week of the start, at most their weekly maximum."""
    p = enc.problem
    _add_bucket_limit(
        enc, lambda h: p.iso_week(h.start), lambda s: p.staff_by_id[s].max_shifts_per_week
    )


def add_max_staff(enc: Encoding) -> None:
    """Max staff: at most max_staff people on each shift."""
    for shift in enc.problem.shifts:
        if len(enc.pairs[shift.id]) > shift.max_staff:
            people = [enc.x[(s, shift.id)] for s in enc.pairs[shift.id]]
            enc.model.add(sum(people) <= shift.max_staff)


ENCODINGS: dict[str, Callable[[Encoding], None]] = {
    "integrity": add_integrity,
    "qualified": add_qualified,
    "available": add_available,
    "no_overlap": add_no_overlap,
    "max_per_day": add_max_per_day,
    "max_per_week": add_max_per_week,
    "min_rest": add_min_rest,
    "max_staff": add_max_staff,
    "max_consecutive_days": rule_encodings.add_max_consecutive_days,
    "min_consecutive_days": rule_encodings.add_min_consecutive_days,
    "min_consecutive_days_off": rule_encodings.add_min_consecutive_days_off,
    "min_days_off_per_week": rule_encodings.add_min_days_off_per_week,
    "max_weekends": rule_encodings.add_max_weekends,
    "min_minutes": rule_encodings.add_min_minutes,
    "max_minutes": rule_encodings.add_max_minutes,
    "max_shifts_by_kind": rule_encodings.add_max_shifts_by_kind,
    "forbidden_successions": rule_encodings.add_forbidden_successions,
}


def shortfall_expr(enc: Encoding) -> Any:
    """Return the total shortfall: per shift max(0, min - n, item.min - n_r) as integer variables."""
    total = []
    for shift in enc.problem.shifts:
        top = max([shift.min_staff, *(item.min for item in shift.composition)])
        if top == 0:
            continue
        short = enc.derived_var(top, f"short[{shift.id}]", partial(_short_of, enc.problem, shift))
        people = enc.pairs[shift.id]
        enc.model.add(short + sum(enc.x[(s, shift.id)] for s in people) >= shift.min_staff)
        for item in shift.composition:
            roles = enc.problem.staff_by_id
            holders = [
                enc.x[(s, shift.id)] for s in people if not roles[s].roles.isdisjoint(item.roles)
            ]
            enc.model.add(short + sum(holders) >= item.min)
        total.append(short)
    return sum(total, enc.cp.LinearExpr.constant(0))


def _short_of(problem: Problem, shift: Shift, occ: Occupancy) -> int:
    return shift_shortfall(shift, [problem.staff_by_id[s] for s in occ.staff_on[shift.id]])


def max_load_expr(enc: Encoding) -> Any:
    """Return a variable bounding every person's number of shifts from above."""
    top = max((len(shifts) for shifts in enc.by_person.values()), default=0)
    bound = enc.derived_var(
        top, "max_load", lambda occ: max(map(len, occ.shifts_of.values()), default=0)
    )
    for staff, shifts in enc.by_person.items():
        enc.model.add(enc.person_sum(staff, shifts) <= bound)
    return bound


class Phases:
    """Minimise objectives one after another on one encoding within one wall-clock deadline."""

    def __init__(self, problem: Problem, time_limit: float | None) -> None:
        self.started = time.perf_counter()
        self.deadline = self.started + (DEFAULT_TIME_LIMIT if time_limit is None else time_limit)
        problems = check_locked(problem)
        if problems:
            raise ProblemError("locked", f"locked assignments break hard rules: {problems[:3]}")
        self.problem = problem
        self.solution = set(greedy_assignments(problem))
        # A roster built shift by shift can miss the "at least" rules (min minutes, min days
        # running): then nothing is proven from it and the solver must find a valid one first.
        self.valid = not check(problem, tuple(self.solution))
        self.proven: list[bool] = []
        self.values: list[int] = []
        self.enc = encode(problem)

    def run(
        self, enc: Encoding, model: Any, work: float | None, parameters: dict[str, Any] | None
    ) -> tuple[str, Any]:
        """Solve `model` (enc's model or a clone) from the current roster: (status name, solver)."""
        left = self.deadline - time.perf_counter()
        if left <= 0:
            return "UNKNOWN", None
        model.clear_hints()
        hint = model.proto.solution_hint
        hint.vars.extend(literal.index for literal in enc.x.values())
        hint.values.extend(int(Assignment(h, s) in self.solution) for s, h in enc.x)
        occupancy = Occupancy(enc.problem, tuple(self.solution))
        hint.vars.extend(var.index for var, _ in enc.derived)
        hint.values.extend(value(occupancy) for _, value in enc.derived)
        solver = self.enc.cp.CpSolver()
        for name, value in (SOLVER_PARAMETERS | (parameters or {})).items():
            setattr(solver.parameters, name, value)
        solver.parameters.max_time_in_seconds = left
        if work is not None:
            solver.parameters.max_deterministic_time = work
        return solver.status_name(solver.solve(model)), solver

    def take(self, enc: Encoding, solver: Any) -> None:
        """Make the solver's roster the current one."""
        values = solver.response_proto.solution
        self.solution = {Assignment(h, s) for (s, h), lit in enc.x.items() if values[lit.index]}

    def minimise(
        self,
        objective: Any,
        work: float | None = None,
        parameters: dict[str, Any] | None = None,
        enc: Encoding | None = None,
    ) -> bool:
        """Minimise `objective` from the current solution, then hold it at its best; False if stuck."""
        enc = enc or self.enc
        enc.model.minimize(objective)
        status, solver = self.run(enc, enc.model, work, parameters)
        if status == "INFEASIBLE" and not self.valid:
            raise ProblemError("rules", "no roster can meet every hard rule (check min_minutes)")
        if status not in ("OPTIMAL", "FEASIBLE"):
            return False
        self.valid = True
        self.take(enc, solver)
        self.values.append(round(solver.objective_value))
        self.proven.append(status == "OPTIMAL")
        enc.model.add(objective <= self.values[-1])
        return True

    def improve(self, objective: Any, current: int, floor: int, *, ask_first: bool) -> bool:
        """Minimise an objective worth `current` on the current roster and never below `floor`.

        A floor the roster meets proves it without any search. With `ask_first`, only ask for a
        roster better than the current one (no objective, in a copy of the model): refuting that
        is much cheaper than an optimisation proving the same bound (a township month's max load:
        0.5-0.8 s against 1.3-3.4 s), but finding one first costs more than minimising at once,
        so ask first only when the current value is likely optimal.
        """
        if not self.valid or (current > floor and not ask_first):
            return self.minimise(objective)
        if current > floor:
            model = self.enc.model.clone()
            model.add(objective <= current - 1)
            status, solver = self.run(self.enc, model, None, LIGHT_PRESOLVE)
            if status in ("OPTIMAL", "FEASIBLE"):
                self.take(self.enc, solver)
                return self.minimise(objective)
            if status != "INFEASIBLE":
                return False
        self.values.append(current)
        self.proven.append(True)
        self.enc.model.add(objective <= current)
        return True

    def minimise_by_windows(self, windows: list[set[str]], work: float) -> None:
        """Minimise the soft terms one window of shifts at a time, every other assignment locked.

        Each window gets a model of its own (its candidates plus the locked rest), far smaller
        than the whole horizon's: presolve and search stay proportional to the window.
        """
        short, load = self.values[:2]
        for window in windows:
            enc = encode(window_problem(self.problem, self.solution, window))
            enc.model.add(shortfall_expr(enc) <= short)
            enc.model.add(max_load_expr(enc) <= load)
            if not self.minimise(soft_objective(enc, load), work, SOFT_PARAMETERS, enc):
                return

    def result(self, proven_phases: int) -> SolveResult:
        """Return the checked roster; "optimal" when the first `proven_phases` phases were proven."""
        if not self.valid:
            raise ProblemError("time_limit", "no roster meeting every hard rule found in time")
        optimal = len(self.proven) >= proven_phases and all(self.proven[:proven_phases])
        return build_result(
            self.problem,
            self.solution,
            status="optimal" if optimal else "feasible",
            seconds=time.perf_counter() - self.started,
        )


def encode(problem: Problem) -> Encoding:
    """Return the CP-SAT model of every hard rule of the problem."""
    enc = Encoding(problem)
    for add in ENCODINGS.values():
        add(enc)
    return enc


def soft_work(pairs: int) -> float:
    """Return the deterministic budget (seconds) of phase 3 on this many candidate pairs."""
    low, high = SOFT_WORK_RANGE
    return min(high, max(low, SOFT_WORK_PER_PAIR * pairs))


def solve(problem: Problem, *, time_limit: float | None = None) -> SolveResult:
    """Solve shortfall, then maximum load, then soft terms; `time_limit` caps it all (seconds)."""
    phases = Phases(problem, time_limit)
    enc, greedy = phases.enc, tuple(phases.solution)
    short, floor = sum(shortfall(problem, greedy).values()), shortfall_floor(problem, enc.pairs)
    if phases.improve(shortfall_expr(enc), short, floor, ask_first=False):
        # The greedy roster, when phase 1 kept it, gives each shift to the least loaded person:
        # its max load is nearly always optimal, so asking for a better one is the cheap proof.
        kept = phases.solution == set(greedy)
        load = max(loads(problem, tuple(phases.solution)).values(), default=0)
        floor = load_floor(problem, enc.pairs, phases.values[0])
        if phases.improve(max_load_expr(enc), load, floor, ask_first=kept):
            work = soft_work(len(enc.x))
            windows = day_windows(problem, WINDOW_DAYS)
            if len(windows) <= 1:
                phases.minimise(soft_objective(enc, phases.values[-1]), work, SOFT_PARAMETERS)
            else:
                phases.minimise_by_windows(windows, work / len(windows))
    return phases.result(proven_phases=2)


def solve_repair(
    problem: Problem, keep: Iterable[Assignment], *, time_limit: float | None = None
) -> SolveResult:
    """Solve shortfall, then fewest changes against `keep`, then maximum load."""
    phases = Phases(problem, time_limit)
    kept = set(keep)
    changes = sum(
        (1 - lit if Assignment(h, s) in kept else lit for (s, h), lit in phases.enc.x.items()),
        phases.enc.cp.LinearExpr.constant(len(kept - {Assignment(h, s) for s, h in phases.enc.x})),
    )
    if phases.minimise(shortfall_expr(phases.enc)) and phases.minimise(changes):
        phases.minimise(max_load_expr(phases.enc))
    return phases.result(proven_phases=2)
