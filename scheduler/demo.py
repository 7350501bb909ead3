"""A synthetic township (seeded, deterministic) in the problem-file form, for demos and benchmarks.

About 80 people; 6 crossings staffed 08:00-12:00 and 15:00-19:00 (1-2 traffic persuaders each);
8 villages patrolled 09:00-17:00 by 2 people, at least one a party member; some leave and some
weekly caps; made-up home-to-post distances in km.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

NAMES = (
    "扎西",
    "卓玛",
    "次仁",
    "央金",
    "多吉",
    "拉姆",
    "平措",
    "德吉",
    "旺堆",
    "曲珍",
    "格桑",
    "白玛",
)
PATROL_ROLES = ["grid_worker", "household_leader", "party_member", "striver", "patrol"]


def _person(rng: random.Random, i: int, start: date, days: int) -> dict[str, Any]:
    roles = {"traffic"} if i % 3 == 0 else {rng.choice(PATROL_ROLES[:2] + PATROL_ROLES[3:])}
    if rng.random() < 0.35:
        roles.add("party_member")
    person: dict[str, Any] = {
        "id": f"s{i:03d}",
        "name": f"{NAMES[i % len(NAMES)]}{i}",
        "roles": sorted(roles),
        "home": [round(91.5 + rng.random() * 0.4, 4), round(32.1 + rng.random() * 0.3, 4)],
    }
    if rng.random() < 0.3:
        person["max_shifts_per_week"] = 3
    if rng.random() < 0.15:
        person["unavailable"] = [(start + timedelta(days=rng.randrange(days))).isoformat()]
    return person


def _shift(post: str, day: date, hours: tuple[int, int], extra: dict[str, Any]) -> dict[str, Any]:
    stamp = day.isoformat()
    return {
        "id": f"{post}-{stamp.replace('-', '')}-{hours[0]:02d}",
        "post": post,
        "start": f"{stamp}T{hours[0]:02d}:00:00+08:00",
        "end": f"{stamp}T{hours[1]:02d}:00:00+08:00",
    } | extra


KINDS = {8: "morning", 15: "evening", 9: "patrol"}  # by start hour


def add_office_rules(data: dict[str, Any], rng: random.Random, start: date, days: int) -> None:
    """Switch on the rules offices use: kinds, days running and off, weekends, evening caps,
    no morning after an evening, requests, and last week's run and last shift in the history."""
    for shift in data["shifts"]:
        shift["kind"] = KINDS[int(shift["start"][11:13])]
    data["rules"]["forbidden_successions"] = [["evening", "morning"]]
    before = (start - timedelta(days=1)).isoformat()
    for person in data["staff"]:
        person |= {"max_consecutive_days": 5, "min_days_off_per_week": 1, "max_weekends": 1}
        person["min_consecutive_days_off"] = 2 if rng.random() < 0.3 else 1
        person["max_shifts_by_kind"] = {"evening": 3}
        if rng.random() < 0.2:
            day = (start + timedelta(days=rng.randrange(days))).isoformat()
            person["requests"] = [{"date": day, "on": False, "weight": rng.choice([1, 3])}]
        if rng.random() < 0.25:
            data.setdefault("history", {})[person["id"]] = {
                "consecutive_days": rng.randrange(1, 5),
                "last_shift_end": f"{before}T19:00:00+08:00",
                "last_shift_kind": "evening",
            }


def township_problem(
    *,
    start: date = date(2026, 11, 30),
    days: int = 7,
    staff: int = 80,
    seed: int = 0,
    rules: bool = False,
) -> dict[str, Any]:
    """Return a township roster problem (file form) for `days` days from `start`; with `rules`,
    the office rules of `add_office_rules` too."""
    rng = random.Random(seed)
    people = [_person(rng, i, start, days) for i in range(1, staff + 1)]
    crossings = [f"x{i}" for i in range(1, 7)]
    villages = [f"v{i}" for i in range(1, 9)]
    posts = [{"id": x, "name": f"安置点{x}路口", "kind": "intersection"} for x in crossings]
    posts += [{"id": v, "name": f"{v}村", "kind": "village"} for v in villages]
    traffic = {"min_staff": 1, "max_staff": 2, "roles_any": ["traffic"]}
    patrol = {
        "min_staff": 2,
        "roles_any": PATROL_ROLES,
        "composition": [{"role": "party_member", "min": 1}],
    }
    shifts = []
    for d in range(days):
        day = start + timedelta(days=d)
        for x in crossings:
            shifts += [_shift(x, day, (8, 12), traffic), _shift(x, day, (15, 19), traffic)]
        shifts += [_shift(v, day, (9, 17), patrol) for v in villages]
    travel = {
        p["id"]: {post["id"]: round(1 + rng.random() * 40, 1) for post in posts} for p in people
    }
    data = {
        "timezone": "Asia/Shanghai",
        "rules": {"min_rest_hours": 10, "max_shifts_per_day": 1},
        "staff": people,
        "posts": posts,
        "shifts": shifts,
        "travel_km": travel,
    }
    if rules:
        add_office_rules(data, rng, start, days)
    return data
