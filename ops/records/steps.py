"""Closing the loop: a dispute case's mediation steps and a petition's handling, by the office.

    dispute   found → mediating → mediated | failed | referred   (found → referred directly too)
    petition  received → handled → resolved (with the petitioner's satisfaction)

A step the loop does not allow is a TransitionConflictError (HTTP 409); a record of another
township is refused (403), one that does not exist is not found (404).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.errors import ForbiddenError, InputError, NotFoundError, Problem, bilingual
from ops.intake.hazards import TransitionConflictError
from ops.models import DisputeCase, Petition
from ops.models.base import utc_now

if TYPE_CHECKING:
    from ops.identity.auth import Principal

DISPUTE_NEXT = {
    "found": ("mediating", "referred"),
    "mediating": ("mediated", "failed", "referred"),
}


def _check_scope(principal: Principal, township_id: int) -> None:
    if not principal.is_dispatcher or not principal.sees_township(township_id):
        raise ForbiddenError(bilingual("不能修改其他乡镇的记录", "not a record of your township"))


def _not_before(record: str, field: str, on: date, earliest: date | None) -> None:
    if earliest is not None and on < earliest:
        raise InputError(
            [
                Problem(
                    record,
                    field,
                    bilingual(f"不能早于 {earliest}", f"may not be before {earliest}"),
                )
            ]
        )


def step_dispute(
    *, session: Session, case_id: str, to: str, on: date, principal: Principal,
    mediator: str | None = None,
) -> DisputeCase:  # fmt: skip
    """Move a case one step along its mediation, on a local day."""
    case = session.get(DisputeCase, case_id)
    if case is None:
        raise NotFoundError(bilingual("没有这件纠纷", "no such dispute case"))
    _check_scope(principal, case.township_id)
    if to not in DISPUTE_NEXT.get(case.status, ()):
        raise TransitionConflictError(
            bilingual(
                f"纠纷不能从“{case.status}”到“{to}”", f"a case cannot go from {case.status} to {to}"
            )
        )
    _not_before(f"dispute {case_id}", "on", on, case.mediating_on or case.found_on)
    if to == "mediating":
        case.mediating_on = on
    else:
        case.closed_on = on
    case.status = to
    if mediator:
        case.mediator = mediator
    case.updated_at = utc_now()
    session.add(case)
    session.commit()
    session.refresh(case)
    return case


def step_petition(
    *, session: Session, petition_id: str, to: str, on: date, principal: Principal,
    satisfaction: str | None = None,
) -> Petition:  # fmt: skip
    """Mark a petition handled, or resolved with the petitioner's satisfaction."""
    petition = session.get(Petition, petition_id)
    if petition is None:
        raise NotFoundError(bilingual("没有这件信访事项", "no such petition"))
    _check_scope(principal, petition.township_id)
    stage = "resolved" if petition.resolved_on else "handled" if petition.handled_on else "received"
    allowed = {"received": "handled", "handled": "resolved"}.get(stage)
    if to != allowed:
        raise TransitionConflictError(
            bilingual(
                f"信访事项不能从“{stage}”到“{to}”", f"a petition cannot go from {stage} to {to}"
            )
        )
    record = f"petition {petition_id}"
    if to == "handled":
        _not_before(record, "on", on, petition.received_on)
        petition.handled_on = on
    else:
        _not_before(record, "on", on, petition.handled_on)
        petition.resolved_on, petition.satisfaction = on, satisfaction
    petition.updated_at = utc_now()
    session.add(petition)
    session.commit()
    session.refresh(petition)
    return petition


def step_answer(row: Any) -> dict[str, Any]:
    """Where a case or petition stands now (JSON-ready)."""
    keys = ("id", "status", "mediating_on", "closed_on", "mediator", "handled_on", "resolved_on",
            "satisfaction")  # fmt: skip
    out = {k: getattr(row, k) for k in keys if hasattr(row, k)}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in out.items()}
