"""Worker side of the records: check what needs the database, store each item exactly once.

Like check-ins (ops.intake.store), every insert ignores ids already stored, so a resend stores
nothing twice; an item that can never be stored becomes a Rejection naming its field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from ops.intake.classify import staff_exists
from ops.intake.store import Outcome, _insert_or_reject, reject
from ops.models import (
    DisputeCase,
    Hazard,
    LawEvent,
    Petition,
    StaffMember,
    Township,
    Village,
    Visit,
)
from ops.models.base import utc_now
from ops.records.themes import themes_for

DAY_FIELDS = (
    "found_on",
    "mediating_on",
    "closed_on",
    "received_on",
    "handled_on",
    "resolved_on",
    "held_on",
)


def _villages(session: Session, ids: set[int]) -> dict[int, int]:
    """village id -> its township id, for the villages named."""
    if not ids:
        return {}
    rows = session.exec(
        select(Village.id, Village.township_id).where(col(Village.id).in_(ids))
    ).all()
    return {int(v): int(t) for v, t in rows if v is not None}


def _townships(session: Session, ids: set[int]) -> set[int]:
    rows = session.exec(select(Township.id).where(col(Township.id).in_(ids))).all() if ids else []
    return {int(t) for t in rows if t is not None}


def _days(item: dict[str, Any]) -> dict[str, Any]:
    return {k: date.fromisoformat(v) if k in DAY_FIELDS and v else v for k, v in item.items()}


def store_visits(*, session: Session, items: list[dict[str, Any]]) -> Outcome:
    """Store visits under their visitor's township; an unknown person or a foreign village is refused."""
    outcome = Outcome(received=len(items))
    known = staff_exists(session, (i["staff_id"] for i in items))
    home = dict(
        session.exec(
            select(StaffMember.id, StaffMember.township_id).where(col(StaffMember.id).in_(known))
        ).all()
    )
    villages = _villages(session, {i["village_id"] for i in items if i.get("village_id")})
    rows = []
    for item in items:
        problem = None
        if item["staff_id"] not in known:
            problem = f"staff_id: 人员“{item['staff_id']}”不存在 / staff member does not exist"
        elif item.get("village_id") and villages.get(item["village_id"]) != home[item["staff_id"]]:
            problem = "village_id: 不是本乡的村 / not a village of the visitor's township"
        if problem:
            reject(session, "visit", item, problem)
            outcome.rejected += 1
            continue
        rows.append({
            "id": item["id"], "township_id": home[item["staff_id"]], "staff_id": item["staff_id"],
            "visited_at": datetime.fromisoformat(item["visited_at"]), "village_id": item.get("village_id"),
            "household": item.get("household", ""), "purpose": item["purpose"],
            "findings": item.get("findings", ""), "disputes_found": item.get("disputes_found", 0),
            "lon": item.get("lon"), "lat": item.get("lat"), "accuracy_m": item.get("accuracy_m"),
            "crs": item.get("crs", "wgs84"), "raw_lon": item.get("raw_lon"), "raw_lat": item.get("raw_lat"),
            "received_at": utc_now(),
        })  # fmt: skip
    _insert_or_reject(session, model=Visit, kind="visit", rows=rows, items=items, outcome=outcome)
    session.commit()
    return outcome


def _office_problem(
    session: Session, kind: str, item: dict[str, Any], townships: set[int], villages: dict[int, int]
) -> str | None:
    """Why an office record cannot be stored (its field named first), or None."""
    township = item["township_id"]
    if township not in townships:
        return f"township_id: 乡镇 {township} 不存在 / no such township"
    village = item.get("village_id")
    if village and villages.get(village) != township:
        return "village_id: 不是本乡的村 / not a village of this township"
    if kind == "event" and item.get("theme") and item["theme"] not in themes_for(session, township):
        return "theme: 不在本乡的主题日列表中 / not a theme day of this township's list"
    if kind == "dispute" and item.get("hazard_id"):
        hazard = session.get(Hazard, item["hazard_id"])
        person = session.get(StaffMember, hazard.staff_id) if hazard else None
        if hazard is None or person is None or person.township_id != township:
            return "hazard_id: 本乡没有这条上报 / no such report in this township"
        if hazard.category != "dispute":
            return "hazard_id: 不是矛盾纠纷类上报 / the report is not of category dispute"
    return None


def _store_office(
    session: Session, kind: str, model: type[SQLModel], items: list[dict[str, Any]]
) -> Outcome:
    outcome = Outcome(received=len(items))
    townships = _townships(session, {i["township_id"] for i in items})
    villages = _villages(session, {i["village_id"] for i in items if i.get("village_id")})
    columns = set(model.model_fields)
    rows = []
    for item in items:
        problem = _office_problem(session, kind, item, townships, villages)
        if problem:
            reject(session, kind, item, problem)
            outcome.rejected += 1
            continue
        now = utc_now()
        row = {k: v for k, v in _days(item).items() if k in columns}
        rows.append(row | {"received_at": now, "updated_at": now})
    _insert_or_reject(session, model=model, kind=kind, rows=rows, items=items, outcome=outcome)
    session.commit()
    return outcome


def store_disputes(*, session: Session, items: list[dict[str, Any]]) -> Outcome:
    """Store dispute cases (a case made from a hazard report must name a `dispute` report of its township)."""
    return _store_office(session, "dispute", DisputeCase, items)


def store_petitions(*, session: Session, items: list[dict[str, Any]]) -> Outcome:
    """Store petitions."""
    return _store_office(session, "petition", Petition, items)


def store_events(*, session: Session, items: list[dict[str, Any]]) -> Outcome:
    """Store events (a theme must be on the township's list)."""
    return _store_office(session, "event", LawEvent, items)
