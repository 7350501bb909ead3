"""The hazard ledger (隐患台账): reports in the caller's scope, filtered, overdue first, one by one.

Scope: staff see their own reports; a township's accounts that township's; county accounts all
(or one township they name). A report out of scope does not exist for the caller (404). A photo
shows only when the report's author sent it; staff never see the ids of others' reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from ops.errors import NotFoundError, bilingual
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.models import Hazard, HazardPhoto, HazardTransition, Post, StaffMember, Village

if TYPE_CHECKING:
    from ops.identity.auth import Principal


@dataclass(frozen=True)
class HazardFilter:
    """What the ledger is narrowed to (None: no narrowing)."""

    status: str | None = None
    category: str | None = None
    village_id: int | None = None
    post_id: int | None = None
    staff_id: str | None = None  # the reporter
    begin: datetime | None = None  # recorded at or after (UTC)
    end: datetime | None = None  # recorded before
    overdue: bool | None = None
    township_id: int | None = None


def _overdue(now: datetime) -> Any:
    return col(Hazard.due).is_not(None) & (col(Hazard.due) < now) & (Hazard.status != "closed")


def _scoped(query: Any, principal: Principal, filters: HazardFilter, now: datetime) -> Any:
    """The query narrowed to the caller's scope and the filters."""
    if principal.is_staff:
        query = query.where(Hazard.staff_id == principal.staff_id)
    township = principal.township_id or filters.township_id
    if not principal.is_staff and township is not None:
        query = query.where(Hazard.staff_id == StaffMember.id).where(
            StaffMember.township_id == township
        )
    exact = {
        Hazard.status: filters.status, Hazard.category: filters.category,
        Hazard.village_id: filters.village_id, Hazard.post_id: filters.post_id,
        Hazard.staff_id: filters.staff_id,
    }  # fmt: skip
    for column, value in exact.items():
        if value is not None:
            query = query.where(column == value)
    if filters.begin:
        query = query.where(Hazard.recorded_at >= filters.begin)
    if filters.end:
        query = query.where(Hazard.recorded_at < filters.end)
    if filters.overdue is not None:
        late = _overdue(now)
        query = query.where(late if filters.overdue else ~late)
    return query


def list_ledger(
    *, session: Session, principal: Principal, filters: HazardFilter, now: datetime,
    overdue_first: bool = False, limit: int | None = None, offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
    """Reports in scope matching the filters (newest first, or overdue first), and how many match."""
    total = session.exec(
        _scoped(select(func.count()).select_from(Hazard), principal, filters, now)
    ).one()
    query = _scoped(select(Hazard), principal, filters, now)
    if overdue_first:
        query = query.order_by(case((_overdue(now), 0), else_=1))
    query = query.order_by(col(Hazard.recorded_at).desc(), col(Hazard.id)).offset(offset)
    hazards = list(session.exec(query if limit is None else query.limit(limit)).all())
    return present(session, hazards, principal, now), int(total)


def present(
    session: Session, hazards: list[Hazard], principal: Principal, now: datetime
) -> list[dict[str, Any]]:
    """Reports as the API shows them: photos, history, place, reporter, whether overdue."""
    ids = [h.id for h in hazards]
    authors = {h.id: h.staff_id for h in hazards}
    photos: dict[str, list[dict[str, Any]]] = {}
    for photo in session.exec(select(HazardPhoto).where(col(HazardPhoto.hazard_id).in_(ids))):
        if photo.uploaded_by == authors.get(photo.hazard_id):
            photos.setdefault(photo.hazard_id, []).append(
                {"sha256": photo.sha256, "content_type": photo.content_type, "size": photo.size}
            )
    steps = history(session, ids)
    names = _names(session, hazards)
    own = set(ids) if principal.is_staff else None
    return [
        _row(h, photos.get(h.id, []), steps.get(h.id, []), names, now=now, own=own) for h in hazards
    ]


def history(session: Session, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each report's steps, oldest first: from, to, who, when, note, assignee, due."""
    steps: dict[str, list[dict[str, Any]]] = {}
    for step in session.exec(
        select(HazardTransition)
        .where(col(HazardTransition.hazard_id).in_(ids))
        .order_by(col(HazardTransition.at), col(HazardTransition.id))
    ):
        steps.setdefault(step.hazard_id, []).append(_step(step))
    return steps


def _step(step: HazardTransition) -> dict[str, Any]:
    return {
        "from": step.from_status, "to": step.to_status, "by": step.actor, "at": step.at.isoformat(),
        "note": step.note, "assignee": step.assignee, "due": step.due.isoformat() if step.due else None,
    }  # fmt: skip


def _names(session: Session, hazards: list[Hazard]) -> dict[str, dict[Any, str]]:
    """Names of the reporters, crossings and villages the reports name."""
    people = {h.staff_id for h in hazards}
    posts = {h.post_id for h in hazards if h.post_id}
    villages = {h.village_id for h in hazards if h.village_id}
    staff = select(StaffMember.id, StaffMember.name).where(col(StaffMember.id).in_(people))
    crossings = select(Post.id, Post.name).where(col(Post.id).in_(posts))
    areas = select(Village.id, Village.name).where(col(Village.id).in_(villages))
    return {
        "staff": dict(session.exec(staff).all()),
        "post": dict(session.exec(crossings).all()),
        "village": dict(session.exec(areas).all()),
    }


def _row(
    h: Hazard, photos: list[dict[str, Any]], steps: list[dict[str, Any]],
    names: dict[str, dict[Any, str]], *, now: datetime, own: set[str] | None,
) -> dict[str, Any]:  # fmt: skip
    duplicate = h.possible_duplicate_of
    if own is not None and duplicate not in own:
        duplicate = None  # staff never see the ids of other people's reports
    place = names["post"].get(h.post_id) or names["village"].get(h.village_id)
    return {
        "id": h.id, "staff_id": h.staff_id, "staff_name": names["staff"].get(h.staff_id, h.staff_id),
        "category": h.category,
        "category_label": dict(zip(("zh", "en"), HAZARD_CATEGORIES[h.category], strict=True)),
        "recorded_at": h.recorded_at.isoformat(), "lon": h.lon, "lat": h.lat,
        "located": h.lon is not None, "description": h.description,
        "people_reached": h.people_reached, "status": h.status, "assignee": h.assignee,
        "due": h.due.isoformat() if h.due else None,
        "overdue": bool(h.due and h.due < now and h.status != "closed"),
        "possible_duplicate_of": duplicate, "post_id": h.post_id, "village_id": h.village_id,
        "place": place, "photos": photos, "transitions": steps,
    }  # fmt: skip


def hazard_detail(
    *, session: Session, principal: Principal, hazard_id: str, now: datetime
) -> dict[str, Any]:
    """One report in scope with its history and the report it may duplicate; 404 otherwise."""
    from ops.intake.hazards import TRANSITIONS

    query = _scoped(select(Hazard), principal, HazardFilter(), now).where(Hazard.id == hazard_id)
    hazard = session.exec(query).first()
    if hazard is None:
        raise NotFoundError(bilingual(f"没有隐患“{hazard_id}”", f"no hazard {hazard_id!r}"))
    row = present(session, [hazard], principal, now)[0]
    row["moves"] = sorted(b for a, b in TRANSITIONS if a == hazard.status)
    row["duplicate"] = _duplicate(session, principal, row["possible_duplicate_of"], now)
    return row


def _duplicate(
    session: Session, principal: Principal, other_id: str | None, now: datetime
) -> dict[str, Any] | None:
    """The report this one may duplicate, if the caller may see it."""
    if other_id is None:
        return None
    query = _scoped(select(Hazard), principal, HazardFilter(), now).where(Hazard.id == other_id)
    other = session.exec(query).first()
    return present(session, [other], principal, now)[0] if other else None


def ledger_choices(*, session: Session, township_id: int | None) -> dict[str, list[Any]]:
    """What the ledger's filters offer: villages, crossings and people of the township in view."""
    villages = select(Village.id, Village.name).order_by(col(Village.code))
    posts = select(Post.id, Post.name).where(Post.kind == "intersection").order_by(col(Post.code))
    people = select(StaffMember.id, StaffMember.name).order_by(col(StaffMember.id))
    if township_id is not None:
        villages = villages.where(Village.township_id == township_id)
        posts = posts.where(Post.township_id == township_id)
        people = people.where(StaffMember.township_id == township_id)
    return {
        "villages": [tuple(r) for r in session.exec(villages).all()],
        "posts": [tuple(r) for r in session.exec(posts).all()],
        "staff": [tuple(r) for r in session.exec(people).all()],
    }
