"""The hazard ledger (隐患台账): every report of the week and every one still open, with its state then."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.intake.hazards import STATE_LABELS
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.models import Hazard, HazardTransition, Post, StaffMember, Village

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

TRAFFIC = (
    "no_helmet",
    "no_seatbelt",
    "speeding",
    "lane_occupation",
    "mixed_passenger_cargo",
    "other_traffic",
)


def state_at(hazard: Hazard, steps: list[HazardTransition], moment: datetime) -> str | None:
    """The hazard's state at `moment` (None if not yet reported), from its transitions."""
    if hazard.recorded_at >= moment:
        return None
    done = [s for s in steps if s.at < moment]
    return done[-1].to_status if done else "reported"


def hazard_figures(
    *, session: Session, township_ids: list[int], begin: datetime, end: datetime, settings: Settings
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Counts for the week [begin, end) and the ledger rows (reported this week or open at its end)."""
    staff = {
        s.id: s
        for s in session.exec(
            select(StaffMember).where(col(StaffMember.township_id).in_(township_ids))
        )
    }
    hazards = session.exec(
        select(Hazard)
        .where(col(Hazard.staff_id).in_(list(staff)), Hazard.recorded_at < end)
        .order_by(col(Hazard.recorded_at))
    ).all()
    steps: dict[str, list[HazardTransition]] = {}
    for step in session.exec(
        select(HazardTransition)
        .where(col(HazardTransition.hazard_id).in_([h.id for h in hazards]))
        .order_by(col(HazardTransition.at))
    ):
        steps.setdefault(step.hazard_id, []).append(step)
    places = _places(session, township_ids)
    counts: Counter[str] = Counter()
    violations: Counter[str] = Counter()
    ledger = []
    for hazard in hazards:
        history = steps.get(hazard.id, [])
        state = state_at(hazard, history, end) or "reported"
        new = hazard.recorded_at >= begin
        if new:
            counts["reported"] += 1
            counts["people_reached"] += hazard.people_reached
            violations[hazard.category] += hazard.category in TRAFFIC
        counts["closed"] += any(s.to_status == "closed" and begin <= s.at < end for s in history)
        still_open = state != "closed"
        overdue = bool(still_open and hazard.due and hazard.due < end)
        counts["open"] += still_open
        counts["overdue"] += overdue
        if new or still_open:
            ledger.append(
                _row(
                    hazard,
                    state=state,
                    overdue=overdue,
                    staff=staff,
                    places=places,
                    settings=settings,
                )
            )
    figures = {
        "hazards_reported": counts["reported"], "hazards_closed": counts["closed"], "hazards_open": counts["open"],
        "hazards_overdue": counts["overdue"], "people_reached": counts["people_reached"],
        "violations": {c: violations[c] for c in TRAFFIC}, "violations_total": sum(violations.values()),
    }  # fmt: skip
    return figures, ledger


def _places(session: Session, township_ids: list[int]) -> dict[tuple[str, int], str]:
    posts = session.exec(select(Post).where(col(Post.township_id).in_(township_ids))).all()
    villages = session.exec(select(Village).where(col(Village.township_id).in_(township_ids))).all()
    return {("post", p.id or 0): p.name for p in posts} | {
        ("village", v.id or 0): v.name for v in villages
    }


def _row(
    hazard: Hazard,
    *,
    state: str,
    overdue: bool,
    staff: dict[str, StaffMember],
    places: dict[tuple[str, int], str],
    settings: Settings,
) -> dict[str, Any]:
    if hazard.post_id:
        place = places.get(("post", hazard.post_id), "")
    elif hazard.village_id:
        place = places.get(("village", hazard.village_id), "")
    elif hazard.lon is not None and hazard.lat is not None:
        place = f"{hazard.lon:.5f}, {hazard.lat:.5f}"
    else:
        place = "无定位 / no location"
    reporter = staff.get(hazard.staff_id)
    return {
        "id": hazard.id, "recorded_at": hazard.recorded_at.astimezone(settings.tz).isoformat(),
        "category": hazard.category, "category_zh": HAZARD_CATEGORIES[hazard.category][0],
        "place": place, "state": state, "state_zh": STATE_LABELS[state][0],
        "owner": hazard.assignee, "due": hazard.due.astimezone(settings.tz).isoformat() if hazard.due else None,
        "overdue": overdue, "reporter": reporter.name if reporter else hazard.staff_id,
        "people_reached": hazard.people_reached, "description": hazard.description,
        "possible_duplicate_of": hazard.possible_duplicate_of,
    }  # fmt: skip
