"""Reading records back: lists by period and one record, always inside the caller's scope.

Staff read only their own visits; office accounts the records of their township (county: all).
A record outside the scope is not found, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, SQLModel, col, func, select

from ops.errors import NotFoundError, bilingual
from ops.models import DisputeCase, LawEvent, Petition, RecordFile, Visit

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings


@dataclass(frozen=True)
class Kind:
    """One kind of record: its table, the day or time it is counted on, its words."""

    name: str
    model: type[SQLModel]
    when: str  # the column a period filters on
    zh: str
    en: str


KINDS = {
    "visit": Kind("visit", Visit, "visited_at", "入户走访", "household visit"),
    "dispute": Kind("dispute", DisputeCase, "found_on", "矛盾纠纷", "dispute case"),
    "petition": Kind("petition", Petition, "received_on", "信访事项", "petition"),
    "event": Kind("event", LawEvent, "held_on", "宣传培训学习", "event"),
}


def scoped_query(kind: Kind, principal: Principal | None, township_id: int | None = None) -> Any:
    """SELECT of the kind's rows the caller may see (optionally one township's)."""
    model: Any = kind.model
    query = select(model)
    if principal is not None and principal.is_staff:
        query = (
            query.where(model.staff_id == principal.staff_id)
            if kind.name == "visit"
            else query.where(False)
        )
    elif principal is not None and principal.township_id is not None:
        query = query.where(model.township_id == principal.township_id)
    if township_id is not None:
        query = query.where(model.township_id == township_id)
    return query


def list_records(
    *,
    session: Session,
    kind: str,
    principal: Principal | None,
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
    township_id: int | None = None,
    limit: int = 500,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """The kind's records in scope, in a period of local days (inclusive), newest first; and how many."""
    spec = KINDS[kind]
    model: Any = spec.model
    query = scoped_query(spec, principal, township_id)
    column = getattr(model, spec.when)
    if spec.when == "visited_at":
        from ops.services.rosters import local_day_bounds

        if start:
            query = query.where(column >= local_day_bounds(start, 1, settings)[0])
        if end:
            query = query.where(column < local_day_bounds(end, 1, settings)[1])
    else:
        if start:
            query = query.where(column >= start)
        if end:
            query = query.where(column <= end)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(column).desc(), col(model.id)).offset(offset).limit(limit)
    ).all()
    files = _files(session, spec.name, [r.id for r in rows])
    return [as_dict(r, settings, files.get(r.id, [])) for r in rows], int(total)


def get_record(
    *, session: Session, kind: str, record_id: str, principal: Principal, settings: Settings
) -> dict[str, Any]:
    """One record the caller may read; NotFoundError otherwise (out of scope included)."""
    spec = KINDS[kind]
    model: Any = spec.model
    row = session.exec(scoped_query(spec, principal).where(model.id == record_id)).first()
    if row is None:
        raise NotFoundError(bilingual(f"没有这条{spec.zh}记录", f"no such {spec.en}"))
    return as_dict(row, settings, _files(session, spec.name, [row.id]).get(row.id, []))


def _files(session: Session, kind: str, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if kind not in ("dispute", "event") or not ids:
        return {}
    found: dict[str, list[dict[str, Any]]] = {}
    query = select(RecordFile).where(
        RecordFile.record_kind == kind, col(RecordFile.record_id).in_(ids)
    )
    for f in session.exec(query.order_by(col(RecordFile.id))).all():
        found.setdefault(f.record_id, []).append(
            {"sha256": f.sha256, "content_type": f.content_type, "size": f.size}
        )
    return found


def as_dict(row: SQLModel, settings: Settings, files: list[dict[str, Any]]) -> dict[str, Any]:
    """JSON-ready form: days as YYYY-MM-DD, times local (Asia/Shanghai) with their offset."""
    out: dict[str, Any] = {}
    for key, value in row.model_dump().items():
        if isinstance(value, datetime):
            out[key] = value.astimezone(settings.tz).isoformat()
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    if isinstance(row, DisputeCase | LawEvent):
        out["files"] = files
    return out
