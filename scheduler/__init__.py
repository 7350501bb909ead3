"""Pure roster scheduler: values in, values out (no I/O, no database; OR-Tools only in `solve`).

load_problem(dict) -> Problem               scheduler.problem_file
solve(problem, *, time_limit) -> SolveResult  scheduler.solve
roster_to_dict(result) -> dict              scheduler.roster_file
repair(problem, current, *, absent, from_time, time_limit) -> RepairResult  scheduler.repair
explain(problem, assignments) / render(...)  scheduler.explain
greedy(problem) -> SolveResult              scheduler.greedy (baseline)
check(problem, assignments) -> [Violation]  scheduler.rules (the oracle)
"""
