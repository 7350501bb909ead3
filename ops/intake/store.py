"""Worker side of intake: validate meaning, classify, store each item exactly once.

Every insert is `ON CONFLICT DO NOTHING` on the phone's UUID, so a resend — seconds or days later,
in another batch, or while the first copy is still queued — stores nothing twice. An item that can
never be stored becomes a Rejection row with its reason; the rest of its batch is stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, SQLModel

from ops.intake.classify import duties_for, judge, staff_exists
from ops.live.publish import announce
from ops.models import CheckIn, Rejection, TrackChunk
from ops.models.base import utc_now

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a batch did."""

    received: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        """JSON-ready counts."""
        return {"received": self.received, "rejected": self.rejected}


def insert_ignoring_duplicates(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]]
) -> None:
    """Insert rows, skipping any whose key already exists (works on SQLite and PostgreSQL)."""
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def reject(session: Session, kind: str, payload: dict[str, Any], reason: str) -> None:
    """Record an item that can never be stored (once, however often it is resent)."""
    log.warning("rejected %s %s: %s", kind, payload.get("id"), reason)
    row = {
        "kind": kind, "item_id": str(payload.get("id", ""))[:64], "staff_id": payload.get("staff_id"),
        "reason": reason[:2000], "payload": payload, "created_at": utc_now(),
    }  # fmt: skip
    insert_ignoring_duplicates(session, Rejection, [row])


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def store_checkins(*, session: Session, items: list[dict[str, Any]], settings: Settings) -> Outcome:
    """Classify and store check-ins; unknown people become rejections."""
    outcome = Outcome(received=len(items))
    known = staff_exists(session, (i["staff_id"] for i in items))
    times = [_moment(i["recorded_at"]) for i in items]
    duties = (
        duties_for(
            session, known, min(times) - timedelta(days=1), max(times) + timedelta(days=1), settings
        )
        if items
        else {}
    )
    rows = []
    for item, at in zip(items, times, strict=True):
        if item["staff_id"] not in known:
            reject(
                session,
                "checkin",
                item,
                f"人员“{item['staff_id']}”不存在（可能已删除） / staff member no longer exists",
            )
            outcome.rejected += 1
            continue
        verdict = judge(
            session, kind=item["kind"], at=at, lon=item["lon"], lat=item["lat"], accuracy_m=item.get("accuracy_m"),
            duties=duties.get(item["staff_id"], []), settings=settings, sent_as=item.get("crs", "wgs84"),
        )  # fmt: skip
        rows.append({
            "id": item["id"], "staff_id": item["staff_id"], "kind": item["kind"], "recorded_at": at,
            "lon": item["lon"], "lat": item["lat"], "accuracy_m": item.get("accuracy_m"),
            "assignment_id": verdict.assignment_id or item.get("assignment_id"), "post_id": verdict.post_id,
            "status": verdict.status, "received_at": utc_now(), "source": "phone", "made_up_by": None,
            "makeup_reason": None, "crs": item.get("crs", "wgs84"), "raw_lon": item.get("raw_lon"),
            "raw_lat": item.get("raw_lat"), "note": verdict.note,
        })  # fmt: skip
    _insert_or_reject(
        session, model=CheckIn, kind="checkin", rows=rows, items=items, outcome=outcome
    )
    session.commit()
    announce(session, "checkin", [r["id"] for r in rows], settings)  # live: open console pages
    return outcome


def store_tracks(*, session: Session, items: list[dict[str, Any]], source: str = "app") -> Outcome:
    """Store track chunks as they came (cleaning happens in coverage); unknown people become rejections."""
    outcome = Outcome(received=len(items))
    known = staff_exists(session, (i["staff_id"] for i in items))
    rows = []
    for item in items:
        if item["staff_id"] not in known:
            reject(
                session,
                "track",
                item,
                f"人员“{item['staff_id']}”不存在 / staff member no longer exists",
            )
            outcome.rejected += 1
            continue
        stamps = sorted(_moment(p[2]) for p in item["points"] if p[2])
        rows.append({
            "id": item["id"], "staff_id": item["staff_id"], "points": item["points"],
            "point_count": len(item["points"]), "started_at": stamps[0] if stamps else None,
            "ended_at": stamps[-1] if stamps else None, "source": source,
            "received_at": utc_now(), "crs": item.get("crs", "wgs84"), "raw_points": item.get("raw_points"),
        })  # fmt: skip
    _insert_or_reject(
        session, model=TrackChunk, kind="track", rows=rows, items=items, outcome=outcome
    )
    session.commit()
    announce(session, "track", [r["id"] for r in rows])  # live: open console pages
    return outcome


def _insert_or_reject(
    session: Session,
    *,
    model: type[SQLModel],
    kind: str,
    rows: list[dict[str, Any]],
    items: list[dict[str, Any]],
    outcome: Outcome,
) -> None:
    """Insert the batch; if the database refuses it, insert row by row and reject the ones it refuses."""
    try:
        with session.begin_nested():
            insert_ignoring_duplicates(session, model, rows)
        return
    except (IntegrityError, DataError):
        log.warning("batch of %s %s refused; storing one by one", len(rows), kind)
    payloads = {str(i["id"]): i for i in items}
    for row in rows:
        try:
            with session.begin_nested():
                insert_ignoring_duplicates(session, model, [row])
        except (IntegrityError, DataError) as exc:
            # The statement and its parameters go to the log only; the office sees our words.
            log.warning("database refused %s %s: %s", kind, row["id"], exc)
            reject(
                session,
                kind,
                payloads.get(str(row["id"]), {"id": row["id"]}),
                "数据库拒绝保存此条（详情见服务日志）/ the database refused this item (see the service log)",
            )
            outcome.rejected += 1
