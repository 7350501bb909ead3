"""Local time spans as people read them: "12月1日 08:00-12:00" / "Dec 1 08:00-12:00"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def _day(moment: datetime, lang: str) -> str:
    if lang == "en":
        return f"{moment:%b} {moment.day}"
    return f"{moment.month}月{moment.day}日"


def span(start: datetime, end: datetime, zone: ZoneInfo, lang: str = "zh") -> str:
    """Return the local span; the end's date is written only when it differs from the start's."""
    start, end = start.astimezone(zone), end.astimezone(zone)
    tail = f"{end:%H:%M}" if end.date() == start.date() else f"{_day(end, lang)} {end:%H:%M}"
    return f"{_day(start, lang)} {start:%H:%M}-{tail}"


def moment(when: datetime, zone: ZoneInfo, lang: str = "zh") -> str:
    """Return the local date and time, e.g. "12月1日 08:00"."""
    local = when.astimezone(zone)
    return f"{_day(local, lang)} {local:%H:%M}"
