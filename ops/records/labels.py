"""What each stored code of the records is called, Chinese first: (zh, en)."""

from __future__ import annotations

VISIT_PURPOSE_LABELS: dict[str, tuple[str, str]] = {
    "dispute_check": ("排查纠纷", "dispute check"),
    "safety_check": ("安全检查", "safety check"),
    "petition_followup": ("信访回访", "petition follow-up"),
    "policy_publicity": ("政策宣传", "policy publicity"),
    "other": ("其他", "other"),
}
DISPUTE_CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "grassland": ("草场", "grassland"),
    "neighbour": ("邻里", "neighbours"),
    "family": ("婚姻家庭", "family"),
    "debt": ("债务", "debt"),
    "labour": ("劳务", "labour"),
    "livestock": ("牲畜", "livestock"),
    "land": ("土地", "land"),
    "other": ("其他", "other"),
}
DISPUTE_STEP_LABELS: dict[str, tuple[str, str]] = {
    "found": ("发现", "found"),
    "mediating": ("调解中", "mediating"),
    "mediated": ("调解成功", "mediated"),
    "failed": ("调解失败", "failed"),
    "referred": ("移交", "referred"),
}
SATISFACTION_LABELS: dict[str, tuple[str, str]] = {
    "satisfied": ("满意", "satisfied"),
    "basically_satisfied": ("基本满意", "basically satisfied"),
    "unsatisfied": ("不满意", "unsatisfied"),
}
EVENT_KIND_LABELS: dict[str, tuple[str, str]] = {
    "publicity": ("普法宣传", "law publicity"),
    "training": ("培训", "training"),
    "study": ("学习", "study session"),
}


def label(table: dict[str, tuple[str, str]], code: str | None, lang: str = "zh") -> str:
    """The name of `code` in `lang`; the code itself when the table does not know it."""
    if code is None:
        return ""
    zh, en = table.get(code, (code, code))
    return en if lang == "en" else zh
