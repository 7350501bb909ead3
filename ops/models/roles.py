"""Staff role codes and the words townships write for them."""

from __future__ import annotations

import re

from ops.errors import bilingual
from scheduler.labels import ROLE_LABELS
from scheduler.labels import ROLES as ROLE_CODES

# The role codes and their labels belong to the scheduler (rules are checked against them).
ROLES: dict[str, tuple[str, str]] = {
    code: (ROLE_LABELS[code].zh, ROLE_LABELS[code].en) for code in ROLE_CODES
}

_ALIASES: dict[str, str] = {
    **{code: code for code in ROLES},
    **{zh: code for code, (zh, _en) in ROLES.items()},
    "劝导员": "traffic",
    "交通": "traffic",
    "交通劝导": "traffic",
    "巡逻": "patrol",
    "巡逻员": "patrol",
    "治安巡逻队员": "patrol",
    "网格长": "grid_worker",
    "牧民党员": "party_member",
    "中共党员": "party_member",
    "奋进队": "striver",
    "干部": "cadre",
    "村两委": "cadre",
    "grid": "grid_worker",
    "household": "household_leader",
    "party": "party_member",
}

ROLE_SEPARATORS = re.compile(r"[、,，;；/|\s]+")


def role_code(word: str) -> str | None:
    """Return the role code for a Chinese or English word, or None if unknown."""
    key = word.strip()
    return _ALIASES.get(key) or _ALIASES.get(key.lower().replace(" ", "_").replace("-", "_"))


def parse_roles(text: str, *, separators: re.Pattern[str] = ROLE_SEPARATORS) -> list[str]:
    """Split a roles cell into role codes, keeping order; raise ValueError naming unknown words."""
    codes: list[str] = []
    unknown: list[str] = []
    for word in filter(None, (part.strip() for part in separators.split(text))):
        code = role_code(word)
        if code is None:
            unknown.append(word)
        elif code not in codes:
            codes.append(code)
    if unknown:
        allowed = "、".join(zh for zh, _ in ROLES.values())
        raise ValueError(
            bilingual(
                f"无法识别的角色“{'、'.join(unknown)}”，可用：{allowed}",
                f"unknown role {', '.join(unknown)!s}; use one of {', '.join(ROLES)}",
            )
        )
    return codes


def role_label(code: str, lang: str = "zh") -> str:
    """Return the human label of a role code in `lang` ("zh" or "en")."""
    zh, en = ROLES.get(code, (code, code))
    return zh if lang == "zh" else en
