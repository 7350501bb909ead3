"""请假: leave of a person or a township over local days, added or ended one at a time.

Leave is stored as UTC instants [starts_at, ends_at), as `fieldops import leave` stores it; the
office adds and ends it in whole local days (a leave "to 12-03" covers all of the 3rd). A month
grid for the console is built here too, so the page and the API read the same periods.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import ForbiddenError, InputError, NotFoundError, Problem, bilingual
from ops.models import Leave, StaffMember
from ops.models.base import as_utc
from ops.services.rosters import local_day_bounds
from ops.services.staff_list import person_in_scope

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

MAX_DAYS = 400  # a query or a leave longer than this is a typo, not a plan


def check_days(first: date, last: date, *, where: str = "body", field: str = "to") -> None:
    """Refuse a range that ends before it starts or runs longer than MAX_DAYS."""
    if last < first:
        message = bilingual("结束早于开始", "ends before it starts")
        raise InputError([Problem(where, field, message)])
    if (last - first).days + 1 > MAX_DAYS:
        message = bilingual(f"最长 {MAX_DAYS} 天", f"at most {MAX_DAYS} days")
        raise InputError([Problem(where, field, message)])


def leave_view(leave: Leave, name: str, settings: Settings) -> dict[str, Any]:
    """One leave period with its local first and last day (inclusive)."""
    starts = as_utc(leave.starts_at).astimezone(settings.tz)
    ends = as_utc(leave.ends_at).astimezone(settings.tz)
    return {
        "id": leave.id, "staff_id": leave.staff_id, "staff_name": name,
        "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
        "first_day": starts.date().isoformat(),
        "last_day": (ends - timedelta(microseconds=1)).date().isoformat(),
        "reason": leave.reason,
    }  # fmt: skip


def list_leave(
    *, session: Session, township_id: int, staff_id: str | None, first: date, last: date,
    settings: Settings,
) -> list[dict[str, Any]]:  # fmt: skip
    """Leave of a township (or one of its people) that touches local days first..last."""
    begin, end = local_day_bounds(first, (last - first).days + 1, settings)
    query = (
        select(Leave, StaffMember.name)
        .where(col(Leave.staff_id) == StaffMember.id, StaffMember.township_id == township_id)
        .where(col(Leave.starts_at) < end, col(Leave.ends_at) > begin)
        .order_by(col(Leave.staff_id), col(Leave.starts_at))
    )
    if staff_id is not None:
        query = query.where(Leave.staff_id == staff_id)
    return [leave_view(leave, name, settings) for leave, name in session.exec(query).all()]


def leave_in_scope(
    *, session: Session, principal: Principal, township_id: int | None, staff_id: str | None,
    first: date, last: date, settings: Settings,
) -> dict[str, Any]:  # fmt: skip
    """Leave of one person (their township follows) or of a township, as the API lists it."""
    from ops.services.township_map import township_in_view

    check_days(first, last, where="query")
    if staff_id is not None:
        chosen = person_in_scope(session, principal, staff_id, write=False).township_id
        if township_id is not None and township_id != chosen:
            raise NotFoundError(bilingual("这个乡镇没有此人", "no such person in this township"))
    else:
        chosen = township_in_view(principal, township_id)
    items = list_leave(session=session, township_id=chosen, staff_id=staff_id, first=first,
                       last=last, settings=settings)  # fmt: skip
    return {"township_id": chosen, "from": first.isoformat(), "to": last.isoformat(),
            "items": items, "total": len(items)}  # fmt: skip


def add_leave(
    *, session: Session, principal: Principal, staff_id: str, first: date, last: date,
    reason: str, settings: Settings,
) -> tuple[dict[str, Any], bool]:  # fmt: skip
    """Add whole local days of leave; the same period again is found, not doubled: (leave, created).

    A period overlapping another of the same person's is refused, naming it.
    """
    check_days(first, last)
    person = person_in_scope(session, principal, staff_id, write=True)
    begin, end = local_day_bounds(first, (last - first).days + 1, settings)
    for other in session.exec(
        select(Leave).where(Leave.staff_id == person.id)
        .where(col(Leave.starts_at) < end, col(Leave.ends_at) > begin)
    ).all():  # fmt: skip
        if as_utc(other.starts_at) == begin and as_utc(other.ends_at) == end:
            return leave_view(other, person.name, settings), False
        shown = leave_view(other, person.name, settings)
        message = bilingual(
            f"与已有请假 {shown['first_day']} 至 {shown['last_day']} 重叠",
            f"overlaps leave from {shown['first_day']} to {shown['last_day']}",
        )
        raise InputError([Problem("body", "from", message)])
    leave = Leave(staff_id=person.id, starts_at=begin, ends_at=end, reason=reason[:200])
    session.add(leave)
    session.commit()
    return leave_view(leave, person.name, settings), True


def _leave_in_scope(session: Session, principal: Principal, leave_id: int) -> tuple[Leave, str]:
    leave = session.get(Leave, leave_id)
    person = session.get(StaffMember, leave.staff_id) if leave else None
    if leave is None or person is None:
        raise NotFoundError(bilingual("没有这条请假", "no such leave"))
    if not principal.sees_township(person.township_id):
        raise ForbiddenError(
            bilingual("不能更改其他乡镇的请假", "this leave belongs to another township")
        )
    return leave, person.name


def end_leave(
    *, session: Session, principal: Principal, leave_id: int, last: date, settings: Settings
) -> dict[str, Any]:
    """Move a leave's last local day (back early, or longer); its first day stays."""
    leave, name = _leave_in_scope(session, principal, leave_id)
    first = as_utc(leave.starts_at).astimezone(settings.tz).date()
    if last < first:
        message = bilingual(
            f"最后一天早于请假开始 {first.isoformat()}（要取消整条请假请删除）",
            f"last day before the leave starts on {first.isoformat()} (delete it to cancel)",
        )
        raise InputError([Problem("body", "to", message)])
    check_days(first, last)
    leave.ends_at = local_day_bounds(last, 1, settings)[1]
    session.add(leave)
    session.commit()
    return leave_view(leave, name, settings)


def remove_leave(*, session: Session, principal: Principal, leave_id: int) -> None:
    """Delete one leave period (it was entered by mistake, or cancelled before it began)."""
    leave, _name = _leave_in_scope(session, principal, leave_id)
    session.delete(leave)
    session.commit()


def month_grid(
    month: date, people: list[dict[str, Any]], leave: list[dict[str, Any]]
) -> dict[str, Any]:
    """A township month view: the month's days, and per person on leave the day each period covers.

    `rows` lists only people with leave in the month (id order); each cell is the leave covering
    that day (or None), so the page draws a grid without any date arithmetic of its own.
    """
    days = [
        month.replace(day=d) for d in range(1, calendar.monthrange(month.year, month.month)[1] + 1)
    ]
    names = {p["id"]: p["name"] for p in people}
    by_person: dict[str, list[dict[str, Any]]] = {}
    for item in leave:
        by_person.setdefault(item["staff_id"], []).append(item)
    rows = []
    for staff_id in sorted(by_person):
        periods = by_person[staff_id]
        cells = []
        for day in days:
            text = day.isoformat()
            cells.append(
                next((p for p in periods if p["first_day"] <= text <= p["last_day"]), None)
            )
        rows.append({"staff_id": staff_id, "name": names.get(staff_id, staff_id), "cells": cells,
                     "periods": periods, "days_off": sum(1 for c in cells if c)})  # fmt: skip
    return {"days": days, "rows": rows}
