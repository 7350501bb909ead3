"""Why a shift stays short: a sentence in Chinese and English computed from the data."""

from __future__ import annotations

from collections import Counter

from scheduler.blockers import Occupancy, count_text
from scheduler.labels import Text, roles_text
from scheduler.model import Shift, StaffMember
from scheduler.rules import shift_shortfall


def _pool_text(occ: Occupancy, shift: Shift, pool: list[StaffMember]) -> Text:
    counts = Counter(occ.blocker(person, shift) for person in pool)
    return Text(
        f"符合条件的{len(pool)}人中" + count_text(counts, "zh", "，"),
        f"{len(pool)} qualified: " + count_text(counts, "en", ", "),
    )


def _deficit(occ: Occupancy, shift: Shift, roles: frozenset[str] | None, need: int) -> Text:
    who = roles_text(roles)
    head = Text(f"需要{who.zh}{need}名", f"needs {need} more {who.en}")
    holders = [p for p in occ.problem.staff if roles is None or not p.roles.isdisjoint(roles)]
    pool = [
        p for p in holders if shift.roles_any is None or not p.roles.isdisjoint(shift.roles_any)
    ]
    if not holders:
        return Text(f"{head.zh}：没有人具备该角色", f"{head.en}: nobody holds the role")
    if not pool:
        return Text(
            f"{head.zh}：具备该角色的{len(holders)}人都不符合本班次的角色要求",
            f"{head.en}: the {len(holders)} who hold it lack the shift's roles",
        )
    body = _pool_text(occ, shift, pool)
    return Text(f"{head.zh}：{body.zh}", f"{head.en}: {body.en}")


def unfilled_reason(occ: Occupancy, shift: Shift) -> Text:
    """Explain the binding deficit of a short shift: a missing composition role, else headcount."""
    people = [occ.problem.staff_by_id[s] for s in occ.staff_on[shift.id]]
    worst = shift_shortfall(shift, people)
    parts = [
        _deficit(occ, shift, item.roles, worst)
        for item in shift.composition
        if item.min - sum(1 for p in people if not p.roles.isdisjoint(item.roles)) == worst
    ]
    if not parts:
        parts = [_deficit(occ, shift, shift.roles_any, worst)]
    return Text("；".join(p.zh for p in parts), "; ".join(p.en for p in parts))
