"""The roster calendar: China's statutory holidays and make-up working days (调休) from the
`chinese-calendar` package, plus the township's own office days (local holidays such as the
Tibetan New Year, campaign days, market days) with their demand factors.

A day's templates are those of its weekday, except that a statutory holiday runs the Sunday
templates and a make-up working day the Monday ones. `chinese-calendar` knows only the years the
State Council has announced: a later day is "unknown" and keeps its own weekday, and every command
that meets one says so (nothing is guessed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from ops.models import OfficeDay

if TYPE_CHECKING:
    from collections.abc import Iterable

STATUTORY_LABELS = {
    "workday": ("工作日", "workday"),
    "weekend": ("周末", "weekend"),
    "holiday": ("法定节假日", "statutory holiday"),
    "makeup_workday": ("调休上班", "make-up working day"),
    "unknown": ("法定节假日数据未覆盖", "beyond the statutory holiday data"),
}
KIND_LABELS = {
    "holiday": ("节日", "holiday"),
    "campaign": ("宣传日", "campaign day"),
    "market": ("集市日", "market day"),
    "local": ("其他", "local day"),
}
WEEKDAYS_ZH = "一二三四五六日"


@dataclass(frozen=True)
class CalendarDay:
    """What a local day is for the roster: its statutory status, office marks and demand."""

    day: date
    statutory: str  # a key of STATUTORY_LABELS
    holiday_name: tuple[str, str] | None  # (zh, en) of the statutory holiday or make-up day
    kinds: frozenset[str]  # office day kinds, plus "holiday" on a statutory holiday
    names: tuple[str, ...]  # the office's names for the day
    demand_factor: float  # product of the office entries' factors (1.0 without any)

    @property
    def pattern_weekday(self) -> int:
        """Return the ISO weekday whose templates run: Sunday's on holidays, Monday's on 调休."""
        if self.statutory == "holiday":
            return 7
        if self.statutory == "makeup_workday":
            return 1
        return self.day.isoweekday()


HOLIDAY_ZH = {  # chinese-calendar names its holidays in English only
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def statutory_day(day: date) -> tuple[str, tuple[str, str] | None]:
    """Return the statutory status of a local day and its holiday's (zh, en) name, if any."""
    import chinese_calendar

    try:
        resting, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return "unknown", None
    label = (HOLIDAY_ZH.get(name, name), name) if name else None
    if resting:
        return ("holiday", label) if name else ("weekend", None)
    return ("makeup_workday", label) if name else ("workday", None)


def calendar_days(
    first: date, days: int, office: Iterable[OfficeDay] = ()
) -> dict[date, CalendarDay]:
    """Return the calendar of local days [first, first + days) with the office's entries."""
    marks: dict[date, list[OfficeDay]] = defaultdict(list)
    for entry in office:
        marks[entry.day].append(entry)
    found = {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        status, name = statutory_day(day)
        own = marks.get(day, [])
        factor = 1.0
        for entry in own:
            factor *= entry.demand_factor
        kinds = {e.kind for e in own} | ({"holiday"} if status == "holiday" else set())
        found[day] = CalendarDay(
            day, status, name, frozenset(kinds), tuple(e.name for e in own if e.name), factor
        )
    return found


def office_days(*, session: Session, township_id: int, first: date, days: int) -> list[OfficeDay]:
    """Return the township's office days in [first, first + days)."""
    return list(
        session.exec(
            select(OfficeDay).where(
                OfficeDay.township_id == township_id,
                col(OfficeDay.day) >= first,
                col(OfficeDay.day) < first + timedelta(days=days),
            )
        ).all()
    )


def township_calendar(
    *, session: Session, township_id: int, first: date, days: int
) -> dict[date, CalendarDay]:
    """Return the township's roster calendar for local days [first, first + days)."""
    office = office_days(session=session, township_id=township_id, first=first, days=days)
    return calendar_days(first, days, office)


def unknown_years(calendar: dict[date, CalendarDay]) -> list[int]:
    """Return the years of days the statutory holiday data does not cover yet."""
    return sorted({d.year for d, c in calendar.items() if c.statutory == "unknown"})


def unknown_note(years: list[int]) -> str:
    """Return the bilingual warning for days beyond the statutory holiday data."""
    joined = "、".join(str(y) for y in years)
    return (
        f"注意：chinese-calendar 还没有 {joined} 年的法定节假日和调休安排，这些日子按平常星期排班"
        f" / note: statutory holidays and make-up days for {', '.join(map(str, years))} are not "
        "in chinese-calendar yet; those days are rostered by their weekday"
    )


def day_line(entry: CalendarDay, lang: str = "zh") -> str:
    """Return one calendar line, e.g. "2026-10-01 周四 法定节假日（国庆节） 宣传日 ×1.5"."""
    zh = lang != "en"
    status = STATUTORY_LABELS[entry.statutory][0 if zh else 1]
    if entry.holiday_name:
        name = entry.holiday_name[0 if zh else 1]
        status += f"（{name}）" if zh else f" ({name})"
    weekday = f"周{WEEKDAYS_ZH[entry.day.weekday()]}" if zh else f"{entry.day:%a}"
    marks = [KIND_LABELS[k][0 if zh else 1] for k in sorted(entry.kinds - {"holiday"})]
    parts = [entry.day.isoformat(), weekday, status, *marks, *entry.names]
    if entry.demand_factor != 1.0:
        parts.append(f"×{entry.demand_factor:g}")
    return " ".join(parts)
