"""Human labels (Chinese first, English available) shared by rules, reasons and explanations."""

from __future__ import annotations

from dataclasses import dataclass

ROLES: tuple[str, ...] = (
    "traffic",
    "patrol",
    "grid_worker",
    "household_leader",
    "party_member",
    "striver",
    "cadre",
)


@dataclass(frozen=True)
class Text:
    """A sentence in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in `lang` ("zh" or "en"; anything else gives Chinese)."""
        return self.en if lang == "en" else self.zh

    def as_dict(self) -> dict[str, str]:
        """Return the {"zh": ..., "en": ...} file form."""
        return {"zh": self.zh, "en": self.en}


ROLE_LABELS: dict[str, Text] = {
    "traffic": Text("交通劝导员", "traffic persuader"),
    "patrol": Text("巡逻队员", "patrol member"),
    "grid_worker": Text("网格员", "grid worker"),
    "household_leader": Text("联户长", "household leader"),
    "party_member": Text("党员", "party member"),
    "striver": Text("奋进队员", "striver-team member"),
    "cadre": Text("村干部", "village cadre"),
}

RULE_LABELS: dict[str, Text] = {
    "integrity": Text(
        "排班引用的班次和人员必须存在，同一人不重复排在同一班次",
        "assignments name real shifts and people, once each",
    ),
    "qualified": Text("只安排具备该班次所需角色的人员", "only people holding a qualifying role"),
    "available": Text("不安排请假或不可用时段内的人员", "nobody during leave or unavailable time"),
    "no_overlap": Text("同一人不能同时在两个班次", "nobody on two overlapping shifts"),
    "max_per_day": Text("每人每天班次不超过上限", "at most the daily maximum of shifts per person"),
    "max_per_week": Text(
        "每人每周班次不超过上限", "at most the weekly maximum of shifts per person"
    ),
    "min_rest": Text("两个班次之间保证最少休息时间", "at least the minimum rest between shifts"),
    "max_staff": Text("每个班次人数不超过上限", "no shift above its maximum staff"),
    "max_consecutive_days": Text(
        "连续工作天数不超过个人上限（含上期末连续天数）",
        "at most the person's maximum of days running (last period's run counted)",
    ),
    "min_consecutive_days": Text(
        "每段连续工作天数不少于个人下限", "runs of worked days at least the person's minimum"
    ),
    "min_consecutive_days_off": Text(
        "两段工作之间连续休息天数不少于个人下限",
        "at least the person's minimum of days off in a row between two worked days",
    ),
    "min_days_off_per_week": Text(
        "每周休息天数不少于个人下限", "at least the person's days off in each week"
    ),
    "max_weekends": Text("上班的周末数不超过个人上限", "at most the person's maximum of weekends"),
    "min_minutes": Text("排班总时长不少于个人下限", "at least the person's minimum of minutes"),
    "max_minutes": Text("排班总时长不超过个人上限", "at most the person's maximum of minutes"),
    "max_shifts_by_kind": Text(
        "每类班次（如夜班）不超过个人上限", "at most the person's maximum of each kind of shift"
    ),
    "forbidden_successions": Text(
        "禁止的班次衔接（如夜班后次日早班）不出现",
        "no forbidden succession of kinds (e.g. a morning the day after a night)",
    ),
}


def roles_text(roles: frozenset[str] | None) -> Text:
    """Return the labels of `roles` joined ("或"/" or"); None means anyone."""
    if not roles:
        return Text("人员", "people")
    ordered = sorted(roles, key=ROLES.index)
    return Text(
        "或".join(ROLE_LABELS[r].zh for r in ordered),
        " or ".join(ROLE_LABELS[r].en for r in ordered),
    )
