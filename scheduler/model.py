"""Frozen values the scheduler works on: the problem, its people, posts and shifts, and results.

Times are aware datetimes; "local" means the problem's `timezone`. Loads are numbers of shifts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from scheduler.labels import Text


@dataclass(frozen=True)
class Rules:
    """Hard rules that apply to everybody."""

    min_rest_hours: float = 10
    max_shifts_per_day: int = 1


@dataclass(frozen=True)
class Interval:
    """A half-open period [start, end) between aware datetimes."""

    start: datetime
    end: datetime

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Return whether [start, end) shares any instant with this interval."""
        return start < self.end and self.start < end


@dataclass(frozen=True)
class StaffMember:
    """A person who can be rostered."""

    id: str
    name: str
    roles: frozenset[str] = frozenset()
    max_shifts_per_week: int | None = None
    unavailable: tuple[Interval, ...] = ()
    home: tuple[float, float] | None = None  # [lon, lat]
    prefer_posts: frozenset[str] = frozenset()
    avoid_posts: frozenset[str] = frozenset()


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


@dataclass(frozen=True, order=True)
class Assignment:
    """One person on one shift (ids)."""

    shift: str
    staff: str


@dataclass(frozen=True)
class History:
    """Shifts a person worked before the rostered period (for fair spread)."""

    shifts: int = 0
    weekend_shifts: int = 0


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
