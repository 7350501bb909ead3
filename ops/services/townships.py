"""Find and create townships."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from ops.errors import NotFoundError, bilingual
from ops.models import Leave, Post, ShiftTemplate, StaffMember, Township, Village
from ops.models.roles import ROLES


def get_township(*, session: Session, name: str) -> Township:
    """Return the township called `name`, or raise NotFoundError listing the ones that exist."""
    township = session.exec(select(Township).where(Township.name == name)).first()
    if township is None:
        known = "、".join(session.exec(select(Township.name).order_by(Township.name)).all()) or "—"
        raise NotFoundError(
            bilingual(
                f"没有名为“{name}”的乡镇（现有：{known}）", f"no township {name!r} (known: {known})"
            )
        )
    return township


def get_or_create_township(*, session: Session, name: str) -> Township:
    """Return the township called `name`, adding it (uncommitted) if it is new."""
    name = name.strip()
    if not name:
        raise NotFoundError(bilingual("乡镇名称不能为空", "township name must not be empty"))
    township = session.exec(select(Township).where(Township.name == name)).first()
    if township is None:
        township = Township(name=name)
        session.add(township)
        session.flush()
    return township


def describe_township(*, session: Session, name: str, now: datetime) -> dict[str, Any]:
    """Summarise a township: villages, crossings, staff by role, who is on leave at `now`."""
    township = get_township(session=session, name=name)
    villages = session.exec(
        select(Village).where(Village.township_id == township.id).order_by(Village.code)
    ).all()
    crossings = session.exec(
        select(Post)
        .where(Post.township_id == township.id, Post.kind == "intersection")
        .order_by(Post.code)
    ).all()
    staff = session.exec(select(StaffMember).where(StaffMember.township_id == township.id)).all()
    by_role = Counter(role for person in staff if person.active for role in person.roles)
    names = {person.id: person.name for person in staff}
    leave = session.exec(
        select(Leave)
        .where(col(Leave.staff_id).in_(names), Leave.starts_at <= now, Leave.ends_at > now)
        .order_by(col(Leave.ends_at))
    ).all()
    templates = session.exec(
        select(ShiftTemplate).where(ShiftTemplate.township_id == township.id)
    ).all()
    return {
        "township": township.name,
        "villages": [
            {
                "code": v.code,
                "name": v.name,
                "area_km2": round(v.area_m2 / 1e6, 2),
                "parts": 1
                if v.geometry.get("type") == "Polygon"
                else len(v.geometry.get("coordinates", [])),
            }
            for v in villages
        ],
        "crossings": [
            {"code": p.code, "name": p.name, "lon": p.lon, "lat": p.lat, "radius_m": p.radius_m}
            for p in crossings
        ],
        "staff": {
            "total": len(staff),
            "active": sum(1 for person in staff if person.active),
            "by_role": {role: by_role.get(role, 0) for role in ROLES},
        },
        "on_leave": [
            {
                "staff_id": lv.staff_id,
                "name": names[lv.staff_id],
                "until": lv.ends_at.isoformat(),
                "reason": lv.reason,
            }
            for lv in leave
        ],
        "shift_templates": len(templates),
    }
