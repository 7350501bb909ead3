"""Changing a roster after it is made: take someone off it (repair), and say why it is as it is (explain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from ops.errors import NotFoundError, bilingual
from ops.models import Leave, Roster
from ops.services.rosters import (
    load_problem,
    local_day_bounds,
    roster_in_force,
    store_roster,
    stored_assignments,
    stored_drafts,
)
from ops.services.townships import get_township
from ops.translate import ShiftDraft

if TYPE_CHECKING:
    from ops.runtime.settings import Settings
    from scheduler.explain import Explanation
    from scheduler.model import Problem as SchedProblem
    from scheduler.repair import RepairResult


def roster_problem(
    session: Session, township_name: str, day: date, settings: Settings
) -> tuple[int, Roster, list[ShiftDraft], SchedProblem, list[tuple[str, str]]]:
    """The roster in force on `day`, rebuilt as a scheduler problem with its assignments."""
    township = get_township(session=session, name=township_name)
    assert township.id is not None
    roster = roster_in_force(session=session, township_id=township.id, day=day)
    if roster is None:
        raise NotFoundError(
            bilingual(
                f"{township.name} {day} 没有排班（先 fieldops roster generate）",
                f"no roster for {day}",
            )
        )
    drafts = stored_drafts(session, roster)
    problem = load_problem(
        session=session, township_id=township.id, drafts=drafts, start=roster.start_date, days=roster.days,
        settings=settings,
    )  # fmt: skip
    pairs = [
        (key, staff)
        for key, staff in stored_assignments(session, roster)
        if staff in problem.staff_by_id
    ]
    return township.id, roster, drafts, problem, pairs


@dataclass(frozen=True)
class RepairPlan:
    """A repair computed and not yet stored: the roster it mends and the mended result."""

    township_id: int
    roster: Roster
    drafts: list[ShiftDraft]
    mended: RepairResult


def plan_repair(
    *,
    session: Session,
    township_name: str,
    day: date,
    absent: str,
    from_time: datetime,
    settings: Settings,
    time_limit: float | None,
) -> RepairPlan:
    """Take `absent` off the roster in force on `day` from `from_time`, with the fewest changes."""
    from scheduler.model import Assignment as SchedAssignment
    from scheduler.repair import repair

    township_id, roster, drafts, problem, pairs = roster_problem(
        session, township_name, day, settings
    )
    if absent not in problem.staff_by_id:
        raise NotFoundError(
            bilingual(f"本乡镇在岗人员中没有“{absent}”", f"no active staff member {absent!r} here")
        )
    current = [SchedAssignment(shift=key, staff=staff) for key, staff in pairs]
    mended = repair(problem, current, absent=absent, from_time=from_time, time_limit=time_limit)
    return RepairPlan(township_id, roster, drafts, mended)


def save_repair(
    *, session: Session, plan: RepairPlan, settings: Settings, by: str | None = None
) -> Roster:
    """Store a planned repair as a new version and the absence as leave (one transaction)."""
    roster, mended = plan.roster, plan.mended
    note = f"absent {mended.absent} from {mended.from_time.isoformat()}"
    _, roster_end = local_day_bounds(roster.start_date, roster.days, settings)
    # Record the absence as leave, so later solves and explanations know about it too.
    session.add(
        Leave(
            staff_id=mended.absent,
            starts_at=mended.from_time,
            ends_at=roster_end,
            reason="临时缺勤 absent (roster repair)",
        )
    )
    return store_roster(
        session=session, township_id=plan.township_id, start=roster.start_date, days=roster.days,
        drafts=plan.drafts, result=mended.result, kind="repair", parent_id=roster.id, note=note, by=by,
    )  # fmt: skip


def repair_roster(
    *,
    session: Session,
    township_name: str,
    day: date,
    absent: str,
    from_time: datetime,
    settings: Settings,
    time_limit: float | None,
) -> tuple[Roster, RepairResult]:
    """Take `absent` off the roster from `from_time`, mend it with the fewest changes, store a new version."""
    plan = plan_repair(
        session=session, township_name=township_name, day=day, absent=absent, from_time=from_time,
        settings=settings, time_limit=time_limit,
    )  # fmt: skip
    return save_repair(session=session, plan=plan, settings=settings), plan.mended


def explain_roster(
    *, session: Session, township_name: str, day: date, settings: Settings
) -> tuple[Roster, SchedProblem, Explanation]:
    """Explain the roster in force on `day`: per person and per shift."""
    from scheduler.explain import explain
    from scheduler.model import Assignment as SchedAssignment

    _township_id, roster, _drafts, problem, pairs = roster_problem(
        session, township_name, day, settings
    )
    return roster, problem, explain(problem, [SchedAssignment(shift=k, staff=s) for k, s in pairs])
