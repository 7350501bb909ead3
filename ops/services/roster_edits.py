"""Changing a stored roster from the board: a hand edit, a sick-call repair, publishing.

Every change names the version the caller saw; if another version is in force for that day by now,
the change is refused with 409 (someone else changed it). A hand edit is checked by the scheduler's
own rule checkers: a change that breaks a hard rule the roster did not already break is refused
with 422 naming the rule. Each saved change is a new version with who made it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from ops.errors import ConflictError, InputError, NotFoundError, Problem, bilingual
from ops.models import Roster, RosterShift
from ops.services.roster_board import township_named, version_dict
from ops.services.roster_changes import RepairPlan, plan_repair, roster_problem, save_repair
from ops.services.rosters import store_roster

if TYPE_CHECKING:
    from ops.runtime.settings import Settings
    from scheduler.repair import RepairResult


def _stale(version: int, current: int) -> ConflictError:
    return ConflictError(
        bilingual(
            f"有人已修改本周排班（您看到的是第{version}版，现在是第{current}版），请刷新后再改",
            f"someone else changed this roster (you saw version {version}, it is now {current}): reload",
        )
    )


def _shift_day(
    session: Session, township_id: int, version: int, key: str, settings: Settings
) -> Any:
    """The local day of shift `key` in the township's roster `version` (404/422 if none)."""
    roster = session.exec(
        select(Roster).where(Roster.township_id == township_id, Roster.version == version)
    ).first()
    if roster is None:
        raise NotFoundError(bilingual(f"没有第{version}版排班", f"no roster version {version}"))
    shift = session.exec(
        select(RosterShift).where(RosterShift.roster_id == roster.id, RosterShift.key == key)
    ).first()
    if shift is None:
        message = bilingual("该版本中没有这个班次", "no such shift in that version")
        raise InputError([Problem(key, "shift", message)])
    return shift.starts_at.astimezone(settings.tz).date()


def edit_roster(
    *, session: Session, township_id: int, version: int, shift: str, staff_id: str, action: str,
    settings: Settings, by: str,
) -> dict[str, Any]:  # fmt: skip
    """Put a person on a shift ("add") or take them off ("remove"); store a new version."""
    from scheduler.labels import RULE_LABELS
    from scheduler.model import Assignment
    from scheduler.result import build_result
    from scheduler.rules import check

    township = township_named(session, township_id)
    day = _shift_day(session, township_id, version, shift, settings)
    _tid, roster, drafts, problem, pairs = roster_problem(session, township.name, day, settings)
    if roster.version != version:
        raise _stale(version, roster.version)
    if staff_id not in problem.staff_by_id:
        message = bilingual("本乡镇在岗人员中没有此人", "no active staff member of this township")
        raise InputError([Problem(shift, "staff_id", message)])
    current = [Assignment(shift=k, staff=s) for k, s in pairs]
    change = Assignment(shift=shift, staff=staff_id)
    if (action == "add") == (change in current):
        message = bilingual(
            "此人已在该班次" if action == "add" else "此人不在该班次",
            "already on that shift" if action == "add" else "not on that shift",
        )
        raise InputError([Problem(shift, "staff_id", message)])
    changed = [*current, change] if action == "add" else [a for a in current if a != change]
    before = set(check(problem, current))
    broken = [v for v in check(problem, changed) if v not in before]
    if broken:
        name = problem.staff_by_id[staff_id].name
        raise InputError([
            Problem(v.shift or shift, "staff_id", bilingual(
                f"不能调整{name}：违反规则“{RULE_LABELS[v.rule].zh}”（{v.rule}）",
                f"{name}: breaks the rule {v.rule!r} ({RULE_LABELS[v.rule].en}): {v.detail}",
            ))
            for v in broken
        ])  # fmt: skip
    result = build_result(problem, changed, status="edited", seconds=0.0, checked=False)
    verb = "+" if action == "add" else "-"
    new = store_roster(
        session=session, township_id=township_id, start=roster.start_date, days=roster.days,
        drafts=drafts, result=result, kind="edit", parent_id=roster.id,
        note=f"{verb}{staff_id} {shift}", by=by,
    )  # fmt: skip
    return version_dict(new) | {"parent_version": roster.version}


def _plan(
    *, session: Session, township_id: int, version: int, staff_id: str, from_time: datetime,
    settings: Settings, time_limit: float | None,
) -> RepairPlan:  # fmt: skip
    township = township_named(session, township_id)
    from scheduler.errors import ProblemError

    day = from_time.astimezone(settings.tz).date()
    try:
        plan = plan_repair(
            session=session, township_name=township.name, day=day, absent=staff_id,
            from_time=from_time, settings=settings, time_limit=time_limit,
        )  # fmt: skip
    except ProblemError as exc:  # e.g. the stored roster breaks a rule since leave was added
        message = bilingual("当前排班无法自动修补", f"this roster cannot be repaired: {exc}")
        raise InputError([Problem(staff_id, "staff_id", message)]) from exc
    if plan.roster.version != version:
        raise _stale(version, plan.roster.version)
    return plan


def repair_view(mended: RepairResult, tz: Any) -> dict[str, Any]:
    """What a repair changes, as the board shows it (and the message `roster repair` prints)."""
    p = mended.problem
    names = p.staff_by_id

    def shift_of(key: str) -> dict[str, Any]:
        h = p.shift_by_id[key]
        start, end = h.start.astimezone(tz), h.end.astimezone(tz)
        return {"key": key, "post": p.post_by_id[h.post].name, "day": start.date().isoformat(),
                "window": f"{start:%H:%M}-{end:%H:%M}"}  # fmt: skip

    return {
        "absent": {"id": mended.absent, "name": names[mended.absent].name},
        "from": mended.from_time.astimezone(tz).isoformat(),
        "changes": [
            shift_of(c.shift)
            | {
                "removed": [{"id": s, "name": names[s].name} for s in c.removed],
                "added": [{"id": s, "name": names[s].name} for s in c.added],
            }
            for c in mended.changes
        ],
        "unfilled": [
            shift_of(u.shift) | {"missing": u.missing, "reason": u.reason.as_dict()}
            for u in mended.result.unfilled
        ],
        "shortfall": mended.result.shortfall,
        "message": {"zh": mended.message("zh"), "en": mended.message("en")},
    }


def preview_repair(
    *, session: Session, township_id: int, version: int, staff_id: str, from_time: datetime,
    settings: Settings, time_limit: float | None,
) -> dict[str, Any]:  # fmt: skip
    """The repair `fieldops roster repair` would store, without storing it."""
    plan = _plan(
        session=session, township_id=township_id, version=version, staff_id=staff_id,
        from_time=from_time, settings=settings, time_limit=time_limit,
    )  # fmt: skip
    return {"version": version} | repair_view(plan.mended, settings.tz)


def apply_repair(
    *, session: Session, township_id: int, version: int, staff_id: str, from_time: datetime,
    settings: Settings, time_limit: float | None, expected: list[dict[str, Any]] | None, by: str,
) -> dict[str, Any]:  # fmt: skip
    """Store the repair; if `expected` (the previewed changes) differs from it now, 409."""
    plan = _plan(
        session=session, township_id=township_id, version=version, staff_id=staff_id,
        from_time=from_time, settings=settings, time_limit=time_limit,
    )  # fmt: skip
    view = repair_view(plan.mended, settings.tz)
    if expected is not None and _moves(expected) != _moves(view["changes"]):
        raise ConflictError(
            bilingual(
                "排班已变化，与预览不同，请重新预览",
                "the repair differs from the preview now: preview again",
            )
        )
    new = save_repair(session=session, plan=plan, settings=settings, by=by)
    return version_dict(new) | {"parent_version": version} | view


def _moves(changes: list[dict[str, Any]]) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    def ids(people: list[Any]) -> tuple[str, ...]:
        return tuple(sorted(p["id"] if isinstance(p, dict) else str(p) for p in people))

    return {
        (str(c.get("key")), ids(c.get("removed", [])), ids(c.get("added", []))) for c in changes
    }


def publish_roster(*, session: Session, township_id: int, version: int, by: str) -> dict[str, Any]:
    """Mark a version as published; earlier published versions stay as they were (kept)."""
    township_named(session, township_id)
    roster = session.exec(
        select(Roster).where(Roster.township_id == township_id, Roster.version == version)
    ).first()
    if roster is None:
        raise NotFoundError(bilingual(f"没有第{version}版排班", f"no roster version {version}"))
    if roster.published_at is None:
        roster.published_at, roster.published_by = datetime.now(UTC), by
        session.add(roster)
        session.commit()
    return version_dict(roster)
