"""Why a person is not on a shift, read from the data and the roster (for reasons and explain)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from scheduler.labels import Text
from scheduler.model import Assignment, Problem, Shift, StaffMember
from scheduler.rules import is_available, is_qualified, rested_from_history
from scheduler.workdays import PERSON_RULES, limit_of

# Per-person rules a roster built shift by shift can keep (the "at least" ones it cannot).
BLOCKING_RULES = tuple(r for r in PERSON_RULES if r not in ("min_consecutive_days", "min_minutes"))

# In the order they are reported: the first that applies names the blocker.
BLOCKERS: dict[str, Text] = {
    "on_shift": Text("{n}人已在本班次", "{n} already on this shift"),
    "not_qualified": Text("{n}人不具备所需角色", "{n} hold none of the shift's roles"),
    "unavailable": Text("{n}人请假", "{n} on leave"),
    "weekly_max": Text("{n}人已达每周上限", "{n} already at weekly maximum"),
    "daily_max": Text("{n}人已达每日上限", "{n} already at daily maximum"),
    "max_consecutive_days": Text("{n}人已连续工作{k}天达上限", "{n} at the {k}-days-running limit"),
    "min_consecutive_days_off": Text(
        "{n}人连续休息不足{k}天", "{n} would be back after fewer than {k} days off"
    ),
    "min_days_off_per_week": Text("{n}人本周须休息{k}天", "{n} owed {k} days off that week"),
    "max_weekends": Text("{n}人已达{k}个周末的上限", "{n} at the {k}-weekend limit"),
    "max_minutes": Text("{n}人已达{k}分钟工时上限", "{n} at their {k}-minute maximum"),
    "max_shifts_by_kind": Text(
        "{n}人该类班次已达上限", "{n} at their maximum of this kind of shift"
    ),
    "forbidden_successions": Text(
        "{n}人前一天的班次不可接此班", "{n} on a shift the day before that this one may not follow"
    ),
    "busy": Text("{n}人时间冲突或休息不足", "{n} busy on an overlapping shift or short of rest"),
    "frozen": Text("{n}人未调整（班次已开始）", "{n} not moved (the shift had started)"),
    "shift_full": Text("{n}人空闲但班次已满员", "{n} free but the shift is full"),
    "free": Text("{n}人空闲但未安排", "{n} free but not assigned"),
}


class Occupancy:
    """A roster indexed both ways: the shifts of each person and the people on each shift."""

    def __init__(self, problem: Problem, assignments: Sequence[Assignment]) -> None:
        self.problem = problem
        self.rest = timedelta(hours=problem.rules.min_rest_hours)
        self.shifts_of: dict[str, list[Shift]] = defaultdict(list)
        self.staff_on: dict[str, set[str]] = defaultdict(set)
        self.per_day: dict[tuple[str, date], int] = defaultdict(int)
        self.per_week: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
        self._rules: dict[str, list[str]] = {}
        self._broken: dict[str, dict[str, int]] = {}  # per person: violations now, by rule
        for a in dict.fromkeys(assignments):
            self.add(a)

    def add(self, assignment: Assignment) -> None:
        """Put the person on the shift."""
        shift, person = assignment.shift, assignment.staff
        self.shifts_of[person].append(self.problem.shift_by_id[shift])
        self.staff_on[shift].add(person)
        self.per_day[(person, self.problem.start_date[shift])] += 1
        self.per_week[(person, self.problem.start_week[shift])] += 1
        self._broken.pop(person, None)

    def is_busy(self, person: StaffMember, shift: Shift) -> bool:
        """Return whether the shift overlaps or is too close to one the person holds (or held)."""
        return not rested_from_history(self.problem, person, shift) or any(
            own.id != shift.id
            and own.start < shift.end + self.rest
            and shift.start < own.end + self.rest
            for own in self.shifts_of[person.id]
        )

    def count_same(self, person: StaffMember, shift: Shift, week: bool) -> int:
        """Return how many other shifts the person holds on the shift's local day (or ISO week)."""
        held = person.id in self.staff_on[shift.id]
        if week:
            return self.per_week[(person.id, self.problem.start_week[shift.id])] - held
        return self.per_day[(person.id, self.problem.start_date[shift.id])] - held

    def is_free(self, person: StaffMember, shift: Shift, *, rules: bool = True) -> bool:
        """Return whether `blocker` would say "free" (the same tests, cheapest first, no labels);
        `rules=False` leaves out the per-person day rules (the caller asks them itself)."""
        taken = self.staff_on[shift.id]
        weekly = person.max_shifts_per_week
        return not (
            person.id in taken
            or len(taken) >= shift.max_staff
            or shift.id in self.problem.frozen_shifts
            or self.count_same(person, shift, week=False) >= self.problem.rules.max_shifts_per_day
            or (weekly is not None and self.count_same(person, shift, week=True) >= weekly)
            or not is_qualified(person, shift)
            or not is_available(person, shift)
            or self.is_busy(person, shift)
            or (rules and self.rule_blocker(person, shift) is not None)
        )

    def rule_blocker(self, person: StaffMember, shift: Shift) -> str | None:
        """Return "rule:limit" of the first per-person rule taking the shift would newly break."""
        own = self.shifts_of[person.id]
        names = self._rules_of(person)
        if not names or shift in own:
            return None
        now = self._broken.get(person.id)
        if now is None:
            now = {n: len(PERSON_RULES[n](self.problem, person, own)) for n in names}
            self._broken[person.id] = now
        with_it = [*own, shift]
        for name in names:
            if len(PERSON_RULES[name](self.problem, person, with_it)) > now[name]:
                limit = limit_of(self.problem, person, name)
                return name if limit is None else f"{name}:{limit}"
        return None

    def _rules_of(self, person: StaffMember) -> list[str]:
        found = self._rules.get(person.id)
        if found is None:
            successions = bool(self.problem.rules.forbidden_successions)
            found = [
                name
                for name in BLOCKING_RULES
                if (
                    successions
                    if name == "forbidden_successions"
                    else getattr(person, name) not in (None, ())
                )
            ]
            self._rules[person.id] = found
        return found

    def blocker(self, person: StaffMember, shift: Shift) -> str:
        """Return the key in BLOCKERS of what keeps the person off the shift."""
        weekly = person.max_shifts_per_week
        per_day = self.problem.rules.max_shifts_per_day
        tests: tuple[tuple[str, Callable[[], bool]], ...] = (
            ("on_shift", lambda: person.id in self.staff_on[shift.id]),
            ("not_qualified", lambda: not is_qualified(person, shift)),
            ("unavailable", lambda: not is_available(person, shift)),
            (
                "weekly_max",
                lambda: weekly is not None and self.count_same(person, shift, week=True) >= weekly,
            ),
            ("daily_max", lambda: self.count_same(person, shift, week=False) >= per_day),
            ("busy", lambda: self.is_busy(person, shift)),
            ("rule", lambda: self.rule_blocker(person, shift) is not None),
            ("frozen", lambda: shift.id in self.problem.frozen_shifts),
            ("shift_full", lambda: len(self.staff_on[shift.id]) >= shift.max_staff),
        )
        key = next((key for key, test in tests if test()), "free")
        return (self.rule_blocker(person, shift) or key) if key == "rule" else key


def blocker_base(key: str) -> str:
    """Return the BLOCKERS key of a blocker ("max_consecutive_days:6" -> "max_consecutive_days")."""
    return key.partition(":")[0]


def count_text(counts: dict[str, int], lang: str, sep: str) -> str:
    """Render blocker counts in BLOCKERS order, e.g. "2 on leave, 1 at the 6-days-running limit"."""
    order = list(BLOCKERS)
    keys = sorted(
        (k for k, n in counts.items() if n), key=lambda k: (order.index(blocker_base(k)), k)
    )
    return sep.join(
        BLOCKERS[blocker_base(k)].get(lang).format(n=counts[k], k=k.partition(":")[2]) for k in keys
    )
