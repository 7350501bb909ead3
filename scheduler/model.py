"""Frozen values the scheduler works on: the problem, its people, posts and shifts, and results.

Times are aware datetimes; "local" means the problem's `timezone`. Loads are numbers of shifts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from scheduler.labels import Text


@dataclass(frozen=True)
class Rules:
    """Hard rules that apply to everybody."""

    min_rest_hours: float = 10
    max_shifts_per_day: int = 1
    # (kind a, kind b): nobody starts a kind-b shift on the local day after starting a kind-a one
    forbidden_successions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Interval:
    """A half-open period [start, end) between aware datetimes."""

    start: datetime
    end: datetime

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Return whether [start, end) shares any instant with this interval."""
        return start < self.end and self.start < end


@dataclass(frozen=True)
class Request:
    """A wish for a local day (soft): to work it (`on`) or to have it off, maybe one kind only."""

    day: date
    shift_kind: str | None = None  # None: any shift that day
    on: bool = True
    weight: int = 1


@dataclass(frozen=True)
class StaffMember:
    """A person who can be rostered (limits per horizon unless named per week; None: no limit)."""

    id: str
    name: str
    roles: frozenset[str] = frozenset()
    max_shifts_per_week: int | None = None
    unavailable: tuple[Interval, ...] = ()
    home: tuple[float, float] | None = None  # [lon, lat]
    prefer_posts: frozenset[str] = frozenset()
    avoid_posts: frozenset[str] = frozenset()
    max_consecutive_days: int | None = None  # local days in a row with a shift starting
    min_consecutive_days: int | None = None  # a run of worked days inside the horizon, at least
    min_consecutive_days_off: int | None = None  # days off between two worked days, at least
    min_days_off_per_week: int | None = None  # per local ISO week, over its days in the horizon
    max_weekends: int | None = None  # weekends with a shift starting on Saturday or Sunday
    min_minutes: int | None = None  # total shift minutes over the horizon
    max_minutes: int | None = None
    max_shifts_by_kind: tuple[tuple[str, int], ...] = ()  # (kind, most shifts of that kind)
    requests: tuple[Request, ...] = ()


@dataclass(frozen=True)
class Post:
    """A place where shifts happen: a crossing or a village."""

    id: str
    name: str
    kind: str = "intersection"
    location: tuple[float, float] | None = None  # [lon, lat]


@dataclass(frozen=True)
class CompositionItem:
    """At least `min` people on the shift hold one of `roles`."""

    roles: frozenset[str]
    min: int


@dataclass(frozen=True)
class Shift:
    """A post, a time window and how many people of which roles it needs."""

    id: str
    post: str
    start: datetime
    end: datetime
    min_staff: int = 1
    max_staff: int = 1
    roles_any: frozenset[str] | None = None  # None: anyone qualifies
    composition: tuple[CompositionItem, ...] = ()
    kind: str | None = None  # morning, evening, night, patrol ... (free text, used by rules)

    @property
    def minutes(self) -> int:
        """Return the length of the shift in whole minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, order=True)
class Assignment:
    """One person on one shift (ids)."""

    shift: str
    staff: str


@dataclass(frozen=True)
class History:
    """What a person worked before the rostered period: for fair spread and across the boundary."""

    shifts: int = 0
    weekend_shifts: int = 0
    consecutive_days: int = 0  # days in a row worked up to the day before the first local day
    last_shift_end: datetime | None = None  # the end of the last shift worked before
    last_shift_kind: str | None = None  # its kind, for forbidden successions (day before only)


@dataclass(frozen=True)
class Problem:
    """Everything a solve needs; build it with `scheduler.problem_file.load_problem`."""

    timezone: str = "Asia/Shanghai"
    rules: Rules = field(default_factory=Rules)
    staff: tuple[StaffMember, ...] = ()
    posts: tuple[Post, ...] = ()
    shifts: tuple[Shift, ...] = ()
    travel_km: Mapping[tuple[str, str], float] = field(default_factory=dict)
    history: Mapping[str, History] = field(default_factory=dict)
    locked: tuple[Assignment, ...] = ()
    frozen_shifts: frozenset[str] = frozenset()  # shifts whose staff is exactly `locked`

    @cached_property
    def zone(self) -> ZoneInfo:
        """Return the problem's time zone."""
        return ZoneInfo(self.timezone)

    @cached_property
    def staff_by_id(self) -> dict[str, StaffMember]:
        """Return the staff indexed by id."""
        return {s.id: s for s in self.staff}

    @cached_property
    def shift_by_id(self) -> dict[str, Shift]:
        """Return the shifts indexed by id."""
        return {h.id: h for h in self.shifts}

    @cached_property
    def post_by_id(self) -> dict[str, Post]:
        """Return the posts indexed by id."""
        return {p.id: p for p in self.posts}

    @cached_property
    def start_date(self) -> dict[str, date]:
        """Return the local date of each shift's start, by shift id."""
        return {h.id: self.local_date(h.start) for h in self.shifts}

    @cached_property
    def days(self) -> tuple[date, ...]:
        """Return every local date from the first shift's start date to the last one's."""
        if not self.shifts:
            return ()
        first, last = min(self.start_date.values()), max(self.start_date.values())
        return tuple(first + timedelta(days=k) for k in range((last - first).days + 1))

    @cached_property
    def start_week(self) -> dict[str, tuple[int, int]]:
        """Return the local ISO (year, week) of each shift's start, by shift id."""
        return {h.id: self.iso_week(h.start) for h in self.shifts}

    def local_date(self, moment: datetime) -> date:
        """Return the local calendar date of `moment`."""
        return moment.astimezone(self.zone).date()

    def iso_week(self, moment: datetime) -> tuple[int, int]:
        """Return the local ISO (year, week) of `moment`."""
        year, week, _ = self.local_date(moment).isocalendar()
        return year, week

    def is_weekend(self, moment: datetime) -> bool:
        """Return whether `moment` falls on a local Saturday or Sunday."""
        return self.local_date(moment).isoweekday() >= 6


@dataclass(frozen=True)
class Violation:
    """One broken hard rule: which rule, which records, and why."""

    rule: str
    shift: str | None
    staff: str | None
    detail: str


@dataclass(frozen=True)
class Unfilled:
    """A shift left short, by how many, and why (computed from the data)."""

    shift: str
    missing: int
    reason: Text


@dataclass(frozen=True)
class SolveResult:
    """A roster and what it costs: shortfall first, then maximum load, then soft penalties."""

    status: str  # "optimal" when shortfall and max load are proven optimal, else "feasible"
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    shortfall: int
    max_load: int
    penalties: Mapping[str, float]
    solve_seconds: float
    loads: Mapping[str, int] = field(default_factory=dict)


Roster = SolveResult
