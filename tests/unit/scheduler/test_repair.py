"""Repair: the absent person's slots are covered, everything else stays where it was."""

from __future__ import annotations

from datetime import datetime

import pytest

from scheduler.errors import ProblemError
from scheduler.model import Assignment
from scheduler.repair import ShiftChange, repair
from scheduler.rules import check
from tests.unit.scheduler.factories import person, problem, shift

STAFF = [person("zx", name="扎西"), person("zm", name="卓玛"), person("cr", name="次仁")]
SHIFTS = [
    shift("d1", day="2026-12-01"),
    shift("d2", day="2026-12-02"),
    shift("d3", day="2026-12-03"),
]
ROSTER = [Assignment("d1", "zx"), Assignment("d2", "zx"), Assignment("d3", "zm")]
NOON_DEC_1 = datetime.fromisoformat("2026-12-01T12:00:00+08:00")


def test_repair_covers_the_slot_and_keeps_every_untouched_assignment() -> None:
    p = problem(STAFF, SHIFTS)
    fixed = repair(p, ROSTER, absent="zx", from_time=NOON_DEC_1, time_limit=5)
    after = set(fixed.result.assignments)
    assert {Assignment("d1", "zx"), Assignment("d3", "zm")} <= after
    assert Assignment("d2", "zx") not in after and fixed.result.shortfall == 0
    assert check(fixed.problem, fixed.result.assignments) == []
    assert fixed.changes == (ShiftChange("d2", ("zx",), ("cr",)),)


def test_shift_in_progress_loses_the_absent_person_and_stays_frozen() -> None:
    p = problem(STAFF, SHIFTS)
    ten = datetime.fromisoformat("2026-12-01T10:00:00+08:00")
    fixed = repair(p, ROSTER, absent="zx", from_time=ten, time_limit=5)
    assert fixed.changes[0] == ShiftChange("d1", ("zx",), ())
    assert [u.shift for u in fixed.result.unfilled] == ["d1"]


def test_moving_someone_is_allowed_when_it_is_the_only_way_to_cover() -> None:
    staff = [person("zx", name="扎西"), person("zm", name="卓玛"), person("pm", ["party_member"])]
    shifts = [
        shift("a", day="2026-12-02", roles_any=["traffic"]),
        shift("b", day="2026-12-02", post="v1", roles_any=["party_member", "traffic"]),
    ]
    p = problem(staff, shifts)
    roster = [Assignment("a", "zx"), Assignment("b", "zm")]
    fixed = repair(p, roster, absent="zx", from_time=NOON_DEC_1, time_limit=5)
    assert fixed.result.shortfall == 0
    assert set(fixed.result.assignments) == {Assignment("a", "zm"), Assignment("b", "pm")}


def test_message_names_changed_duties_with_local_times() -> None:
    p = problem(STAFF, SHIFTS)
    fixed = repair(p, ROSTER, absent="zx", from_time=NOON_DEC_1, time_limit=5)
    zh = fixed.message("zh")
    assert "12月2日 08:00-12:00 安置点东路口：扎西 → 次仁" in zh
    assert zh.startswith("值班调整：扎西自12月1日 12:00起请假。")
    assert "Dec 2 08:00-12:00 安置点东路口: 扎西 → 次仁" in fixed.message("en")


def test_unknown_absent_person_is_an_error() -> None:
    with pytest.raises(ProblemError, match="unknown staff"):
        repair(problem(STAFF, SHIFTS), ROSTER, absent="nobody", from_time=NOON_DEC_1)
