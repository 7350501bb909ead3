"""The rows behind the period figures: every record of a period that one of its figures counts.

One list of plain dicts per sheet of figures.xlsx, read for a set of townships and the local days
[first, last]. Times are shown in local time; nothing here counts (ops.reports.period does).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select as sa_select  # more columns than sqlmodel's select types
from sqlmodel import Session, col, select

from ops.intake.classify import MATCH_WINDOW
from ops.models import (
    CheckIn,
    DisputeCase,
    Hazard,
    LawEvent,
    Petition,
    StaffMember,
    Township,
    Village,
    Visit,
)
from ops.models.base import as_utc
from ops.reports.hazard_ledger import TRAFFIC
from ops.services.post_metrics import PRESENT
from ops.services.rosters import duties_in_period, local_day_bounds

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

SWEEP = ("safety", "petition", "dispute")  # hazard reports that are part of a sweep (大排查)


class Names:
    """Township, village and staff names of the townships a report covers."""

    def __init__(self, session: Session, townships: list[Township]) -> None:
        self.ids = [t.id or 0 for t in townships]
        self.township = {t.id: t.name for t in townships}
        self.village = dict(
            session.exec(
                select(Village.id, Village.name).where(col(Village.township_id).in_(self.ids))
            ).all()
        )
        self.staff: dict[str, tuple[str, int]] = {
            sid: (name, tid)
            for sid, name, tid in session.exec(
                select(StaffMember.id, StaffMember.name, StaffMember.township_id).where(
                    col(StaffMember.township_id).in_(self.ids)
                )
            ).all()
        }


def period_rows(
    *,
    session: Session,
    townships: list[Township],
    first: date,
    last: date,
    settings: Settings,
    now: datetime,
) -> dict[str, list[dict[str, Any]]]:
    """Every sheet's rows for local days [first, last] (duty rows only for shifts begun by `now`)."""
    names = Names(session, townships)
    begin, end = local_day_bounds(first, (last - first).days + 1, settings)
    events = _events(session, names, first, last)
    hazards = _hazards(session, names, begin, end, settings)
    patrols, crossings = _duty(session, townships, names, first, last, settings, now)
    return {
        "events": events,
        "visits": _visits(session, names, begin, end, settings),
        "disputes": _disputes(session, names, first, last),
        "petitions": _petitions(session, names, first, last),
        "sweeps": [h for h in hazards if h["category"] in SWEEP],
        "violations": [h for h in hazards if h["category"] in TRAFFIC],
        "patrols": patrols,
        "persuaders": crossings,
    }


def _local(moment: datetime, settings: Settings) -> datetime:
    return moment.astimezone(settings.tz).replace(tzinfo=None, microsecond=0)


def _events(session: Session, names: Names, first: date, last: date) -> list[dict[str, Any]]:
    rows = session.exec(
        select(LawEvent)
        .where(col(LawEvent.township_id).in_(names.ids))
        .where(LawEvent.held_on >= first, LawEvent.held_on <= last)
        .order_by(col(LawEvent.held_on), col(LawEvent.id))
    ).all()
    return [
        {"id": e.id, "township": names.township[e.township_id], "held_on": e.held_on, "kind": e.kind,
         "theme": e.theme, "title": e.title, "place": e.place, "online": e.online,
         "people_reached": e.people_reached, "items_given": e.items_given, "banners": e.banners,
         "questions_answered": e.questions_answered, "recorded_by": e.recorded_by}
        for e in rows
    ]  # fmt: skip


def _visits(
    session: Session, names: Names, begin: datetime, end: datetime, settings: Settings
) -> list[dict[str, Any]]:
    rows = session.execute(
        sa_select(col(Visit.id), col(Visit.township_id), col(Visit.visited_at), col(Visit.staff_id),
                  col(Visit.village_id), col(Visit.household), col(Visit.purpose),
                  col(Visit.disputes_found), col(Visit.findings))
        .where(col(Visit.township_id).in_(names.ids))
        .where(col(Visit.visited_at) >= begin, col(Visit.visited_at) < end)
        .order_by(col(Visit.visited_at), col(Visit.id))
    ).all()  # fmt: skip
    return [
        {"id": id_, "township": names.township[township], "visited_at": _local(as_utc(at), settings),
         "staff": names.staff.get(staff, (staff, 0))[0],
         "village": names.village.get(village, "") if village else "",
         "household": household, "purpose": purpose, "disputes_found": found, "findings": findings}
        for id_, township, at, staff, village, household, purpose, found, findings in rows
    ]  # fmt: skip


def _disputes(session: Session, names: Names, first: date, last: date) -> list[dict[str, Any]]:
    rows = session.exec(
        select(DisputeCase)
        .where(col(DisputeCase.township_id).in_(names.ids))
        .where(DisputeCase.found_on >= first, DisputeCase.found_on <= last)
        .order_by(col(DisputeCase.found_on), col(DisputeCase.id))
    ).all()
    return [
        {"id": d.id, "township": names.township[d.township_id], "found_on": d.found_on,
         "village": names.village.get(d.village_id, "") if d.village_id else "",
         "category": d.category, "amount_yuan": d.amount_yuan, "status": d.status,
         "mediating_on": d.mediating_on, "closed_on": d.closed_on, "mediator": d.mediator,
         "summary": d.summary}
        for d in rows
    ]  # fmt: skip


def _petitions(session: Session, names: Names, first: date, last: date) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Petition)
        .where(col(Petition.township_id).in_(names.ids))
        .where(Petition.received_on >= first, Petition.received_on <= last)
        .order_by(col(Petition.received_on), col(Petition.id))
    ).all()
    return [
        {"id": p.id, "township": names.township[p.township_id], "received_on": p.received_on,
         "subject": p.subject, "handled_on": p.handled_on, "resolved_on": p.resolved_on,
         "satisfaction": p.satisfaction}
        for p in rows
    ]  # fmt: skip


def _hazards(
    session: Session, names: Names, begin: datetime, end: datetime, settings: Settings
) -> list[dict[str, Any]]:
    rows = session.execute(
        sa_select(col(Hazard.id), col(Hazard.staff_id), col(Hazard.recorded_at), col(Hazard.category),
                  col(Hazard.status), col(Hazard.village_id), col(Hazard.people_reached),
                  col(Hazard.description))
        .join(StaffMember, col(StaffMember.id) == col(Hazard.staff_id))
        .where(col(StaffMember.township_id).in_(names.ids))
        .where(col(Hazard.category).in_(SWEEP + TRAFFIC))
        .where(col(Hazard.recorded_at) >= begin, col(Hazard.recorded_at) < end)
        .order_by(col(Hazard.recorded_at), col(Hazard.id))
    ).all()  # fmt: skip
    found = []
    for id_, staff, at, category, status, village, reached, description in rows:
        reporter, township_id = names.staff.get(staff, (staff, 0))
        found.append(
            {"id": id_, "township": names.township.get(township_id, ""),
             "recorded_at": _local(as_utc(at), settings), "category": category, "status": status,
             "village": names.village.get(village, "") if village else "", "reporter": reporter,
             "people_reached": reached, "description": description}
        )  # fmt: skip
    return found


def _duty(  # noqa: PLR0917 (the period's inputs, passed on from period_rows)
    session: Session,
    townships: list[Township],
    names: Names,
    first: date,
    last: date,
    settings: Settings,
    now: datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Village patrol shifts begun by `now` (filled or not), and persuaders on duty per local day.

    A shift is filled when one of its people has an on-time or late `in` check-in from two hours
    before its start until its end (as the weekly summary counts it: ops.services.post_metrics).
    """
    patrols: list[dict[str, Any]] = []
    per_day: dict[tuple[str, date], set[str]] = defaultdict(set)
    days = (last - first).days + 1
    tz = settings.tz
    for township in townships:
        duties = [
            d
            for d in duties_in_period(session=session, township_id=township.id or 0, first=first,
                                      days=days, settings=settings)
            if as_utc(d.starts_at) <= now
        ]  # fmt: skip
        on_patrol = {p for d in duties if d.post_kind == "village" for p in d.staff_ids}
        arrivals = _arrivals(session, on_patrol, first, days, settings)
        for duty in duties:
            starts = as_utc(duty.starts_at)
            day = starts.astimezone(tz).date()
            people = [names.staff.get(p, (p, 0))[0] for p in duty.staff_ids]
            if duty.post_kind == "intersection":
                per_day[(township.name, day)].update(people)
                continue
            window = (starts - MATCH_WINDOW, as_utc(duty.ends_at))
            present = [n for p, n in zip(duty.staff_ids, people, strict=True)
                       if _arrived(arrivals.get(p, []), *window)]  # fmt: skip
            patrols.append(
                {"township": township.name, "day": day,
                 "starts_at": _local(starts, settings), "post": duty.post_name,
                 "people": "、".join(people), "present": "、".join(present),
                 "filled": bool(present)}
            )  # fmt: skip
    crossings = [
        {
            "township": name,
            "day": day,
            "persuaders": len(people),
            "names": "、".join(sorted(people)),
        }
        for (name, day), people in sorted(per_day.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    return patrols, crossings


def _arrivals(
    session: Session, staff_ids: set[str], first: date, days: int, settings: Settings
) -> dict[str, list[datetime]]:
    """Each person's on-time or late `in` check-ins around the period, in time order."""
    if not staff_ids:
        return {}
    begin, end = local_day_bounds(first, days, settings)
    found: dict[str, list[datetime]] = defaultdict(list)
    rows = session.exec(
        select(CheckIn.staff_id, CheckIn.recorded_at)
        .where(col(CheckIn.staff_id).in_(sorted(staff_ids)))
        .where(CheckIn.kind == "in", col(CheckIn.status).in_(PRESENT))
        .where(CheckIn.recorded_at >= begin - MATCH_WINDOW, CheckIn.recorded_at < end)
        .order_by(col(CheckIn.recorded_at))
    ).all()
    for staff_id, moment in rows:
        found[staff_id].append(as_utc(moment))
    return found


def _arrived(times: list[datetime], start: datetime, end: datetime) -> bool:
    index = bisect_left(times, start)
    return index < len(times) and times[index] < end


def year_before(day: date) -> date:
    """The same calendar day a year earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
