"""The period figures: what the township's yearly report counts, computed from the records.

One area per figure paragraph of the township's own report (主要做法及成效, ../shared/seed):
study sessions, law publicity, mediator training, household visits, hazard sweeps, disputes,
petitions, security patrols and traffic persuasion. Each area has the figures of the period, the
same figures for the same days a year earlier, the change, and a sentence in the report's own style
("入户走访排查各类纠纷等140次，成功调解31次，同比下降11%"). `build_period` returns the dict written
as figures.json; figures.docx and figures.xlsx are rendered from it and from the rows
(ops.reports.period_rows), so every number can be traced to the records it counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from ops.errors import InputError, Problem, bilingual
from ops.reports.period_rows import period_rows, year_before
from ops.reports.period_text import area_sentence

if TYPE_CHECKING:
    from sqlmodel import Session

    from ops.models import Township
    from ops.runtime.settings import Settings

# key, title (zh, en), the seed's section, the figure the year-on-year clause follows
AREAS: tuple[tuple[str, str, str, str, str], ...] = (
    ("study", "法治专题学习", "Law study sessions", "二", "sessions"),
    ("publicity", "普法宣传", "Law publicity", "二", "events"),
    ("training", "调解员培训指导", "Mediator training", "四", "sessions"),
    ("visits", "入户走访", "Household visits", "四", "mediated"),
    ("sweeps", "隐患排查", "Hazard sweeps", "四", "reports"),
    ("disputes", "矛盾纠纷调解", "Disputes and mediation", "四", "cases"),
    ("petitions", "信访事项", "Petitions", "四", "received"),
    ("patrols", "治安巡逻", "Security patrols", "四", "done"),
    ("traffic", "交通劝导", "Traffic persuasion", "四", "violations"),
)
# the rows each area's figures count (sheets of figures.xlsx)
AREA_ROWS: dict[str, tuple[str, ...]] = {
    "study": ("events",), "publicity": ("events",), "training": ("events",),
    "visits": ("visits", "disputes"), "sweeps": ("sweeps",), "disputes": ("disputes",),
    "petitions": ("petitions",), "patrols": ("patrols",), "traffic": ("violations", "persuaders"),
}  # fmt: skip
RATES = ("satisfaction_rate",)  # changes in points, not percent
DEFINITIONS = {
    "study": "学习类活动场次 / events of kind study",
    "publicity": "普法宣传活动场次及其人数、资料、横幅、解答（线上＋线下）"
    " / law-publicity events with people, items, banners and questions (online and offline)",
    "training": "培训类活动场次 / events of kind training",
    "visits": "入户走访次数；成功调解：本期发现且调解成功的纠纷"
    " / visits; mediated: disputes found in the period and mediated successfully",
    "sweeps": "安全、信访、矛盾纠纷类隐患上报 / hazard reports of category safety, petition or dispute",
    "disputes": "本期发现的纠纷及其现状 / disputes found in the period and where each stands now",
    "petitions": "本期受理的信访事项；满意度：（满意＋基本满意）÷ 已评价"
    " / petitions received; satisfaction: (satisfied + basically satisfied) ÷ rated",
    "patrols": "已开始的村巡逻班次；到岗：有人准时或迟到签到"
    " / village patrol shifts begun; done: someone checked in on time or late",
    "traffic": "每日路口劝导员人数（有排班的日子）；交通违法上报及其劝导人次"
    " / persuaders on the crossings per rostered day; traffic violation reports and people reached",
}


@dataclass(frozen=True)
class Period:
    """Local days [first, last]."""

    first: date
    last: date

    def previous(self) -> Period:
        """The same days a year earlier (同比)."""
        return Period(year_before(self.first), year_before(self.last))

    def label(self, lang: str = "zh") -> str:
        """ "2024年" for a calendar year, else "2024-03-01至2024-05-31"."""
        whole = (self.first.month, self.first.day, self.last.month, self.last.day) == (1, 1, 12, 31)
        if whole and self.first.year == self.last.year:
            return f"{self.first.year}年" if lang != "en" else str(self.first.year)
        joiner = "至" if lang != "en" else " to "
        return f"{self.first.isoformat()}{joiner}{self.last.isoformat()}"


def parse_period(year: int | None, first: str | None, last: str | None) -> Period:
    """The period a command asked for: `--year`, or `--from` and `--to` (local dates)."""
    if year is not None and (first or last):
        raise InputError([Problem("--year", str(year), bilingual(
            "--year 与 --from/--to 只能选一种", "give --year or --from/--to, not both"))])  # fmt: skip
    if year is not None:
        if not 2000 <= year <= 2100:
            raise InputError([Problem("--year", str(year), bilingual(
                "年份应在 2000 至 2100 之间", "the year is between 2000 and 2100"))])  # fmt: skip
        return Period(date(year, 1, 1), date(year, 12, 31))
    if not first or not last:
        raise InputError([Problem("--year", "", bilingual(
            "请给出 --year，或同时给出 --from 和 --to", "give --year, or both --from and --to"))])  # fmt: skip
    days = [_day(flag, text) for flag, text in (("--from", first), ("--to", last))]
    if days[1] < days[0]:
        raise InputError([Problem("--to", last, bilingual(
            "结束日期早于开始日期", "the end is before the start"))])  # fmt: skip
    if (days[1] - days[0]).days > 366 * 5:
        raise InputError([Problem("--to", last, bilingual(
            "时段最长五年", "a period is at most five years"))])  # fmt: skip
    return Period(days[0], days[1])


def _day(flag: str, text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        raise InputError([Problem(flag, text, bilingual(
            "日期应写作 2024-03-01（2000 至 2100 年）", "dates are written like 2024-03-01 (2000-2100)"))])  # fmt: skip
    return day


def area_figures(rows: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Every area's figures, counted from the period's rows (and nothing else)."""
    events = rows["events"]
    publicity = [e for e in events if e["kind"] == "publicity"]
    disputes = rows["disputes"]
    steps = Counter(d["status"] for d in disputes)
    petitions = rows["petitions"]
    rated = [p for p in petitions if p["resolved_on"] and p["satisfaction"]]
    content = sum(p["satisfaction"] in ("satisfied", "basically_satisfied") for p in rated)
    sweeps = Counter(h["category"] for h in rows["sweeps"])
    per_day = [d["persuaders"] for d in rows["persuaders"]]
    return {
        "study": {"sessions": sum(e["kind"] == "study" for e in events)},
        "publicity": {
            "events": len(publicity),
            "online": sum(e["online"] for e in publicity),
            "offline": sum(not e["online"] for e in publicity),
            "people_reached": sum(e["people_reached"] for e in publicity),
            "items_given": sum(e["items_given"] for e in publicity),
            "banners": sum(e["banners"] for e in publicity),
            "questions_answered": sum(e["questions_answered"] for e in publicity),
        },
        "training": {"sessions": sum(e["kind"] == "training" for e in events)},
        "visits": {
            "visits": len(rows["visits"]),
            "disputes_found": sum(v["disputes_found"] for v in rows["visits"]),
            "mediated": steps["mediated"],
        },
        "sweeps": {
            "reports": len(rows["sweeps"]),
            "safety": sweeps["safety"],
            "petition": sweeps["petition"],
            "dispute": sweeps["dispute"],
            "closed": sum(h["status"] == "closed" for h in rows["sweeps"]),
        },
        "disputes": {
            "cases": len(disputes),
            "amount_yuan": sum(d["amount_yuan"] for d in disputes),
            "mediated": steps["mediated"],
            "failed": steps["failed"],
            "referred": steps["referred"],
            "open": steps["found"] + steps["mediating"],
        },
        "petitions": {
            "received": len(petitions),
            "handled": sum(bool(p["handled_on"] or p["resolved_on"]) for p in petitions),
            "resolved": sum(bool(p["resolved_on"]) for p in petitions),
            "rated": len(rated),
            "satisfaction_rate": round(content / len(rated), 4) if rated else None,
        },
        "patrols": {
            "planned": len(rows["patrols"]),
            "done": sum(p["filled"] for p in rows["patrols"]),
        },
        "traffic": {
            "persuader_days": len(per_day),
            "persuaders_min": min(per_day, default=None),
            "persuaders_max": max(per_day, default=None),
            "violations": len(rows["violations"]),
            "people_reached": sum(h["people_reached"] for h in rows["violations"]),
        },
    }


def breakdowns(rows: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Counts under some areas' figures: publicity by theme day, disputes and violations by kind."""
    themes: dict[str, Counter[str]] = {}
    for e in rows["events"]:
        if e["kind"] == "publicity":
            tally = themes.setdefault(e["theme"] or "", Counter())
            tally.update(events=1, people_reached=e["people_reached"], items_given=e["items_given"],
                         banners=e["banners"], questions_answered=e["questions_answered"])  # fmt: skip
    return {
        "publicity": {theme: dict(t) for theme, t in themes.items()},
        "disputes": dict(Counter(d["category"] for d in rows["disputes"])),
        "traffic": dict(Counter(h["category"] for h in rows["violations"])),
    }


def changes(now: dict[str, Any], before: dict[str, Any]) -> dict[str, float | None]:
    """Relative change of every count (0.05 = +5 %); rates change in points; None where undefined."""
    found: dict[str, float | None] = {}
    for key, value in now.items():
        old = before.get(key)
        if value is None or old is None:
            found[key] = None
        elif key in RATES:
            found[key] = round(value - old, 4)
        else:
            found[key] = round((value - old) / old, 4) if old else None
    return found


def has_data(area: str, rows: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether the rows hold anything the area counts (a year earlier: is a comparison fair?)."""
    figures = area_figures(rows)[area]
    return any(v for v in figures.values() if isinstance(v, int | float))


def build_period(
    *,
    session: Session,
    townships: list[Township],
    period: Period,
    settings: Settings,
    now: datetime | None = None,
    title: str | None = None,
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The figures of the period (figures.json) and the rows they count (figures.xlsx)."""
    now = now or datetime.now(UTC)
    earlier = period.previous()
    rows = period_rows(session=session, townships=townships, first=period.first, last=period.last,
                       settings=settings, now=now)  # fmt: skip
    before = period_rows(session=session, townships=townships, first=earlier.first,
                         last=earlier.last, settings=settings, now=now)  # fmt: skip
    figures, previous, extra = area_figures(rows), area_figures(before), breakdowns(rows)
    areas = []
    for key, zh, en, section, headline in AREAS:
        compared = has_data(key, before)
        change = changes(figures[key], previous[key]) if compared else {}
        areas.append(
            {"key": key, "title": zh, "title_en": en, "section": section, "headline": headline,
             "figures": figures[key], "previous": previous[key] if compared else None,
             "change": change, "breakdown": extra.get(key),
             "sentence": area_sentence(key, figures[key], previous[key] if compared else None, "zh"),
             "sentence_en": area_sentence(key, figures[key], previous[key] if compared else None, "en"),
             "rows": {sheet: len(rows[sheet]) for sheet in AREA_ROWS[key]}}
        )  # fmt: skip
    summary = {
        "township": title or townships[0].name,
        "townships": [t.name for t in townships],
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat(),
                   "label": period.label("zh"), "label_en": period.label("en")},
        "previous_period": {"from": earlier.first.isoformat(), "to": earlier.last.isoformat()},
        "generated_at": now.astimezone(settings.tz).isoformat(),
        "areas": areas,
        "figures": {a["key"]: a["figures"] for a in areas},
        "definitions": DEFINITIONS,
    }  # fmt: skip
    return summary, rows
