"""Cells of the roster-rule columns: counts per kind of shift, office day kinds, wishes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from ops.errors import bilingual
from ops.importing.cells import local_moment, text
from ops.models import OFFICE_DAY_KINDS

DAY_KIND_WORDS = {
    "holiday": ("holiday", "节日", "假日", "节假日", "法定节假日"),
    "campaign": ("campaign", "宣传日", "活动日", "宣传"),
    "market": ("market", "集市", "集市日", "赶集"),
    "local": ("local", "其他", "本地"),
}
_SEPARATORS = r"[;；,，、]"


def day_kind(value: Any) -> str:
    """Return an office day kind from its Chinese or English word."""
    raw = text(value).lower()
    for kind, words in DAY_KIND_WORDS.items():
        if raw in words:
            return kind
    known = "、".join(words[1] for words in DAY_KIND_WORDS.values())
    raise ValueError(
        bilingual(
            f"“{raw}”不是日子类型（{known}）",
            f"{raw!r} is not a kind of day ({', '.join(OFFICE_DAY_KINDS)})",
        )
    )


def optional_day_kind(value: Any) -> str | None:
    """Return an office day kind, or None for a blank cell."""
    return day_kind(value) if text(value) else None


def counts_by_word(value: Any, word: Any = str) -> dict[str, int]:
    """Return {"night": 4} from "night=4；morning=6" (also "夜班4" or "宣传日+1"); {} if blank."""
    found: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in re.split(_SEPARATORS, text(value)))):
        match = re.fullmatch(r"(.+?)\s*[=:：+]?\s*(\d+)", part)
        if match is None:
            raise ValueError(
                bilingual(f"“{part}”应写成 类型=数量", f"{part!r} should read kind=number")
            )
        found[word(match.group(1).strip())] = int(match.group(2))
    return found


def kind_caps(value: Any) -> dict[str, int] | None:
    """Return per-kind shift caps ("夜班=4；早班=6"), or None for a blank cell."""
    return counts_by_word(value) or None


def extra_people(value: Any) -> dict[str, int] | None:
    """Return people added per office day kind ("宣传日+1；集市日+2"), or None for a blank cell."""
    return counts_by_word(value, day_kind) or None


def optional_kind(value: Any) -> str | None:
    """Return a shift kind (free text, up to 32 characters), or None for a blank cell."""
    raw = text(value)
    if len(raw) > 32:
        raise ValueError(bilingual("班次类型太长（最多32字）", "kind is longer than 32 characters"))
    return raw or None


def wish(value: Any) -> bool:
    """Return True for a wish to work ("上班", "on"), False for a wish to be off ("休息", "off")."""
    raw = text(value).lower()
    if raw in ("上班", "值班", "on", "work", "是"):
        return True
    if raw in ("休息", "请休", "off", "rest", "否"):
        return False
    raise ValueError(bilingual(f"“{raw}”应为 上班 或 休息", f"{raw!r} should be on or off"))


def factor(value: Any) -> float:
    """Return a demand factor from 0 to 10 (blank: 1)."""
    raw = text(value).removeprefix("×").removeprefix("x")
    if not raw:
        return 1.0
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(bilingual(f"“{raw}”不是数字", f"{raw!r} is not a number")) from None
    if not 0 <= number <= 10:
        raise ValueError(bilingual("需求系数应在 0 到 10 之间", "the factor must be 0 to 10"))
    return number


def a_date(value: Any) -> date:
    """Return the date of a date cell (2026-12-01, 2026/12/1, 2026年12月1日 or an Excel date)."""
    return local_moment(value, ZoneInfo("UTC"), end_of_day=False).date()
