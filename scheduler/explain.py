"""Explain a roster: per person (shifts, load against the average, travel) and per shift (who
could have taken it and why the others could not), as plain data and as zh/en text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scheduler.blockers import BLOCKERS, Occupancy, count_text
from scheduler.candidates import candidates
from scheduler.model import Assignment, Problem
from scheduler.rules import shortfall
from scheduler.timefmt import span


@dataclass(frozen=True)
class PersonLine:
    """One person's share of the roster."""

    staff: str
    name: str
    shifts: tuple[str, ...]
    load_vs_average: float  # shifts above (+) or below (-) the average of people able to work
    travel_km: float


@dataclass(frozen=True)
class ShiftLine:
    """One shift: who holds it, who else could, and what kept the rest off."""

    shift: str
    assigned: tuple[str, ...]
    missing: int
    could_take: tuple[str, ...]
    blocked: dict[str, tuple[str, ...]]  # BLOCKERS key -> staff ids


@dataclass(frozen=True)
class Explanation:
    """Everything `render` prints, as data."""

    people: tuple[PersonLine, ...]
    shifts: tuple[ShiftLine, ...]
    average_load: float


def explain(problem: Problem, assignments: Sequence[Assignment]) -> Explanation:
    """Return the per-person and per-shift explanation of a roster."""
    occ = Occupancy(problem, assignments)
    able = {s for ids in candidates(problem).values() for s in ids}
    average = sum(len(occ.shifts_of[s]) for s in able) / len(able) if able else 0.0
    people = tuple(
        PersonLine(
            staff=person.id,
            name=person.name,
            shifts=tuple(h.id for h in sorted(occ.shifts_of[person.id], key=lambda h: h.start)),
            load_vs_average=round(len(occ.shifts_of[person.id]) - average, 2),
            travel_km=round(
                sum(
                    problem.travel_km.get((person.id, h.post), 0.0)
                    for h in occ.shifts_of[person.id]
                ),
                1,
            ),
        )
        for person in problem.staff
    )
    short = shortfall(problem, assignments)
    shifts = []
    for shift in sorted(problem.shifts, key=lambda h: (h.start, h.id)):
        blocked: dict[str, list[str]] = {}
        for person in problem.staff:
            blocked.setdefault(occ.blocker(person, shift), []).append(person.id)
        shifts.append(
            ShiftLine(
                shift=shift.id,
                assigned=tuple(sorted(occ.staff_on[shift.id])),
                missing=short[shift.id],
                could_take=tuple(blocked.pop("free", []) + blocked.pop("shift_full", [])),
                blocked={k: tuple(v) for k, v in blocked.items() if k != "on_shift"},
            )
        )
    return Explanation(people, tuple(shifts), round(average, 2))


def _person_text(p: PersonLine, lang: str) -> str:
    n, diff = len(p.shifts), f"{p.load_vs_average:+.2f}"
    if lang == "en":
        return f"{p.name}: {n} shifts ({diff} vs average), {p.travel_km} km"
    return f"{p.name}：{n}班（比平均{diff}），路程{p.travel_km}公里"


def _shift_text(problem: Problem, line: ShiftLine, lang: str) -> str:
    shift = problem.shift_by_id[line.shift]
    names = problem.staff_by_id
    sep = ", " if lang == "en" else "、"
    head = (
        f"{span(shift.start, shift.end, problem.zone, lang)} {problem.post_by_id[shift.post].name}"
    )
    who = sep.join(names[s].name for s in line.assigned) or "—"
    could = sep.join(names[s].name for s in line.could_take) or "—"
    counts = Counter({k: len(v) for k, v in line.blocked.items()})
    others = count_text(counts, lang, sep)
    if lang == "en":
        short = f", {line.missing} missing" if line.missing else ""
        return f"{head}: {who}{short}; could also take it: {could}; others: {others}"
    short = f"，缺{line.missing}人" if line.missing else ""
    return f"{head}：{who}{short}；还可安排：{could}；其他人：{others}"


def render(problem: Problem, explanation: Explanation, lang: str = "zh") -> str:
    """Return the explanation as text lines in `lang` ("zh" or "en")."""
    title = ("People", "Shifts") if lang == "en" else ("人员", "班次")
    lines = [
        f"{title[0]} (average {explanation.average_load})"
        if lang == "en"
        else f"{title[0]}（平均{explanation.average_load}班）"
    ]
    lines += [_person_text(p, lang) for p in explanation.people]
    lines += [title[1]]
    lines += [_shift_text(problem, s, lang) for s in explanation.shifts]
    return "\n".join(lines)


def explanation_to_dict(explanation: Explanation) -> dict[str, Any]:
    """Return the explanation as JSON-ready data (blocker keys are those of BLOCKERS; a rule's
    key carries the person's limit after a colon, e.g. "max_consecutive_days:6")."""
    return {
        "average_load": explanation.average_load,
        "people": [p.__dict__ | {"shifts": list(p.shifts)} for p in explanation.people],
        "shifts": [
            {
                "shift": s.shift,
                "assigned": list(s.assigned),
                "missing": s.missing,
                "could_take": list(s.could_take),
                "blocked": {k: list(v) for k, v in s.blocked.items()},
            }
            for s in explanation.shifts
        ],
        "blockers": {k: v.as_dict() for k, v in BLOCKERS.items()},
    }
