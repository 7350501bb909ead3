"""What the door checks in the database before a record is queued: what the API accepts, a
worker stores. A township, village, theme day or hazard report an item names must exist and
belong together; the reason names the field (the worker checks again, in case it changed since).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.intake.fields import INT32_MAX
from ops.models import StaffMember
from ops.records.store import _office_problem, _townships, _villages

if TYPE_CHECKING:
    from ops.identity.auth import Principal


def _int(value: Any) -> int | None:
    """A usable row id, or None (then the schema names the field: PostgreSQL's INTEGER ends at
    INT32_MAX, and a larger number must not reach a query)."""
    usable = isinstance(value, int) and not isinstance(value, bool) and 0 < value <= INT32_MAX
    return value if usable else None


def vet_records(
    *, session: Session, kind: str, raw_items: list[Any], principal: Principal
) -> dict[int, list[dict[str, str]]]:
    """Reasons, by item index, why items that fit the schema still cannot be stored."""
    items = {i: raw for i, raw in enumerate(raw_items) if isinstance(raw, dict)}
    villages = _villages(
        session, {v for raw in items.values() if (v := _int(raw.get("village_id")))}
    )
    if kind == "visit":
        person = session.get(StaffMember, principal.staff_id) if principal.staff_id else None
        home = person.township_id if person else None
        return {
            i: [
                {
                    "field": "village_id",
                    "message": "不是本乡的村 / not a village of the visitor's township",
                }
            ]
            for i, raw in items.items()
            if (v := _int(raw.get("village_id"))) and villages.get(v) != home
        }
    townships = _townships(
        session, {t for raw in items.values() if (t := _int(raw.get("township_id")))}
    )
    refused = {}
    for i, raw in items.items():
        if _int(raw.get("township_id")) is None or not isinstance(raw.get("theme", ""), str):
            continue  # the schema names it
        item = {**raw, "village_id": _int(raw.get("village_id"))}
        hazard = raw.get("hazard_id")
        item["hazard_id"] = hazard if isinstance(hazard, str) and len(hazard) == 36 else None
        problem = _office_problem(session, kind, item, townships, villages)
        if problem:
            field, _, message = problem.partition(": ")
            refused[i] = [{"field": field, "message": message}]
    return refused
