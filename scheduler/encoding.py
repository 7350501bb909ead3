"""The CP-SAT model of one problem: a literal per candidate pair and the measures built on it.

Shared by the hard-rule encodings (`scheduler.solve`, `scheduler.rule_encodings`) and the soft
terms (`scheduler.soft_terms`); OR-Tools is imported when an encoding is built, not at import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from scheduler.blockers import Occupancy
from scheduler.candidates import candidates
from scheduler.model import Problem, Shift

Pair = tuple[str, str]  # (staff id, shift id)


class Encoding:
    """The CP-SAT model of one problem: a literal per candidate pair and the measures on it."""

    def __init__(self, problem: Problem) -> None:
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.problem = problem
        self.model = cp_model.CpModel()
        self.pairs = candidates(problem)
        self.x: dict[Pair, Any] = {}
        self.by_person: dict[str, list[Shift]] = defaultdict(list)
        self.derived: list[tuple[Any, Callable[[Occupancy], int]]] = []
        self.memo: dict[tuple[object, ...], Any] = {}  # shared derived terms, e.g. worked days

    def derived_var(self, top: int, name: str, value: Callable[[Occupancy], int]) -> Any:
        """Return a new variable in [0, top] whose value on a roster is `value` (for hints)."""
        var = self.model.new_bool_var(name) if top == 1 else self.model.new_int_var(0, top, name)
        self.derived.append((var, value))
        return var

    def held(self, occ: Occupancy, staff: str, shifts: Iterable[Shift]) -> int:
        """Return how many of the given shifts the person holds in the roster."""
        return sum(1 for h in shifts if staff in occ.staff_on[h.id])

    def assigned(self, staff: str, shift: str) -> Any:
        """Return the literal "staff holds shift" (a constant 0 for non-candidates)."""
        return self.x.get((staff, shift), 0)

    def holds_any(self, staff: str, shifts: list[Shift], name: str) -> Any:
        """Return a 0/1 term "the person holds at least one of these shifts" (0 if none given)."""
        key = ("any", staff, tuple(h.id for h in shifts))
        if key not in self.memo:
            self.memo[key] = self._holds_any(staff, shifts, name)
        return self.memo[key]

    def _holds_any(self, staff: str, shifts: list[Shift], name: str) -> Any:
        literals = [self.x[(staff, h.id)] for h in shifts if (staff, h.id) in self.x]
        if not literals:
            return 0
        if len(literals) == 1:
            return literals[0]
        held = self.derived_var(1, name, lambda occ: int(self.held(occ, staff, shifts) > 0))
        for literal in literals:
            self.model.add_implication(literal, held)
        self.model.add(held <= sum(literals))
        return held

    def person_sum(self, staff: str, shifts: Iterable[Shift]) -> Any:
        """Return the number of the given shifts the person holds."""
        return sum((self.assigned(staff, h.id) for h in shifts), self.cp.LinearExpr.constant(0))
