"""The demo's year: household visits, dispute cases, petitions and events, sent through the API.

Deterministic for a seed, sized like the township's own 2024 report (../shared/seed): about 140
visits, 9 disputes involving some 5,400 yuan, one petition resolved to the petitioner's
satisfaction, 50-odd law-publicity events on the theme days (1,000-odd people, leaflets and items,
30-odd banners, 32 legal questions), 8 mediator trainings and 4 study sessions — for this year to
date, and a somewhat different same-period-last-year so the report shows its year-on-year change.
Visits come from the staff's phones (their own tokens), the rest from the office's dispatcher.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

# this year's and last year's totals for a whole year (scaled down early in a year)
SIZES = {
    "visits": (140, 126), "disputes": (9, 11), "mediated": (7, 8), "petitions": (1, 2),
    "publicity": (52, 47), "training": (8, 6), "study": (4, 4),
}  # fmt: skip
THEME_DAYS = (  # (theme, month, first day, last day) of the built-in theme days
    ("平安建设宣传月", 3, 1, 31), ("4.15 全民国家安全教育日", 4, 15, 15), ("平安宣传周", 6, 1, 7),
    ("9.16 平西藏宣传日", 9, 16, 16), ("12.4 国家宪法日", 12, 4, 4),
)  # fmt: skip
PURPOSES = (("dispute_check", 55), ("safety_check", 20), ("policy_publicity", 15),
            ("petition_followup", 5), ("other", 5))  # fmt: skip
CATEGORIES = ("grassland", "neighbour", "family", "livestock", "debt", "land")
FINDINGS = ("家中无矛盾纠纷，安全用电已提醒", "草场边界有争议，已登记待调解", "邻里因牲畜越界有口角，当场劝解",
            "宣传交通安全：骑摩托车须戴头盔", "火炉烟道需清理，已告知", "外出务工人员返乡，情况正常")  # fmt: skip
SUMMARIES = ("两户草场边界纠纷", "牲畜啃食青稞引发纠纷", "婚姻家庭矛盾", "务工工资拖欠", "宅基地界址争议",
             "借款未还引发争执")  # fmt: skip


@dataclass
class YearRecords:
    """What the demo sends for one period: visits per person, and the office's records."""

    visits: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    disputes: list[dict[str, Any]] = field(default_factory=list)
    petitions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each kind."""
        return {"visits": sum(len(v) for v in self.visits.values()), "disputes": len(self.disputes),
                "petitions": len(self.petitions), "events": len(self.events)}  # fmt: skip


def year_records(
    *,
    township_id: int,
    villages: list[int],
    staff: list[str],
    first: date,
    last: date,
    this_year: bool,
    tz: Any,
    seed: int = 24,
) -> YearRecords:
    """Records for local days [first, last] (`this_year`: this year's sizes, else last year's)."""
    rng = random.Random(seed + (0 if this_year else 1))
    days = (last - first).days + 1
    scale = min(1.0, days / 330)
    size = {k: max(1, round(v[0 if this_year else 1] * scale)) for k, v in SIZES.items()}

    def some_day() -> date:
        return first + timedelta(days=rng.randrange(days))

    found = YearRecords()
    for _ in range(size["visits"]):
        person = rng.choice(staff)
        moment = datetime.combine(some_day(), time(rng.randint(9, 18), rng.randint(0, 59)), tz)
        purpose = rng.choices([p for p, _ in PURPOSES], weights=[w for _, w in PURPOSES])[0]
        found.visits.setdefault(person, []).append(
            {"id": str(uuid.uuid4()), "staff_id": person,
             "visited_at": moment.astimezone(UTC).isoformat(), "village_id": rng.choice(villages),
             "household": f"{rng.randint(1, 60)}号户", "purpose": purpose,
             "findings": rng.choice(FINDINGS),
             "disputes_found": 1 if purpose == "dispute_check" and rng.random() < 0.15 else 0}
        )  # fmt: skip
    amounts = _split(5400 if this_year else 6800, size["disputes"], rng)
    for number in range(size["disputes"]):
        found_on = some_day()
        status = ("mediated" if number < size["mediated"] else
                  "referred" if number == size["mediated"] else "mediating")  # fmt: skip
        mediating = min(found_on + timedelta(days=rng.randint(0, 3)), last)
        closed = min(mediating + timedelta(days=rng.randint(1, 20)), last)
        found.disputes.append(
            {"id": str(uuid.uuid4()), "township_id": township_id, "village_id": rng.choice(villages),
             "category": rng.choice(CATEGORIES), "summary": rng.choice(SUMMARIES),
             "amount_yuan": amounts[number], "status": status, "found_on": found_on.isoformat(),
             "mediating_on": mediating.isoformat(),
             "closed_on": closed.isoformat() if status in ("mediated", "referred") else None,
             "mediator": "乡人民调解委员会"}
        )  # fmt: skip
    for _ in range(size["petitions"]):
        received = some_day()
        handled = min(received + timedelta(days=2), last)
        resolved = min(handled + timedelta(days=10), last)
        found.petitions.append(
            {"id": str(uuid.uuid4()), "township_id": township_id, "received_on": received.isoformat(),
             "subject": "草场补奖资金发放咨询", "handled_on": handled.isoformat(),
             "resolved_on": resolved.isoformat(), "satisfaction": "satisfied"}
        )  # fmt: skip
    found.events = _events(township_id, size, first, last, some_day, rng, this_year)
    return found


def _events(  # noqa: PLR0917 (one generator's inputs)
    township_id: int, size: dict[str, int], first: date, last: date, some_day: Any,
    rng: random.Random, this_year: bool,
) -> list[dict[str, Any]]:  # fmt: skip
    themed = [
        (theme, date(first.year, month, rng.randint(start, end)))
        for theme, month, start, end in THEME_DAYS
        if first <= date(first.year, month, start) and date(first.year, month, end) <= last
    ]
    count = size["publicity"]
    online = [rng.random() < 0.3 for _ in range(count)]
    offline = count - sum(online)
    people = _split(1060 if this_year else 940, count, rng)
    questions = _split(32 if this_year else 25, count, rng)
    items = iter(_split(1080 if this_year else 900, offline, rng))
    banners = iter(_split(32 if this_year else 26, offline, rng))
    events = []
    for number in range(count):
        if themed and number < len(themed) * 2:
            theme, day = themed[number % len(themed)]
        else:
            theme, day = "", some_day()
        there = not online[number]
        events.append(
            {"id": str(uuid.uuid4()), "township_id": township_id, "kind": "publicity",
             "held_on": day.isoformat(), "theme": theme,
             "title": "法律进村宣讲" if there else "“平安安多 法治微讲堂”转发",
             "place": "搬迁点广场" if there else "乡村两级微信群", "online": not there,
             "people_reached": people[number], "items_given": next(items) if there else 0,
             "banners": next(banners) if there else 0, "questions_answered": questions[number]}
        )  # fmt: skip
    for kind, title in (("training", "人民调解员培训指导"), ("study", "习近平法治思想专题学习")):
        events += [
            {"id": str(uuid.uuid4()), "township_id": township_id, "kind": kind,
             "held_on": some_day().isoformat(), "title": title, "place": "乡政府会议室",
             "people_reached": rng.randint(12, 30)}
            for _ in range(size[kind])
        ]  # fmt: skip
    return events


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` cut into `parts` whole pieces of roughly random sizes (they add up to `total`)."""
    if parts <= 0:
        return []
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def send_year(
    *, api: Any, tokens: dict[str, str], engine: Any, today: date, tz: Any,
    say: Any, supervise: Any, post: Any,
) -> dict[str, int]:  # fmt: skip
    """This year to date and the same days last year, through the API; wait until all is stored."""
    from sqlmodel import Session, func, select

    from ops.demo.build import DEMO_TOWNSHIP
    from ops.demo.run import wait_until
    from ops.models import DisputeCase, LawEvent, Petition, Township, Village, Visit
    from ops.reports.period_rows import year_before

    with Session(engine) as session:
        township = session.exec(select(Township).where(Township.name == DEMO_TOWNSHIP)).one()
        villages = [
            v
            for v in session.exec(select(Village.id).where(Village.township_id == township.id))
            if v
        ]
    staff = sorted(k for k in tokens if k != "dispatcher")
    first = date(today.year, 1, 1)
    periods = ((first, today, True), (year_before(first), year_before(today), False))
    total = {"visits": 0, "disputes": 0, "petitions": 0, "events": 0}
    for start, end, this_year in periods:
        records = year_records(township_id=township.id or 0, villages=villages, staff=staff,
                               first=start, last=end, this_year=this_year, tz=tz)  # fmt: skip
        for person, items in sorted(records.visits.items()):
            post(api, "/api/v1/visits", tokens[person], items, None)
        for path, items in (("/api/v1/disputes", records.disputes),
                            ("/api/v1/petitions", records.petitions),
                            ("/api/v1/law-events", records.events)):  # fmt: skip
            post(api, path, tokens["dispatcher"], items, None)
        for kind, n in records.counts().items():
            total[kind] += n

    def stored() -> bool:
        supervise()
        with Session(engine) as session:
            counts = [session.exec(select(func.count()).select_from(m)).one()
                      for m in (Visit, DisputeCase, Petition, LawEvent)]  # fmt: skip
        return counts == list(total.values())

    wait_until("the year's records to be stored", stored, 180)
    say(f"  全年记录 the year's records: {total['visits']} 入户走访 visits, {total['disputes']} 纠纷 "
        f"disputes, {total['petitions']} 信访 petitions, {total['events']} 宣传培训学习 events "
        "(今年至今及上年同期 this year to date and the same days last year)")  # fmt: skip
    return total


def write_year(*, session: Any, settings: Any, today: date, now: datetime) -> Any:
    """This year's figures to date (figures.docx/.xlsx/.json) in the demo's reports folder."""
    from ops.demo.build import DEMO_TOWNSHIP
    from ops.reports.period import Period
    from ops.reports.period_files import write_period

    folder = settings.data_dir / "reports" / f"{today.year}-figures" / DEMO_TOWNSHIP
    return write_period(session=session, township=DEMO_TOWNSHIP,
                        period=Period(date(today.year, 1, 1), today), out=folder,
                        settings=settings, now=now)  # fmt: skip
