"""A simulated field week for the demo: what phones would send for every assignment of a roster.

Deterministic for a seed. People mostly arrive on time; some are late, a few never come, a few
check in from the wrong place; patrols walk their village at about 4 km/h with GPS noise and the
odd bad fix; crossings report helmet, seat-belt, speeding, lane and cargo violations.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from ops.models import Post, RosterShift, StaffMember, Village
from ops.services.rosters import shifts_in_period

TRAFFIC_MIX = (("no_helmet", 40), ("mixed_passenger_cargo", 15), ("speeding", 15), ("no_seatbelt", 15),
               ("lane_occupation", 10), ("other_traffic", 5))  # fmt: skip
VILLAGE_MIX = (("safety", 50), ("dispute", 25), ("petition", 15), ("other", 10))
METRES_PER_DEGREE = 111_320.0


@dataclass
class PhoneOutbox:
    """Everything one person's phone sends in the simulated period."""

    checkins: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)
    hazards: list[dict[str, Any]] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)  # hazard ids that get a photo


def _offset(lon: float, lat: float, metres: float, rng: random.Random) -> tuple[float, float]:
    """A point about `metres` from (lon, lat) in a random direction."""
    angle, distance = rng.uniform(0, 2 * math.pi), abs(rng.gauss(0, metres))
    dlat = distance * math.sin(angle) / METRES_PER_DEGREE
    dlon = distance * math.cos(angle) / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
    return round(lon + dlon, 6), round(lat + dlat, 6)


def _pick(mix: tuple[tuple[str, int], ...], rng: random.Random) -> str:
    return rng.choices([name for name, _ in mix], weights=[w for _, w in mix])[0]


def _checkin(
    staff: str, kind: str, at: datetime, where: tuple[float, float], rng: random.Random
) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "staff_id": staff, "kind": kind, "recorded_at": at.isoformat(),
            "lon": where[0], "lat": where[1], "accuracy_m": round(rng.uniform(4, 20), 1)}  # fmt: skip


def simulate_period(
    *,
    session: Session,
    township_id: int,
    first: date,
    days: int,
    settings: Any,
    now: datetime,
    seed: int = 7,
) -> dict[str, PhoneOutbox]:
    """What every person's phone sends for their assignments on local days [first, first + days)."""
    from shapely.geometry import shape

    rng = random.Random(seed)
    areas = {v.id: shape(v.geometry) for v in session.exec(_villages(township_id))}
    phones: dict[str, PhoneOutbox] = defaultdict(PhoneOutbox)
    shifts = shifts_in_period(
        session=session, township_id=township_id, first=first, days=days, settings=settings
    )
    for shift, post, people in shifts:
        for person in people:
            _person_on_shift(
                phones[person.id], person, shift=shift, post=post, areas=areas, rng=rng, now=now
            )
    return dict(phones)


def _villages(township_id: int) -> Any:
    from sqlmodel import select

    return select(Village).where(Village.township_id == township_id)


def _person_on_shift(
    phone: PhoneOutbox,
    person: StaffMember,
    *,
    shift: RosterShift,
    post: Post,
    areas: dict[Any, Any],
    rng: random.Random,
    now: datetime,
) -> None:
    roll = rng.random()
    if roll < 0.07:
        return  # a no-show: the sweep and the summary will say so
    minutes = rng.uniform(18, 50) if roll < 0.17 else rng.uniform(-12, 7)
    arrive = shift.starts_at + timedelta(minutes=minutes)
    leave = shift.ends_at + timedelta(minutes=rng.uniform(-8, 12))
    if arrive > now:
        return
    radius = (post.radius_m or 50) * 0.4 if post.kind == "intersection" else 40
    if rng.random() < 0.03:  # checked in from home before walking over
        phone.checkins.append(
            _checkin(
                person.id,
                "in",
                arrive - timedelta(minutes=20),
                _offset(post.lon, post.lat, 2500, rng),
                rng,
            )
        )
    phone.checkins.append(
        _checkin(person.id, "in", arrive, _offset(post.lon, post.lat, radius, rng), rng)
    )
    if leave <= now and rng.random() > 0.05:  # a few forget to check out
        phone.checkins.append(
            _checkin(person.id, "out", leave, _offset(post.lon, post.lat, radius, rng), rng)
        )
    if (
        post.kind == "village" and post.village_id in areas and rng.random() < 0.7
    ):  # some phones never record
        walk_end = min(leave, now, arrive + timedelta(hours=rng.uniform(1.0, 2.5)))
        points = _patrol_walk(areas[post.village_id], (post.lon, post.lat), arrive, walk_end, rng)
        phone.tracks += [
            {"id": str(uuid.uuid4()), "staff_id": person.id, "points": points[i : i + 120]}
            for i in range(0, len(points), 120)
        ]
    _reports(phone, person, shift=shift, post=post, begin=arrive, end=min(leave, now), rng=rng)


def _patrol_walk(
    area: Any, start: tuple[float, float], begin: datetime, end: datetime, rng: random.Random
) -> list[list[Any]]:
    """A walk between random waypoints in one part of the village at ~4 km/h, a fix every 30 s."""
    from shapely import Point

    west, south, east, north = area.bounds
    focus = area.representative_point() if rng.random() < 0.3 else None
    for _ in range(50):
        candidate = Point(rng.uniform(west, east), rng.uniform(south, north))
        if area.contains(candidate):
            focus = candidate
            break
    span = 600 / METRES_PER_DEGREE  # patrols cover the part of the village around a focus
    if focus is not None:
        west, east = max(west, focus.x - span), min(east, focus.x + span)
        south, north = max(south, focus.y - span), min(north, focus.y + span)
    points: list[list[Any]] = []
    here, at = start, begin
    speed = 4000 / 3600 * rng.uniform(0.8, 1.3)  # metres per second
    while at < end:
        target = here
        for _ in range(50):
            candidate = (rng.uniform(west, east), rng.uniform(south, north))
            if area.contains(Point(candidate)):
                target = candidate
                break
        dx = (target[0] - here[0]) * METRES_PER_DEGREE * math.cos(math.radians(here[1]))
        dy = (target[1] - here[1]) * METRES_PER_DEGREE
        steps = max(1, int(math.hypot(dx, dy) / (speed * 30)))
        for step in range(1, steps + 1):
            if at >= end:
                break
            lon = here[0] + (target[0] - here[0]) * step / steps
            lat = here[1] + (target[1] - here[1]) * step / steps
            bad = rng.random() < 0.02
            noisy = _offset(lon, lat, 120 if bad else 4, rng)
            points.append(
                [
                    noisy[0],
                    noisy[1],
                    at.astimezone(UTC).isoformat(),
                    80.0 if bad else round(rng.uniform(3, 15), 1),
                ]
            )
            at += timedelta(seconds=30)
        here = target
    return points


def _reports(
    phone: PhoneOutbox,
    person: StaffMember,
    *,
    shift: RosterShift,
    post: Post,
    begin: datetime,
    end: datetime,
    rng: random.Random,
) -> None:
    crossing = post.kind == "intersection"
    count = sum(rng.random() < (0.45 if crossing else 0.12) for _ in range(2))
    for _ in range(count):
        at = begin + (end - begin) * rng.random()
        category = _pick(TRAFFIC_MIX if crossing else VILLAGE_MIX, rng)
        where = _offset(post.lon, post.lat, (post.radius_m or 50) * 0.5 if crossing else 300, rng)
        hazard: dict[str, Any] = {
            "id": str(uuid.uuid4()), "staff_id": person.id, "category": category, "recorded_at": at.isoformat(),
            "lon": where[0], "lat": where[1], "description": _description(category, post.name),
            "people_reached": rng.randint(1, 6) if crossing else rng.randint(0, 3),
        }  # fmt: skip
        phone.hazards.append(hazard)
        if rng.random() < 0.3:
            phone.photos.append(hazard["id"])


_WORDS = {
    "no_helmet": "摩托车驾乘人员未戴头盔，已劝导", "mixed_passenger_cargo": "货车车厢载人，已劝离",
    "speeding": "车辆进入安置点超速，已提醒", "no_seatbelt": "驾驶员未系安全带，已劝导",
    "lane_occupation": "车辆占道停放，已挪车", "other_traffic": "其他交通违法行为，已劝导",
    "safety": "牧场围栏电线裸露，存在安全隐患", "dispute": "两户草场边界纠纷，已初步调解",
    "petition": "群众反映补贴发放问题", "other": "其他情况",
}  # fmt: skip


def _description(category: str, place: str) -> str:
    return f"{place}：{_WORDS.get(category, '其他情况')}"
