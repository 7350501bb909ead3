"""The one place that turns database rows into scheduler values (and distances via geo)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ops.models import (
    Leave,
    Post,
    RosterRequest,
    RosterShift,
    ShiftTemplate,
    StaffMember,
    Village,
)
from scheduler.model import CompositionItem, History, Interval, Request, Rules, Shift
from scheduler.model import Post as SchedPost
from scheduler.model import Problem as SchedProblem
from scheduler.model import StaffMember as SchedStaff

if TYPE_CHECKING:
    from ops.services.calendar import CalendarDay


@dataclass(frozen=True)
class ShiftDraft:
    """A concrete shift expanded from a template, before it is stored."""

    key: str
    post: Post
    template_id: int | None
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    min_staff: int
    max_staff: int
    roles_any: list[str]
    composition: list[dict[str, Any]]
    kind: str | None = None


def shift_key(post_code: str, local_start: datetime) -> str:
    """Stable id of a shift across roster versions, e.g. "X1-20261130-0800"."""
    return f"{post_code}-{local_start:%Y%m%d-%H%M}"


def demand_on(template: ShiftTemplate, day: CalendarDay | None) -> tuple[int, int]:
    """Return (min, max) staff of the template on a calendar day: (0, 0) when it does not run.

    The day's demand factor scales both (rounded up), then each office-day kind the template
    names in `extra_on` adds its people; `only_on` keeps the template to days of that kind.
    """
    kinds = day.kinds if day is not None else frozenset()
    if template.only_on and template.only_on not in kinds:
        return 0, 0
    factor = day.demand_factor if day is not None else 1.0
    extra = sum(n for kind, n in (template.extra_on or {}).items() if kind in kinds)
    low = math.ceil(template.min_staff * factor - 1e-9) + extra
    high = max(math.ceil(template.max_staff * factor - 1e-9) + extra, low)
    return low, high


def expand_templates(
    templates: Sequence[ShiftTemplate],
    posts: dict[int, Post],
    *,
    start: date,
    days: int,
    tz: ZoneInfo,
    calendar: Mapping[date, CalendarDay] | None = None,
) -> list[ShiftDraft]:
    """Concrete shifts for local days [start, start + days); an end at or before the start is next day.

    With a calendar, holidays run Sunday's templates and make-up working days Monday's, and the
    office days scale demand (`demand_on`).
    """
    drafts: list[ShiftDraft] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        entry = (calendar or {}).get(day)
        weekday = entry.pattern_weekday if entry is not None else day.isoweekday()
        for template in templates:
            low, high = demand_on(template, entry)
            if weekday not in template.weekdays or high == 0:
                continue
            post = posts[template.post_id]
            local_start = datetime.combine(day, time.fromisoformat(template.start_local), tzinfo=tz)
            local_end = datetime.combine(day, time.fromisoformat(template.end_local), tzinfo=tz)
            if local_end <= local_start:
                local_end += timedelta(days=1)
            drafts.append(
                ShiftDraft(
                    key=shift_key(post.code, local_start),
                    post=post,
                    template_id=template.id,
                    starts_at=local_start.astimezone(UTC),
                    ends_at=local_end.astimezone(UTC),
                    min_staff=low,
                    max_staff=high,
                    roles_any=list(template.roles_any),
                    composition=list(template.composition),
                    kind=template.kind,
                )
            )
    return sorted(drafts, key=lambda d: (d.starts_at, d.key))


def draft_from_stored(shift: RosterShift, post: Post) -> ShiftDraft:
    """The draft a stored roster shift came from (for repair and explain)."""
    return ShiftDraft(
        key=shift.key, post=post, template_id=shift.template_id, starts_at=shift.starts_at,
        ends_at=shift.ends_at, min_staff=shift.min_staff, max_staff=shift.max_staff,
        roles_any=list(shift.roles_any), composition=list(shift.composition), kind=shift.kind,
    )  # fmt: skip


def to_sched_shift(draft: ShiftDraft) -> Shift:
    """A scheduler shift for a draft (post ids are post codes)."""
    return Shift(
        id=draft.key,
        post=draft.post.code,
        start=draft.starts_at,
        end=draft.ends_at,
        min_staff=draft.min_staff,
        max_staff=draft.max_staff,
        roles_any=frozenset(draft.roles_any) or None,
        composition=tuple(
            CompositionItem(roles=frozenset(item["roles"]), min=int(item["min"]))
            for item in draft.composition
        ),
        kind=draft.kind,
    )


def to_sched_staff(
    person: StaffMember,
    leave: Sequence[Leave],
    home: tuple[float, float] | None,
    requests: Sequence[RosterRequest] = (),
) -> SchedStaff:
    """A scheduler staff member with leave as unavailable intervals and their rules and requests."""
    return SchedStaff(
        id=person.id,
        name=person.name,
        roles=frozenset(person.roles),
        max_shifts_per_week=person.max_shifts_per_week,
        unavailable=tuple(Interval(lv.starts_at, lv.ends_at) for lv in leave),
        home=home,
        max_consecutive_days=person.max_consecutive_days,
        min_consecutive_days_off=person.min_consecutive_days_off,
        min_days_off_per_week=person.min_days_off_per_week,
        max_weekends=person.max_weekends,
        min_minutes=person.min_minutes,
        max_minutes=person.max_minutes,
        max_shifts_by_kind=tuple(sorted((person.max_shifts_by_kind or {}).items())),
        requests=tuple(
            Request(r.day, r.shift_kind, r.wants_work, r.weight)
            for r in sorted(requests, key=lambda r: (r.day, r.shift_kind or ""))
        ),
    )


def travel_km(
    staff: Sequence[SchedStaff], posts: Sequence[SchedPost]
) -> dict[tuple[str, str], float]:
    """Geodesic km from each person's home to each post (only where both are known)."""
    import numpy as np

    from geo.crs import geodesic_distance_m

    pairs = [(s, p) for s in staff if s.home for p in posts if p.location]
    if not pairs:
        return {}
    homes = np.array([s.home for s, _ in pairs], dtype=float)
    places = np.array([p.location for _, p in pairs], dtype=float)
    metres = geodesic_distance_m(homes[:, 0], homes[:, 1], places[:, 0], places[:, 1])
    return {
        (s.id, p.id): round(float(m) / 1000, 2)
        for (s, p), m in zip(pairs, np.atleast_1d(metres), strict=True)
    }


def build_problem(
    *,
    staff: Sequence[StaffMember],
    leave: Sequence[Leave],
    villages: Sequence[Village],
    posts: Sequence[Post],
    drafts: Sequence[ShiftDraft],
    history: dict[str, History],
    timezone: str,
    rules: Rules,
    requests: Sequence[RosterRequest] = (),
) -> SchedProblem:
    """Assemble the scheduler problem for a township's roster period."""
    wishes: dict[str, list[RosterRequest]] = {}
    for r in requests:
        wishes.setdefault(r.staff_id, []).append(r)
    homes = {v.id: (v.label_lon, v.label_lat) for v in villages}
    by_person: dict[str, list[Leave]] = {}
    for lv in leave:
        by_person.setdefault(lv.staff_id, []).append(lv)
    people = tuple(
        to_sched_staff(
            p,
            by_person.get(p.id, []),
            homes.get(p.home_village_id) if p.home_village_id else None,
            wishes.get(p.id, []),
        )
        for p in sorted(staff, key=lambda p: p.id)
    )
    places = tuple(
        SchedPost(id=p.code, name=p.name, kind=p.kind, location=(p.lon, p.lat)) for p in posts
    )
    return SchedProblem(
        timezone=timezone,
        rules=rules,
        staff=people,
        posts=places,
        shifts=tuple(to_sched_shift(d) for d in drafts),
        travel_km=travel_km(people, places),
        history=history,
    )
