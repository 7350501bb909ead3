"""Parse one spreadsheet cell into a value; each parser raises ValueError with a bilingual reason."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ops.errors import bilingual
from ops.models.roles import parse_roles, role_label


def text(value: Any) -> str:
    """Return the cell as stripped text ("" for blank); whole numbers lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def required_text(value: Any) -> str:
    """Return the cell as text, refusing a blank cell."""
    result = text(value)
    if not result:
        raise ValueError(bilingual("不能为空", "must not be empty"))
    return result


def short_text(value: Any, *, limit: int) -> str:
    """Return the cell as required text of at most `limit` characters (the column's width)."""
    result = required_text(value)
    if len(result) > limit:
        raise ValueError(
            bilingual(f"超过 {limit} 个字（{len(result)} 个）", f"longer than {limit} characters")
        )
    return result


def optional_int(value: Any, *, low: int, high: int) -> int | None:
    """Return a whole number within [low, high], or None for a blank cell."""
    raw = text(value).removesuffix("次").removesuffix("人").strip()
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(bilingual(f"“{raw}”不是整数", f"{raw!r} is not a whole number")) from None
    if not number.is_integer() or not low <= number <= high:
        raise ValueError(
            bilingual(
                f"应为 {low} 到 {high} 的整数", f"must be a whole number from {low} to {high}"
            )
        )
    return int(number)


def phone(value: Any) -> str | None:
    """Return a phone number as digits (a leading + kept), or None for a blank cell."""
    raw = text(value)
    if not raw:
        return None
    digits = re.sub(r"[\s\-()（）]", "", raw)
    if not re.fullmatch(r"\+?\d{5,15}", digits):
        raise ValueError(bilingual(f"“{raw}”不是电话号码", f"{raw!r} is not a phone number"))
    return digits


def roles(value: Any, *, required: bool) -> list[str]:
    """Return role codes from a cell like "交通劝导员、党员"."""
    raw = text(value)
    if not raw:
        if required:
            raise ValueError(bilingual("至少填写一个角色", "write at least one role"))
        return []
    return parse_roles(raw)


def local_time(value: Any) -> str:
    """Return "HH:MM" from "8:00", "08:00:00", "8点" or an Excel time cell."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and 0 <= value < 1:  # Excel stores times as day fractions
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    raw = text(value).replace("：", ":")
    match = re.fullmatch(
        r"(\d{1,2})(?::(\d{2}))?(?::\d{2})?|(\d{1,2})点(?:(\d{1,2})分?)?|(\d{1,2})点半", raw
    )
    if not match:
        raise ValueError(
            bilingual(f"“{raw}”不是时间（应为 HH:MM）", f"{raw!r} is not a time (HH:MM)")
        )
    hour_text = match.group(1) or match.group(3) or match.group(5)
    minute_text = match.group(2) or match.group(4) or ("30" if match.group(5) else "0")
    hour, minute = int(hour_text), int(minute_text)
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(bilingual(f"“{raw}”不是有效时间", f"{raw!r} is not a valid time"))
    return f"{hour:02d}:{minute:02d}"


_CN_DAY = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "七": 7}
_WEEKDAY_WORDS = {
    "每天": list(range(1, 8)),
    "每日": list(range(1, 8)),
    "daily": list(range(1, 8)),
    "全周": list(range(1, 8)),
    "工作日": [1, 2, 3, 4, 5],
    "weekdays": [1, 2, 3, 4, 5],
    "周末": [6, 7],
    "weekend": [6, 7],
}


def weekdays(value: Any) -> list[int]:
    """Return ISO weekdays from "每天"/"daily", "1-5", "1,3,5" or "周一至周五"."""
    raw = text(value).lower().replace(" ", "")
    if not raw:
        raise ValueError(
            bilingual("不能为空（如 每天、1-5、1,3,5）", "empty (e.g. daily, 1-5, 1,3,5)")
        )
    if raw in _WEEKDAY_WORDS:
        return _WEEKDAY_WORDS[raw]
    normalised = re.sub(
        r"(?:周|星期|礼拜)([一二三四五六日天七])", lambda m: str(_CN_DAY[m[1]]), raw
    )
    normalised = (
        normalised.replace("至", "-").replace("到", "-").replace("~", "-").replace("—", "-")
    )
    days: set[int] = set()
    for part in filter(None, re.split(r"[,，、;；/]", normalised)):
        bounds = part.split("-")
        if not all(b.isdigit() for b in bounds) or len(bounds) > 2:
            raise ValueError(
                bilingual(
                    f"无法识别星期“{text(value)}”（如 每天、1-5、1,3,5）",
                    f"cannot read weekdays {text(value)!r} (e.g. daily, 1-5, 1,3,5)",
                )
            )
        low, high = int(bounds[0]), int(bounds[-1])
        if not (1 <= low <= 7 and 1 <= high <= 7 and low <= high):
            raise ValueError(bilingual("星期应为 1 到 7", "weekdays run from 1 to 7"))
        days.update(range(low, high + 1))
    return sorted(days)


def composition(value: Any) -> list[dict[str, Any]]:
    """Return items {"roles": [...], "min": n} from "党员>=1; 网格员|党员>=1"."""
    raw = text(value)
    items: list[dict[str, Any]] = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", raw))):
        match = re.fullmatch(r"(.+?)\s*(?:>=|≥|＞＝|>＝|＞=)\s*(\d+)\s*[名人]?", part)
        if not match:
            raise ValueError(
                bilingual(
                    f"无法识别“{part}”（应为 党员>=1）",
                    f"cannot read {part!r} (write party_member>=1)",
                )
            )
        codes = parse_roles(match[1], separators=re.compile(r"[|｜/或]+"))
        if not codes:
            raise ValueError(bilingual(f"“{part}”缺少角色", f"{part!r} names no role"))
        items.append({"roles": codes, "min": int(match[2])})
    return items


def describe_composition(items: list[dict[str, Any]], lang: str = "zh") -> str:
    """Render composition items back to the sheet's words, e.g. "党员>=1" or "party_member>=1"."""
    words = (lambda r: role_label(r, "zh")) if lang == "zh" else (lambda r: r)
    return "; ".join("|".join(map(words, item["roles"])) + f">={item['min']}" for item in items)


def local_moment(value: Any, tz: ZoneInfo, *, end_of_day: bool) -> datetime:
    """Return an aware UTC datetime from a date or local date-time cell.

    A bare date means the start of that local day, or with `end_of_day` the start of the next
    (so a leave "to 2026-12-03" covers all of the 3rd).
    """
    moment = _parse_moment(value)
    if isinstance(moment, datetime):
        local = moment if moment.tzinfo else moment.replace(tzinfo=tz)
    else:
        day = moment + timedelta(days=1) if end_of_day else moment
        local = datetime.combine(day, time(0), tzinfo=tz)
    return local.astimezone(UTC)


def _parse_moment(value: Any) -> date | datetime:
    if isinstance(value, datetime):
        has_clock = value.time() != time(0)
        return value if has_clock else value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    cleaned = re.sub(r"[年月/.]", "-", raw).replace("日", "").replace("号", "").replace("T", " ")
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        match = re.fullmatch(
            r"(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?", cleaned
        )
        if not match:
            raise ValueError(
                bilingual(
                    f"“{raw}”不是日期（如 2026-12-01 或 2026-12-01 08:00）",
                    f"{raw!r} is not a date (e.g. 2026-12-01 or 2026-12-01 08:00)",
                )
            ) from None
        try:
            y, mo, d, h, mi, sec = (int(g) if g else 0 for g in match.groups())
            parsed = datetime(y, mo, d, h, mi, sec)  # noqa: DTZ001 (local wall time, zoned by the caller)
        except ValueError as exc:
            raise ValueError(
                bilingual(f"“{raw}”不是有效日期", f"{raw!r} is not a valid date")
            ) from exc
        if match[4] is None:
            return parsed.date()
        return parsed
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", cleaned):
        return parsed.date()
    return parsed
