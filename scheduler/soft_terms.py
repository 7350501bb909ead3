"""Phase-3 objective on a CP-SAT `Encoding`: the weighted soft terms of `scheduler.penalties`.

Built through the encoding's model (no OR-Tools import here). Integer scale: 10 per point, so
travel can be counted in tenths of a km. Its value equals `penalties(...)["points"] * 10`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, timedelta
from functools import partial
from typing import Any

from scheduler.blockers import Occupancy
from scheduler.encoding import Encoding
from scheduler.model import History, Shift
from scheduler.penalties import NIGHT, ROTATION_DAYS, WEIGHTS, travel_decikm

SCALE = 10  # objective units per point


def _squares(enc: Encoding, staff: str, shifts: list[Shift], before: int, top: int) -> list[Any]:
    """Return terms whose least sum, for k of these shifts held, is (before + k)^2 - before^2."""
    steps = [
        enc.derived_var(1, f"step[{staff},{k}]", partial(_holds_more, enc, staff, shifts, k))
        for k in range(min(len(shifts), top))
    ]
    if not steps:
        return []
    enc.model.add(sum(steps) == enc.person_sum(staff, shifts))
    for low, high in itertools.pairwise(steps):
        enc.model.add_implication(high, low)
    return [(2 * (before + k) + 1) * step for k, step in enumerate(steps)]


def _spread_terms(enc: Encoding, max_load: int) -> tuple[list[Any], int]:
    terms: list[Any] = []
    constant = 0
    p = enc.problem
    for person in p.staff:
        past = p.history.get(person.id, History())
        shifts = enc.by_person[person.id]
        weekend = [h for h in shifts if p.is_weekend(h.start)]
        constant += WEIGHTS["load_squares"] * past.shifts**2
        constant += WEIGHTS["weekend_load_squares"] * past.weekend_shifts**2
        squares = _squares(enc, person.id, shifts, past.shifts, max_load)
        weekend_squares = _squares(enc, person.id, weekend, past.weekend_shifts, max_load)
        nights = _squares(enc, person.id, [h for h in shifts if h.kind == NIGHT], 0, max_load)
        terms += [WEIGHTS["load_squares"] * t for t in squares]
        terms += [WEIGHTS["weekend_load_squares"] * t for t in weekend_squares]
        terms += [WEIGHTS["night_load_squares"] * t for t in nights]
    return [SCALE * t for t in terms], SCALE * constant


def _pair_terms(enc: Encoding) -> list[Any]:
    terms = []
    p = enc.problem
    for (staff, shift_id), literal in enc.x.items():
        person, post = p.staff_by_id[staff], p.shift_by_id[shift_id].post
        cost = WEIGHTS["travel_km"] * travel_decikm(p, staff, post)
        cost += SCALE * WEIGHTS["avoided_posts"] * (post in person.avoid_posts)
        unpreferred = bool(person.prefer_posts) and post not in person.prefer_posts
        cost += SCALE * WEIGHTS["unpreferred_posts"] * unpreferred
        if cost:
            terms.append(cost * literal)
    return terms


def _rotation_terms(enc: Encoding) -> list[Any]:
    p = enc.problem
    terms = []
    for staff, shifts in enc.by_person.items():
        days: dict[str, dict[date, list[Shift]]] = defaultdict(lambda: defaultdict(list))
        for h in shifts:
            days[h.post][p.start_date[h.id]].append(h)
        for post, by_day in days.items():
            worked = {d: _worked(enc, staff, on_day) for d, on_day in by_day.items()}
            for day in sorted(worked):
                run = [day + timedelta(days=k) for k in range(ROTATION_DAYS + 1)]
                if all(d in worked for d in run):
                    run_shifts = [h for d in run for h in by_day[d]]
                    excess = enc.derived_var(
                        1,
                        f"rotation[{staff},{post},{day}]",
                        partial(_holds_more_days, enc, staff, run_shifts, ROTATION_DAYS),
                    )
                    enc.model.add(sum(worked[d] for d in run) - ROTATION_DAYS <= excess)
                    terms.append(SCALE * WEIGHTS["rotation"] * excess)
    return terms


def _holds_more(enc: Encoding, staff: str, shifts: list[Shift], k: int, occ: Occupancy) -> int:
    return enc.held(occ, staff, shifts) > k


def _holds_more_days(enc: Encoding, staff: str, shifts: list[Shift], k: int, occ: Occupancy) -> int:
    return len({enc.problem.start_date[h.id] for h in shifts if staff in occ.staff_on[h.id]}) > k


def _worked(enc: Encoding, staff: str, shifts: list[Shift]) -> Any:
    if len(shifts) == 1:
        return enc.x[(staff, shifts[0].id)]
    worked = enc.derived_var(
        1, f"at[{staff},{shifts[0].id}]", partial(_holds_more, enc, staff, shifts, 0)
    )
    for h in shifts:
        enc.model.add_implication(enc.x[(staff, h.id)], worked)
    return worked


def request_terms(enc: Encoding) -> list[tuple[int, Any]]:
    """Return (weight, 0/1 term "missed") for every request of every person."""
    p, found = enc.problem, []
    for person in p.staff:
        for i, r in enumerate(person.requests):
            shifts = [
                h
                for h in enc.by_person.get(person.id, [])
                if p.start_date[h.id] == r.day and r.shift_kind in (None, h.kind)
            ]
            held = enc.holds_any(person.id, shifts, f"request[{person.id},{i}]")
            found.append((r.weight, 1 - held if r.on else held))
    return found


def soft_objective(enc: Encoding, max_load: int) -> Any:
    """Return the phase-3 objective (SCALE x points) on the encoding's literals."""
    spread, constant = _spread_terms(enc, max_load)
    terms = spread + _pair_terms(enc) + _rotation_terms(enc)
    terms += [SCALE * WEIGHTS["requests"] * w * missed for w, missed in request_terms(enc)]
    return sum(terms, enc.cp.LinearExpr.constant(constant))
