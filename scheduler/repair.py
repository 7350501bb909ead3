"""Mend a roster when someone drops out: cover their slots, change as little as possible.

The absent person leaves every shift that ends after `from_time` and is unavailable from then on;
shifts that started before `from_time` are otherwise frozen. Priorities: shortfall, then fewest
changed assignments, then maximum load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from scheduler.errors import ProblemError
from scheduler.model import Assignment, Interval, Problem, SolveResult
from scheduler.rules import check
from scheduler.timefmt import moment, span


@dataclass(frozen=True)
class ShiftChange:
    """Who left and who joined one shift."""

    shift: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class RepairResult:
    """The mended roster, what changed, and the message to forward."""

    problem: Problem  # the input problem with the absence applied
    result: SolveResult
    changes: tuple[ShiftChange, ...]
    absent: str
    from_time: datetime

    def message(self, lang: str = "zh") -> str:
        """Return a ready-to-forward text naming every changed duty with local times."""
        p = self.problem
        name = p.staff_by_id[self.absent].name
        when = moment(self.from_time, p.zone, lang)
        head = (
            f"Roster change: {name} is absent from {when}."
            if lang == "en"
            else f"值班调整：{name}自{when}起请假。"
        )
        lines = [head, *(self._line(change, lang) for change in self.changes)]
        if not self.changes:
            lines.append("No duty changes." if lang == "en" else "无需调整。")
        people = sorted({s for c in self.changes for s in c.removed + c.added} - {self.absent})
        if people:
            names = [p.staff_by_id[s].name for s in people]
            lines.append(
                f"Please note: {', '.join(names)}"
                if lang == "en"
                else f"请留意：{'、'.join(names)}"
            )
        return "\n".join(lines)

    def _line(self, change: ShiftChange, lang: str) -> str:
        p = self.problem
        shift = p.shift_by_id[change.shift]
        before = [p.staff_by_id[s].name for s in change.removed]
        after = [p.staff_by_id[s].name for s in change.added]
        sep, empty, colon = (", ", "unfilled", ": ") if lang == "en" else ("、", "空缺", "：")
        post = p.post_by_id[shift.post].name
        who = f"{sep.join(before) or '—'} → {sep.join(after) or empty}"
        return f"{span(shift.start, shift.end, p.zone, lang)} {post}{colon}{who}"


def _absent_problem(problem: Problem, absent: str, from_time: datetime) -> Problem:
    last = max([from_time, *(h.end for h in problem.shifts)]) + timedelta(days=1)
    staff = tuple(
        replace(
            s,
            unavailable=(*s.unavailable, Interval(from_time, last)),
            min_minutes=None,  # someone away cannot owe minutes or a run of days any more
            min_consecutive_days=None,
        )
        if s.id == absent
        else s
        for s in problem.staff
    )
    return replace(problem, staff=staff)


def diff(before: Sequence[Assignment], after: Sequence[Assignment]) -> tuple[ShiftChange, ...]:
    """Return, per shift whose staff changed, who was removed and who was added."""
    old: dict[str, set[str]] = defaultdict(set)
    new: dict[str, set[str]] = defaultdict(set)
    for a in before:
        old[a.shift].add(a.staff)
    for a in after:
        new[a.shift].add(a.staff)
    return tuple(
        ShiftChange(
            shift, tuple(sorted(old[shift] - new[shift])), tuple(sorted(new[shift] - old[shift]))
        )
        for shift in dict.fromkeys([*old, *new])
        if old[shift] != new[shift]
    )


def repair(
    problem: Problem,
    current: Sequence[Assignment],
    *,
    absent: str,
    from_time: datetime,
    time_limit: float | None = None,
) -> RepairResult:
    """Remove `absent` from `from_time` on and mend the roster with the fewest changes."""
    from scheduler.solve import solve_repair

    if absent not in problem.staff_by_id:
        raise ProblemError("absent", f'unknown staff "{absent}"')
    if from_time.utcoffset() is None:
        raise ProblemError("from_time", "has no UTC offset")
    broken = check(problem, current)
    if broken:
        raise ProblemError("current", f"the roster breaks hard rules: {broken[:3]}")
    started = {h.id for h in problem.shifts if h.start < from_time}
    ends = {h.id: h.end for h in problem.shifts}
    dropped = {a for a in current if a.staff == absent and ends[a.shift] > from_time}
    kept = [a for a in current if a not in dropped]
    mended = replace(
        _absent_problem(problem, absent, from_time),
        locked=tuple(dict.fromkeys([*problem.locked, *(a for a in kept if a.shift in started)])),
        frozen_shifts=problem.frozen_shifts | started,
    )
    result = solve_repair(mended, kept, time_limit=time_limit)
    start = {h.id: (h.start, h.id) for h in problem.shifts}
    changes = sorted(diff(current, result.assignments), key=lambda c: start[c.shift])
    return RepairResult(mended, result, tuple(changes), absent, from_time)
