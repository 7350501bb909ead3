"""Soft terms of a roster and their weights: what the solver trades off once priorities 1-2 hold.

Points (lower is better), per unit:
  load_squares          10 x sum over people of (history shifts + shifts)^2
  weekend_load_squares  10 x sum over people of (history weekend shifts + weekend shifts)^2
  travel_km             1 x km from home to post (per assignment, 0.1 km resolution)
  rotation             20 x each day beyond 3 running at the same post
  avoided_posts        30 x each assignment to a post the person asked to avoid
  unpreferred_posts     5 x each assignment outside a person's stated preferred posts
  night_load_squares   10 x sum over people of (shifts of kind "night")^2
  requests             10 x the weight of each request not met (a day or kind asked for, or off)
A sum of squares is least when shifts are spread evenly; it also makes every extra person beyond
what the shortfall needs cost something, so shifts are staffed to their need, not to max_staff.
Reported alongside, not weighted: `spread` (most minus fewest shifts among the people who could
take any shift) and `weekend_spread` (the same for weekend shifts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from scheduler.candidates import candidates
from scheduler.model import Assignment, Problem, Request, StaffMember
from scheduler.rules import loads

WEIGHTS: dict[str, int] = {
    "load_squares": 10,
    "weekend_load_squares": 10,
    "travel_km": 1,
    "rotation": 20,
    "avoided_posts": 30,
    "unpreferred_posts": 5,
    "night_load_squares": 10,
    "requests": 10,
}
NIGHT = "night"  # the kind of shift whose load is spread evenly on its own
ROTATION_DAYS = 3  # days running at one post before each further day costs points


def travel_decikm(problem: Problem, staff: str, post: str) -> int:
    """Return the home-to-post distance in tenths of a km (0 when unknown)."""
    return round(10 * problem.travel_km.get((staff, post), 0.0))


def _squares(problem: Problem, assignments: Sequence[Assignment], weekend: bool) -> int:
    counts = dict.fromkeys(problem.staff_by_id, 0)
    for a in assignments:
        if not weekend or problem.is_weekend(problem.shift_by_id[a.shift].start):
            counts[a.staff] += 1
    total = 0
    for person, count in counts.items():
        past = problem.history.get(person)
        before = 0 if past is None else past.weekend_shifts if weekend else past.shifts
        total += (before + count) ** 2
    return total


def request_missed(problem: Problem, person: StaffMember, request: Request, held: set[str]) -> bool:
    """Return whether the roster misses the request, given the ids of the shifts the person holds."""
    worked = any(
        problem.start_date[h] == request.day
        and (request.shift_kind is None or problem.shift_by_id[h].kind == request.shift_kind)
        for h in held
    )
    return worked != request.on


def requests_missed(problem: Problem, assignments: Sequence[Assignment]) -> int:
    """Return the summed weight of the requests the roster does not meet."""
    held: dict[str, set[str]] = defaultdict(set)
    for a in assignments:
        held[a.staff].add(a.shift)
    return sum(
        r.weight
        for person in problem.staff
        for r in person.requests
        if request_missed(problem, person, r, held[person.id])
    )


def _night_squares(problem: Problem, assignments: Sequence[Assignment]) -> int:
    counts: dict[str, int] = defaultdict(int)
    for a in assignments:
        counts[a.staff] += problem.shift_by_id[a.shift].kind == NIGHT
    return sum(n * n for n in counts.values())


def rotation_days(problem: Problem, assignments: Sequence[Assignment]) -> int:
    """Return the days beyond ROTATION_DAYS running that people spend at one post."""
    days: dict[tuple[str, str], set[date]] = defaultdict(set)
    for a in assignments:
        shift = problem.shift_by_id[a.shift]
        days[(a.staff, shift.post)].add(problem.local_date(shift.start))
    excess = 0
    for dates in days.values():
        for day in dates:
            run = all(day - timedelta(days=k) in dates for k in range(1, ROTATION_DAYS + 1))
            excess += run
    return excess


def penalties(problem: Problem, assignments: Sequence[Assignment]) -> dict[str, float]:
    """Return each soft term of the roster, a `spread` summary and the weighted `points`."""
    terms: dict[str, float] = {
        "load_squares": _squares(problem, assignments, weekend=False),
        "weekend_load_squares": _squares(problem, assignments, weekend=True),
        "travel_km": 0.0,
        "rotation": rotation_days(problem, assignments),
        "avoided_posts": 0,
        "unpreferred_posts": 0,
        "night_load_squares": _night_squares(problem, assignments),
        "requests": requests_missed(problem, assignments),
    }
    for a in assignments:
        person, post = problem.staff_by_id[a.staff], problem.shift_by_id[a.shift].post
        terms["travel_km"] += travel_decikm(problem, a.staff, post) / 10
        terms["avoided_posts"] += post in person.avoid_posts
        terms["unpreferred_posts"] += bool(person.prefer_posts) and post not in person.prefer_posts
    points = sum(WEIGHTS[name] * value for name, value in terms.items())
    terms["travel_km"] = round(terms["travel_km"], 1)
    terms["points"] = round(points, 1)
    return _spreads(problem, assignments) | terms


def _spreads(problem: Problem, assignments: Sequence[Assignment]) -> dict[str, float]:
    pool = candidates(problem)  # once: it checks every person against every shift
    able = {person for ids in pool.values() for person in ids}
    weekend_able = {
        person
        for shift, ids in pool.items()
        if problem.is_weekend(problem.shift_by_id[shift].start)
        for person in ids
    }
    counts = loads(problem, assignments)
    weekend = loads(
        problem, [a for a in assignments if problem.is_weekend(problem.shift_by_id[a.shift].start)]
    )
    return {
        "spread": _range([counts[p] for p in able]),
        "weekend_spread": _range([weekend[p] for p in weekend_able]),
    }


def _range(values: list[int]) -> int:
    return max(values) - min(values) if values else 0
