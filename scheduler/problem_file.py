"""Read the roster problem file (a JSON object, already parsed) into a `Problem`.

Every error is a `ProblemError` whose path names the record, e.g.
`shifts[3] (id "x1-20261130-am"): end is before start`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.errors import ProblemError
from scheduler.file_fields import (
    TOP,
    Record,
    get_coords,
    get_datetime,
    get_int,
    get_list,
    get_number,
    get_object,
    get_str,
    records,
)
from scheduler.labels import ROLES
from scheduler.model import (
    Assignment,
    CompositionItem,
    History,
    Interval,
    Post,
    Problem,
    Request,
    Rules,
    Shift,
    StaffMember,
)


def _roles(rec: Record, key: str, value: Any) -> frozenset[str]:
    names = get_list(rec, key, value)
    for name in names:
        if name not in ROLES:
            raise rec.error(f'unknown role "{name}" in {key} (known: {", ".join(ROLES)})')
    return frozenset(names)


def _post_refs(rec: Record, key: str, posts: set[str]) -> frozenset[str]:
    refs = get_list(rec, key, rec.data.get(key, []))
    for ref in refs:
        if ref not in posts:
            raise rec.error(f'unknown post "{ref}" in {key}')
    return frozenset(refs)


def _whole_day(rec: Record, key: str, value: str, zone: ZoneInfo) -> Interval:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise rec.error(f'{key}: bad date "{value}" (want YYYY-MM-DD)') from None
    start = datetime.combine(day, time(), tzinfo=zone)
    return Interval(start, datetime.combine(day + timedelta(days=1), time(), tzinfo=zone))


def _unavailable(rec: Record, zone: ZoneInfo) -> tuple[Interval, ...]:
    periods = []
    for i, entry in enumerate(get_list(rec, "unavailable", rec.data.get("unavailable", []))):
        key = f"unavailable[{i}]"
        if isinstance(entry, str):
            periods.append(_whole_day(rec, key, entry, zone))
            continue
        period = get_object(rec, key, entry)
        start = get_datetime(rec, f"{key}.from", period.get("from"))
        end = get_datetime(rec, f"{key}.to", period.get("to"))
        if end <= start:
            raise rec.error(f"{key}: to is not after from")
        periods.append(Interval(start, end))
    return tuple(periods)


PERSON_LIMITS = (
    "max_consecutive_days",
    "min_consecutive_days",
    "min_consecutive_days_off",
    "min_days_off_per_week",
    "max_weekends",
    "min_minutes",
    "max_minutes",
)


def _limits(rec: Record) -> dict[str, int | None]:
    found = {
        key: None if rec.data.get(key) is None else get_int(rec, key, rec.data[key])
        for key in PERSON_LIMITS
    }
    low, high = found["min_minutes"], found["max_minutes"]
    if low is not None and high is not None and low > high:
        raise rec.error(f"min_minutes {low} is greater than max_minutes {high}")
    if (found["min_days_off_per_week"] or 0) > 7:
        raise rec.error("min_days_off_per_week is more than 7")
    return found


def _by_kind(rec: Record) -> tuple[tuple[str, int], ...]:
    caps = get_object(rec, "max_shifts_by_kind", rec.data.get("max_shifts_by_kind", {}))
    return tuple(
        sorted(
            (
                get_str(rec, "max_shifts_by_kind", kind),
                get_int(rec, f"max_shifts_by_kind.{kind}", n),
            )
            for kind, n in caps.items()
        )
    )


def _requests(rec: Record) -> tuple[Request, ...]:
    found = []
    for i, raw in enumerate(get_list(rec, "requests", rec.data.get("requests", []))):
        key = f"requests[{i}]"
        item = get_object(rec, key, raw)
        try:
            day = date.fromisoformat(str(item.get("date")))
        except ValueError:
            raise rec.error(
                f'{key}.date: bad date "{item.get("date")}" (want YYYY-MM-DD)'
            ) from None
        on = item.get("on", True)
        if not isinstance(on, bool):
            raise rec.error(f"{key}.on must be true or false, got {on!r}")
        kind = item.get("shift_kind")
        found.append(
            Request(
                day=day,
                shift_kind=None if kind is None else get_str(rec, f"{key}.shift_kind", kind),
                on=on,
                weight=get_int(rec, f"{key}.weight", item.get("weight", 1)),
            )
        )
    return tuple(found)


def _staff(rec: Record, zone: ZoneInfo, posts: set[str]) -> StaffMember:
    d = rec.data
    weekly = d.get("max_shifts_per_week")
    return StaffMember(
        **_limits(rec),
        max_shifts_by_kind=_by_kind(rec),
        requests=_requests(rec),
        id=rec.id,
        name=get_str(rec, "name", d.get("name", rec.id)),
        roles=_roles(rec, "roles", d.get("roles", [])),
        max_shifts_per_week=None if weekly is None else get_int(rec, "max_shifts_per_week", weekly),
        unavailable=_unavailable(rec, zone),
        home=get_coords(rec, "home", d.get("home")),
        prefer_posts=_post_refs(rec, "prefer_posts", posts),
        avoid_posts=_post_refs(rec, "avoid_posts", posts),
    )


def _post(rec: Record) -> Post:
    d = rec.data
    return Post(
        id=rec.id,
        name=get_str(rec, "name", d.get("name", rec.id)),
        kind=get_str(rec, "kind", d.get("kind", "intersection")),
        location=get_coords(rec, "location", d.get("location")),
    )


def _composition(rec: Record) -> tuple[CompositionItem, ...]:
    items = []
    for i, raw in enumerate(get_list(rec, "composition", rec.data.get("composition", []))):
        key = f"composition[{i}]"
        item = get_object(rec, key, raw)
        if ("role" in item) == ("roles" in item):
            raise rec.error(f'{key}: give exactly one of "role" or "roles"')
        names = [item["role"]] if "role" in item else item["roles"]
        roles = _roles(rec, f"{key}.role", names)
        if not roles:
            raise rec.error(f"{key}: roles is empty")
        items.append(CompositionItem(roles, get_int(rec, f"{key}.min", item.get("min", 1))))
    return tuple(items)


def _shift(rec: Record, posts: set[str]) -> Shift:
    d = rec.data
    post = get_str(rec, "post", d.get("post"))
    if post not in posts:
        raise rec.error(f'unknown post "{post}"')
    start = get_datetime(rec, "start", d.get("start"))
    end = get_datetime(rec, "end", d.get("end"))
    if end <= start:
        raise rec.error("end is before start" if end < start else "end equals start")
    low = get_int(rec, "min_staff", d.get("min_staff", 1))
    high = get_int(rec, "max_staff", d.get("max_staff", low))
    if low > high:
        raise rec.error(f"min_staff {low} is greater than max_staff {high}")
    roles_any = d.get("roles_any")
    return Shift(
        id=rec.id,
        post=post,
        start=start,
        end=end,
        min_staff=low,
        max_staff=high,
        roles_any=None if roles_any is None else _roles(rec, "roles_any", roles_any) or None,
        composition=_composition(rec),
        kind=None if d.get("kind") is None else get_str(rec, "kind", d["kind"]),
    )


def _rules(data: Mapping[str, Any]) -> Rules:
    rec = Record("rules", get_object(TOP, "rules", data.get("rules", {})))
    rest = rec.data.get("min_rest_hours", Rules.min_rest_hours)
    per_day = rec.data.get("max_shifts_per_day", Rules.max_shifts_per_day)
    pairs = []
    for i, pair in enumerate(
        get_list(rec, "forbidden_successions", rec.data.get("forbidden_successions", []))
    ):
        kinds = get_list(rec, f"forbidden_successions[{i}]", pair)
        if len(kinds) != 2:
            raise rec.error(f"forbidden_successions[{i}] must be [kind, kind that may not follow]")
        pairs.append(
            (
                get_str(rec, f"forbidden_successions[{i}]", kinds[0]),
                get_str(rec, f"forbidden_successions[{i}]", kinds[1]),
            )
        )
    return Rules(
        min_rest_hours=get_number(rec, "min_rest_hours", rest),
        max_shifts_per_day=get_int(rec, "max_shifts_per_day", per_day),
        forbidden_successions=tuple(pairs),
    )


def _zone(data: Mapping[str, Any]) -> str:
    name = data.get("timezone", "Asia/Shanghai")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ProblemError("timezone", f"unknown time zone {name!r}") from None
    return str(name)


def _per_staff(data: Mapping[str, Any], key: str, staff: set[str]) -> list[Record]:
    found = []
    for person, row in get_object(TOP, key, data.get(key, {})).items():
        rec = Record(f'{key}["{person}"]', get_object(TOP, f'{key}["{person}"]', row), person)
        if person not in staff:
            raise rec.error(f'unknown staff "{person}"')
        found.append(rec)
    return found


def _travel(
    data: Mapping[str, Any], staff: set[str], posts: set[str]
) -> dict[tuple[str, str], float]:
    table: dict[tuple[str, str], float] = {}
    for rec in _per_staff(data, "travel_km", staff):
        for post, km in rec.data.items():
            if post not in posts:
                raise rec.error(f'unknown post "{post}"')
            table[(rec.id, post)] = get_number(rec, post, km)
    return table


def _history(data: Mapping[str, Any], staff: set[str]) -> dict[str, History]:
    found = {}
    for rec in _per_staff(data, "history", staff):
        d = rec.data
        end, kind = d.get("last_shift_end"), d.get("last_shift_kind")
        found[rec.id] = History(
            shifts=get_int(rec, "shifts", d.get("shifts", 0)),
            weekend_shifts=get_int(rec, "weekend_shifts", d.get("weekend_shifts", 0)),
            consecutive_days=get_int(rec, "consecutive_days", d.get("consecutive_days", 0)),
            last_shift_end=None if end is None else get_datetime(rec, "last_shift_end", end),
            last_shift_kind=None if kind is None else get_str(rec, "last_shift_kind", kind),
        )
    return found


def load_assignments(
    problem: Problem, rows: Any, key: str = "assignments"
) -> tuple[Assignment, ...]:
    """Parse [{"shift": ..., "staff": ...}] rows that name shifts and staff of `problem`."""
    found = []
    for i, raw in enumerate(get_list(TOP, key, rows)):
        rec = Record(f"{key}[{i}]", get_object(TOP, f"{key}[{i}]", raw))
        shift = get_str(rec, "shift", rec.data.get("shift"))
        person = get_str(rec, "staff", rec.data.get("staff"))
        if shift not in problem.shift_by_id:
            raise rec.error(f'unknown shift "{shift}"')
        if person not in problem.staff_by_id:
            raise rec.error(f'unknown staff "{person}"')
        found.append(Assignment(shift, person))
    return tuple(found)


def load_problem(data: Mapping[str, Any]) -> Problem:
    """Validate a parsed problem file and return the `Problem` it describes."""
    if not isinstance(data, Mapping):
        raise ProblemError("", "the problem file must be a JSON object")
    timezone = _zone(data)
    posts = tuple(_post(rec) for rec in records(data, "posts"))
    post_ids = {p.id for p in posts}
    staff = tuple(_staff(rec, ZoneInfo(timezone), post_ids) for rec in records(data, "staff"))
    staff_ids = {s.id for s in staff}
    base = Problem(
        timezone=timezone,
        rules=_rules(data),
        staff=staff,
        posts=posts,
        shifts=tuple(_shift(rec, post_ids) for rec in records(data, "shifts")),
        travel_km=_travel(data, staff_ids, post_ids),
        history=_history(data, staff_ids),
    )
    locked = load_assignments(base, data.get("locked", []), "locked")
    return replace(base, locked=locked) if locked else base
