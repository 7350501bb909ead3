"""What the console says, Chinese first with English available (one table, looked up by key)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "app": ("FieldOps 乡镇值守", "FieldOps"),
    "signin": ("登录", "Sign in"),
    "signout": ("退出", "Sign out"),
    "username": ("账号", "Name"),
    "password": ("密码", "Password"),
    "roster": ("排班", "Rosters"),
    "staff": ("人员", "Staff"),
    "today": ("今日值守", "Today"),
    "hazards": ("隐患台账", "Hazard ledger"),
    "coverage": ("覆盖与周报", "Coverage"),
    "records": ("走访与调解", "Visits & mediation"),
    "county": ("全县", "County"),
    "pick_township": ("选择乡镇", "Choose a township"),
    "switch_lang": ("English", "中文"),
    "dispatcher": ("调度员", "dispatcher"),
    "supervisor": ("督导", "supervisor"),
    "read_only": ("只读", "read only"),
    "session_ended": ("登录已过期，请重新登录", "Your session ended: please sign in again"),
    "bad_csrf": ("页面已过期，请刷新后重试", "The page is out of date: reload and try again"),
    "no_township": ("还没有乡镇数据", "No township yet"),
}


def word(key: str, lang: str) -> str:
    """The text for `key` in `lang` ("zh" or "en"); the key itself if unknown."""
    zh, en = WORDS.get(key, (key, key))
    return en if lang == "en" else zh


def pick(zh: str, en: str, lang: str) -> str:
    """One of two texts by language."""
    return en if lang == "en" else zh
