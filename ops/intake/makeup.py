"""Make-up check-ins (补签): a dispatcher records that a person was at their post when the phone
could not say so.

A make-up check-in is never a phone's check-in: it has no position, it carries who entered it and
why, and every list, ledger and figure shows it as 补签. It is judged by time against the
assignment it names (on time or late), so the no-show sweep counts the person as attended.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.errors import ForbiddenError, InputError, NotFoundError, Problem, bilingual
from ops.intake.store import insert_ignoring_duplicates
from ops.live.publish import announce
from ops.models import Assignment, CheckIn, RosterShift, StaffMember
from ops.models.base import utc_now

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings


def record_makeup(
    *,
    session: Session,
    principal: Principal,
    staff_id: str,
    assignment_id: int,
    recorded_at: datetime,
    reason: str,
    item_id: str | None,
    settings: Settings,
) -> dict[str, Any]:
    """Store a make-up check-in for `staff_id` on `assignment_id` (dispatchers, within their scope)."""
    person = session.get(StaffMember, staff_id)
    if person is None:
        raise NotFoundError(
            bilingual(f"没有编号为“{staff_id}”的人员", f"no staff member {staff_id!r}")
        )
    if not principal.sees_township(person.township_id):
        raise ForbiddenError(
            bilingual("不能为其他乡镇的人员补签", "that person is in another township")
        )
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or assignment.staff_id != staff_id:
        raise InputError(
            [
                Problem(
                    "makeup",
                    "assignment_id",
                    bilingual(
                        f"排班 {assignment_id} 不是“{person.name}”的",
                        f"assignment {assignment_id} is not {staff_id}'s",
                    ),
                )
            ]
        )
    shift = session.get(RosterShift, assignment.roster_shift_id)
    if shift is None:
        raise NotFoundError(bilingual("排班已不存在", "the assignment's shift no longer exists"))
    grace = timedelta(minutes=settings.checkin_grace_minutes)
    status = "on_time" if recorded_at <= shift.starts_at + grace else "late"
    row_id = item_id or str(uuid.uuid4())
    insert_ignoring_duplicates(
        session,
        CheckIn,
        [
            {
                "id": row_id, "staff_id": staff_id, "kind": "in", "recorded_at": recorded_at,
                "lon": None, "lat": None, "accuracy_m": None, "assignment_id": assignment_id,
                "post_id": shift.post_id, "status": status, "received_at": utc_now(),
                "source": "makeup", "made_up_by": principal.name, "makeup_reason": reason,
                "crs": "wgs84", "raw_lon": None, "raw_lat": None, "note": None,
            }
        ],
    )  # fmt: skip
    stored = session.get(CheckIn, row_id)
    if stored is None or stored.source != "makeup" or stored.staff_id != staff_id:
        raise InputError(
            [
                Problem(
                    "makeup",
                    "id",
                    bilingual("此编号已被其他记录使用", "this id belongs to another record"),
                )
            ]
        )
    session.commit()
    announce(session, "checkin", [stored.id], settings)  # live: open console pages
    return {
        "id": stored.id,
        "staff_id": stored.staff_id,
        "assignment_id": stored.assignment_id,
        "recorded_at": stored.recorded_at.astimezone(settings.tz).isoformat(),
        "status": stored.status,
        "source": stored.source,
        "made_up_by": stored.made_up_by,
        "reason": stored.makeup_reason,
    }
