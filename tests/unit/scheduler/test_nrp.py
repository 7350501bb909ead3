"""The shift-scheduling benchmark: its format read faithfully, its own checker catching each hard
constraint, and the roster engine's answers passing that checker with the objective it defines."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.errors import ProblemError
from scheduler.nrp_check import objective, violations
from scheduler.nrp_columns import relax_under
from scheduler.nrp_format import NrpInstance, read_instance
from scheduler.nrp_solve import _hint_last, cover_terms, solve_instance, to_problem
from scheduler.solve import encode

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "nrp" / "Small14.txt"
STAFF_HEAD = "SECTION_STAFF\n"


def tiny(
    staff: str = "A,D=7|N=7,4800,0,7,1,1,2", cover: str = "0,D,2,100,1", extra: str = ""
) -> str:
    """Return a 7-day instance with shift types D and N (N may not be followed by D)."""
    return (
        "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\nN,600,D\n\n"
        f"{STAFF_HEAD}{staff}\n\nSECTION_DAYS_OFF\nA,6\n\n{extra}"
        f"SECTION_COVER\n{cover}\n"
    )


def test_the_format_is_read_field_by_field() -> None:
    inst = read_instance(FIXTURE.read_text(), "Small14")
    assert inst.horizon == 14 and set(inst.shifts) == {"E", "L"}
    assert inst.shifts["L"].cannot_follow == {"E"} and inst.shifts["E"].minutes == 480
    b = inst.staff["B"]
    assert b.max_shifts == {"E": 14, "L": 4} and (b.max_minutes, b.min_minutes) == (4800, 2400)
    assert (b.max_consecutive, b.min_consecutive, b.min_days_off, b.max_weekends) == (5, 2, 2, 1)
    assert inst.days_off["B"] == {6, 7}
    first_off = inst.off_requests[0]
    assert (first_off.staff, first_off.day, first_off.shift, first_off.weight) == ("D", 5, "E", 3)
    assert len(inst.cover) == 28


def test_a_bad_number_is_reported_with_its_line() -> None:
    with pytest.raises(ProblemError) as caught:
        read_instance(tiny(staff="A,D=7,4800,x,7,1,1,2"))
    assert "MinTotalMinutes must be a whole number" in str(caught.value)
    assert str(caught.value).startswith("line 9:")


def test_an_unknown_shift_in_the_cover_is_an_error_that_names_the_section() -> None:
    with pytest.raises(ProblemError, match='SECTION_COVER: unknown shift "Z"'):
        read_instance(tiny(cover="0,Z,1,100,1"))


def test_a_file_cut_short_before_its_cover_is_refused_not_solved_without_demand() -> None:
    text = tiny()
    with pytest.raises(ProblemError, match="no SECTION_COVER"):
        read_instance(text[: text.index("SECTION_COVER")], "cut")
    assert read_instance(text).cover  # the whole file reads


@pytest.mark.parametrize(
    ("roster", "expected"),
    [
        ([("A", 0, "D"), ("A", 0, "N")], "two shifts on day 0"),
        ([("A", 6, "D")], "a day off"),
        ([("A", 0, "N"), ("A", 1, "D")], "follows N"),
    ],
)
def test_the_checker_catches_each_daily_constraint(roster: list, expected: str) -> None:
    inst = read_instance(tiny())
    assert any(expected in v for v in violations(inst, roster))


def test_the_checker_catches_caps_minutes_runs_days_off_and_weekends() -> None:
    inst = read_instance(tiny(staff="A,D=2|N=7,1500,960,3,2,2,0"))
    week = [("A", d, "D") for d in range(4)]
    found = " | ".join(violations(inst, week))
    for words in ("shifts D, MaxShifts 2", "outside 960-1500", "4 shifts running"):
        assert words in found
    short_run = [("A", 0, "D"), ("A", 1, "D"), ("A", 4, "D")]  # day 4 alone, inside the horizon
    assert any("only 1 shifts running from day 4" in v for v in violations(inst, short_run))
    short_rest = [("A", 0, "D"), ("A", 1, "D"), ("A", 3, "D"), ("A", 4, "D")]
    assert any("only 1 days off from day 2" in v for v in violations(inst, short_rest))
    assert any("1 weekends, MaxWeekends 0" in v for v in violations(inst, [("A", 5, "D")]))


def test_objective_counts_requests_and_cover_under_and_over() -> None:
    requests = "SECTION_SHIFT_ON_REQUESTS\nA,1,D,3\n\nSECTION_SHIFT_OFF_REQUESTS\nA,0,D,2\n\n"
    inst = read_instance(tiny(cover="0,D,2,100,1\n2,N,0,100,7", extra=requests))
    # A works D on day 0 (off request: 2, one short: 100), N on day 2 (7 over), not D on day 1 (3)
    assert objective(inst, [("A", 0, "D"), ("A", 2, "N")]) == 2 + 100 + 7 + 3


def test_one_person_for_two_places_costs_one_under_cover() -> None:
    inst = read_instance(tiny(staff="A,D=7|N=7,4800,0,7,1,1,2"))
    result = solve_instance(inst, time_limit=10)
    assert result.status == "optimal"
    assert objective(inst, result.assignments) == 100 and violations(inst, result.assignments) == []


def test_the_engine_solves_the_fixture_to_a_roster_its_checker_accepts() -> None:
    inst = read_instance(FIXTURE.read_text(), "Small14")
    result = solve_instance(inst, time_limit=20)
    assert result.status == "optimal" and violations(inst, result.assignments) == []
    assert objective(inst, result.assignments) == result.solver_objective


def test_the_next_solve_starts_from_the_whole_last_solution() -> None:
    # Every variable is hinted (counters, runs and cover terms too), so the hint is a complete
    # solution of the same model: fixed to it, the model is feasible at the same objective.
    inst = read_instance(FIXTURE.read_text(), "Small14")
    enc = encode(to_problem(inst))
    enc.model.minimize(sum(cover_terms(enc, inst), enc.cp.LinearExpr.constant(0)))
    solver = enc.cp.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    assert solver.solve(enc.model) in (enc.cp.OPTIMAL, enc.cp.FEASIBLE)
    found = solver.objective_value
    _hint_last(enc, solver)
    hint = enc.model.proto.solution_hint
    assert len(hint.vars) == len(enc.model.proto.variables) > len(enc.x)
    again = enc.cp.CpSolver()
    again.parameters.fix_variables_to_their_hinted_value = True
    assert again.solve(enc.model) == enc.cp.OPTIMAL and again.objective_value == found


def _under(inst: NrpInstance, roster: tuple[tuple[str, int, str], ...]) -> int:
    held = Counter((day, kind) for _, day, kind in roster)
    return sum(c.under * max(0, c.requirement - held[(c.day, c.shift)]) for c in inst.cover)


def test_column_generation_bounds_the_under_cover_from_below_and_tightly() -> None:
    inst = read_instance(FIXTURE.read_text(), "Small14")
    relax = relax_under(inst, seconds=20)
    result = solve_instance(inst, time_limit=20)
    assert result.status == "optimal"
    # Converged: a proven bound, never above a real roster's under-cover, and here equal to it.
    assert relax.bound is not None and relax.bound == _under(inst, result.assignments) > 0
    assert relax.iterations > 1 and relax.columns >= len(inst.staff)


def test_column_generation_prices_nobody_past_its_deadline() -> None:
    # Out of time before the first round: no pricing runs (a round of them once ran 8 s past
    # its share), so no column, no LP and no bound; the solve then searches without them.
    inst = read_instance(FIXTURE.read_text(), "Small14")
    relax = relax_under(inst, seconds=0)
    assert (relax.bound, relax.iterations, relax.columns, relax.weight) == (None, 0, 0, {})


def test_column_generation_uses_only_schedules_a_person_may_work() -> None:
    # A's day 6 is off: one person, two wanted on day 0 and one on day 6.
    inst = read_instance(tiny(cover="0,D,2,100,1\n6,D,1,100,1"))
    relax = relax_under(inst, seconds=10)
    assert relax.bound == 200  # one of day 0's two, and day 6 (nobody may work it)
    assert relax.weight and all(day != 6 for _, day, _ in relax.weight)


def test_roster_nrp_command_writes_the_benchmark_roster_file(tmp_path: Path) -> None:
    from ops.cli import app

    out = tmp_path / "roster.json"
    args = ["roster", "nrp", str(FIXTURE), "--out", str(out), "--time-limit", "20"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    roster = json.loads(out.read_text(encoding="utf-8"))
    assert list(roster) == ["instance", "objective", "status", "solve_seconds", "assignments"]
    assert roster["instance"] == "Small14" and roster["status"] == "optimal"
    triples = [(a["staff"], a["day"], a["shift"]) for a in roster["assignments"]]
    inst = read_instance(FIXTURE.read_text())
    assert violations(inst, triples) == [] and roster["objective"] == objective(inst, triples)
