"""Explain: per person and per shift, as data and as text."""

from __future__ import annotations

from scheduler.explain import explain, explanation_to_dict, render
from scheduler.model import Assignment
from tests.unit.scheduler.factories import person, problem, shift


def test_explanation_says_who_could_have_taken_a_shift_and_why_not() -> None:
    staff = [
        person("a", name="扎西"),
        person("b", name="卓玛", unavailable=["2026-11-30"]),
        person("c", name="次仁"),
        person("d", ["patrol"], name="央金"),
    ]
    p = problem(staff, [shift("h1", roles_any=["traffic"])], travel_km={"a": {"x1": 4.5}})
    e = explain(p, [Assignment("h1", "a")])
    (line,) = e.shifts
    assert line.assigned == ("a",) and line.could_take == ("c",)
    assert line.blocked == {"unavailable": ("b",), "not_qualified": ("d",)}
    assert e.people[0].travel_km == 4.5 and e.people[0].load_vs_average == 0.5
    text = render(p, e, "zh")
    assert "扎西：1班（比平均+0.50），路程4.5公里" in text
    assert (
        "11月30日 08:00-12:00 安置点东路口：扎西；还可安排：次仁；其他人：1人不具备所需角色、1人请假"
        in text
    )
    assert "could also take it: 次仁" in render(p, e, "en")
    assert explanation_to_dict(e)["shifts"][0]["blocked"]["unavailable"] == ["b"]
