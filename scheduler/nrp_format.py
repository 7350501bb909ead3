"""Read the shift-scheduling benchmark's text format (Curtois & Qu, schedulingbenchmarks.org).

Sections, each a header line then comma-separated rows; `#` starts a comment line:

    SECTION_HORIZON             days (every instance starts on a Monday)
    SECTION_SHIFTS              ShiftID, minutes, shifts that cannot follow it (| separated)
    SECTION_STAFF               ID, MaxShifts (ShiftID=n|...), MaxTotalMinutes, MinTotalMinutes,
                                MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff,
                                MaxWeekends
    SECTION_DAYS_OFF            EmployeeID, day indexes (from 0)
    SECTION_SHIFT_ON_REQUESTS   EmployeeID, day, ShiftID, weight
    SECTION_SHIFT_OFF_REQUESTS  EmployeeID, day, ShiftID, weight
    SECTION_COVER               day, ShiftID, requirement, weight for under, weight for over

Errors are `ProblemError`s naming the line, e.g. `line 14: SECTION_STAFF: MaxWeekends ...`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from scheduler.errors import ProblemError

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
# Every instance has these; a file without one is cut short or is not an instance.
REQUIRED = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_COVER")
STAFF_COLUMNS = (
    "ID",
    "MaxShifts",
    "MaxTotalMinutes",
    "MinTotalMinutes",
    "MaxConsecutiveShifts",
    "MinConsecutiveShifts",
    "MinConsecutiveDaysOff",
    "MaxWeekends",
)


@dataclass(frozen=True)
class NrpShift:
    """A shift type: its length and the shift types that may not follow it the next day."""

    id: str
    minutes: int
    cannot_follow: frozenset[str]


@dataclass(frozen=True)
class NrpStaff:
    """An employee's hard limits over the horizon."""

    id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class NrpRequest:
    """A wish to work (on) or not to work (off) a shift type on a day, with its weight."""

    staff: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class NrpCover:
    """How many people a shift type wants on a day, and the weight per person under and over."""

    day: int
    shift: str
    requirement: int
    under: int
    over: int


@dataclass
class NrpInstance:
    """One benchmark instance."""

    name: str
    horizon: int = 0
    shifts: dict[str, NrpShift] = field(default_factory=dict)
    staff: dict[str, NrpStaff] = field(default_factory=dict)
    days_off: dict[str, set[int]] = field(default_factory=dict)
    on_requests: list[NrpRequest] = field(default_factory=list)
    off_requests: list[NrpRequest] = field(default_factory=list)
    cover: list[NrpCover] = field(default_factory=list)


class _Line:
    def __init__(self, number: int, section: str, text: str) -> None:
        self.number, self.section = number, section
        self.cells = [cell.strip() for cell in text.split(",")]

    def error(self, message: str) -> ProblemError:
        return ProblemError(f"line {self.number}", f"{self.section}: {message}")

    def whole(self, index: int, what: str) -> int:
        try:
            value = int(self.cells[index])
        except (IndexError, ValueError):
            raise self.error(f"{what} must be a whole number") from None
        if value < 0:
            raise self.error(f"{what} is negative ({value})")
        return value

    def need(self, count: int) -> None:
        if len(self.cells) < count:
            raise self.error(f"needs {count} comma-separated fields, got {len(self.cells)}")


def _horizon(inst: NrpInstance, line: _Line) -> None:
    inst.horizon = line.whole(0, "the horizon")


def _shift(inst: NrpInstance, line: _Line) -> None:
    line.need(2)
    follow = line.cells[2] if len(line.cells) > 2 else ""
    ident = line.cells[0]
    if not ident:
        raise line.error("ShiftID is empty")
    blocked = frozenset(s.strip() for s in follow.split("|") if s.strip())
    inst.shifts[ident] = NrpShift(ident, line.whole(1, "the length in minutes"), blocked)


def _max_shifts(line: _Line) -> dict[str, int]:
    caps = {}
    for part in filter(None, line.cells[1].split("|")):
        kind, _, count = part.partition("=")
        if not count.strip().isdigit():
            raise line.error(f'MaxShifts "{part}" is not ShiftID=number')
        caps[kind.strip()] = int(count)
    return caps


def _staff(inst: NrpInstance, line: _Line) -> None:
    line.need(len(STAFF_COLUMNS))
    numbers = [line.whole(i, STAFF_COLUMNS[i]) for i in range(2, len(STAFF_COLUMNS))]
    inst.staff[line.cells[0]] = NrpStaff(line.cells[0], _max_shifts(line), *numbers)


def _days_off(inst: NrpInstance, line: _Line) -> None:
    days = {line.whole(i, "a day index") for i in range(1, len(line.cells)) if line.cells[i]}
    inst.days_off.setdefault(line.cells[0], set()).update(days)


def _request(target: Callable[[NrpInstance], list[NrpRequest]]) -> Callable[..., None]:
    def read(inst: NrpInstance, line: _Line) -> None:
        line.need(4)
        request = NrpRequest(
            line.cells[0], line.whole(1, "Day"), line.cells[2], line.whole(3, "Weight")
        )
        target(inst).append(request)

    return read


def _cover(inst: NrpInstance, line: _Line) -> None:
    line.need(5)
    day, shift = line.whole(0, "Day"), line.cells[1]
    numbers = (
        line.whole(2, "Requirement"),
        line.whole(3, "under weight"),
        line.whole(4, "over weight"),
    )
    inst.cover.append(NrpCover(day, shift, *numbers))


READERS: dict[str, Callable[[NrpInstance, _Line], None]] = {
    "SECTION_HORIZON": _horizon,
    "SECTION_SHIFTS": _shift,
    "SECTION_STAFF": _staff,
    "SECTION_DAYS_OFF": _days_off,
    "SECTION_SHIFT_ON_REQUESTS": _request(lambda inst: inst.on_requests),
    "SECTION_SHIFT_OFF_REQUESTS": _request(lambda inst: inst.off_requests),
    "SECTION_COVER": _cover,
}


def read_instance(text: str, name: str = "instance") -> NrpInstance:
    """Parse an instance's text and check that every reference names a known staff or shift."""
    inst = NrpInstance(name=name)
    section = ""
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped in SECTIONS:
            section = stripped
            seen.add(section)
            continue
        if stripped.startswith("SECTION_"):
            raise ProblemError(f"line {number}", f"unknown section {stripped}")
        if not section:
            raise ProblemError(f"line {number}", "data before the first SECTION_ header")
        READERS[section](inst, _Line(number, section, stripped))
    missing = [header for header in REQUIRED if header not in seen]
    if missing:
        raise ProblemError("", f"no {', '.join(missing)} (is the file cut short?)")
    _check_references(inst)
    return inst


def _check_references(inst: NrpInstance) -> None:
    if inst.horizon < 1:
        raise ProblemError("SECTION_HORIZON", "the horizon must be at least one day")
    for shift in inst.shifts.values():
        for other in shift.cannot_follow - inst.shifts.keys():
            raise ProblemError("SECTION_SHIFTS", f'shift {shift.id}: unknown shift "{other}"')
    for person in inst.staff.values():
        for kind in person.max_shifts.keys() - inst.shifts.keys():
            raise ProblemError("SECTION_STAFF", f'{person.id}: unknown shift "{kind}"')
    if not inst.shifts or not inst.staff:
        raise ProblemError("SECTION_SHIFTS" if not inst.shifts else "SECTION_STAFF", "is empty")
    refs: list[tuple[str, str | None, int, str | None]] = [
        ("SECTION_SHIFT_ON_REQUESTS", r.staff, r.day, r.shift) for r in inst.on_requests
    ]
    refs += [("SECTION_SHIFT_OFF_REQUESTS", r.staff, r.day, r.shift) for r in inst.off_requests]
    refs += [("SECTION_DAYS_OFF", s, d, None) for s, ds in inst.days_off.items() for d in ds]
    refs += [("SECTION_COVER", None, c.day, c.shift) for c in inst.cover]
    for where, ref_staff, day, ref_kind in refs:
        if ref_staff is not None and ref_staff not in inst.staff:
            raise ProblemError(where, f'unknown staff "{ref_staff}"')
        if ref_kind is not None and ref_kind not in inst.shifts:
            raise ProblemError(where, f'unknown shift "{ref_kind}"')
        if day >= inst.horizon:
            raise ProblemError(where, f"day {day} is beyond the {inst.horizon}-day horizon")
