"""Bearer tokens: issued once, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from ops.errors import InputError, NotFoundError, Problem, bilingual
from ops.models import ApiToken, StaffMember
from ops.models.base import utc_now

ROLES = ("staff", "dispatcher", "supervisor")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, a display name, and for staff their staff id."""

    role: str
    name: str
    staff_id: str | None = None

    @property
    def reads_all(self) -> bool:
        """Dispatchers and supervisors see everyone's records; staff only their own."""
        return self.role in ("dispatcher", "supervisor")


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    *, session: Session, role: str, staff_id: str | None = None, name: str | None = None
) -> str:
    """Create a token and return it in clear (the only time it exists in clear)."""
    if role not in ROLES:
        raise InputError(
            [
                Problem(
                    "--role",
                    role,
                    bilingual(
                        "角色应为 dispatcher 或 supervisor", "role must be dispatcher or supervisor"
                    ),
                )
            ]
        )
    if role == "staff":
        person = session.get(StaffMember, staff_id or "")
        if person is None:
            raise NotFoundError(
                bilingual(f"没有编号为“{staff_id}”的人员", f"no staff member {staff_id!r}")
            )
        name = name or person.name
    elif not name:
        raise InputError([Problem("--name", "", bilingual("请给出 --name", "--name is required"))])
    token = secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=hash_token(token),
            role=role,
            staff_id=staff_id if role == "staff" else None,
            name=name or "",
        )
    )
    session.commit()
    return token


def revoke_tokens(
    *, session: Session, staff_id: str | None = None, token: str | None = None
) -> int:
    """Revoke one token, or every token of a person; return how many were revoked."""
    query = select(ApiToken).where(col(ApiToken.revoked_at).is_(None))
    if token is not None:
        query = query.where(ApiToken.token_hash == hash_token(token))
    elif staff_id is not None:
        query = query.where(ApiToken.staff_id == staff_id)
    else:
        raise InputError(
            [
                Problem(
                    "token revoke",
                    "",
                    bilingual("请给出 --staff 或 --token", "give --staff or --token"),
                )
            ]
        )
    rows = session.exec(query).all()
    for row in rows:
        row.revoked_at = utc_now()
        session.add(row)
    session.commit()
    return len(rows)


def authenticate(*, session: Session, token: str) -> Principal | None:
    """The principal of a live token, or None."""
    row = session.exec(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), col(ApiToken.revoked_at).is_(None)
        )
    ).first()
    if row is None:
        return None
    return Principal(role=row.role, name=row.name, staff_id=row.staff_id)
