"""Bearer tokens: issued once, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from ops.errors import InputError, NotFoundError, Problem, bilingual
from ops.models import ApiToken, StaffMember
from ops.models.base import utc_now

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

ROLES = ("staff", "dispatcher", "supervisor")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, a display name, for staff their staff id, and the township scope.

    `township_id` None means county-wide (an office token issued without --township); staff are
    always held to their own township.
    """

    role: str
    name: str
    staff_id: str | None = None
    township_id: int | None = None

    @property
    def is_staff(self) -> bool:
        """A field worker: writes and reads only their own records."""
        return self.role == "staff"

    @property
    def reads_all(self) -> bool:
        """Dispatchers and supervisors see everyone's records in their scope; staff only their own."""
        return self.role in ("dispatcher", "supervisor")

    @property
    def is_dispatcher(self) -> bool:
        """Dispatchers change things (rosters, hazards, make-up check-ins); supervisors only read."""
        return self.role == "dispatcher"

    def sees_township(self, township_id: int | None) -> bool:
        """Whether a record of this township is inside the caller's scope."""
        return self.township_id is None or self.township_id == township_id

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (the token cache stores this)."""
        return {
            "role": self.role,
            "name": self.name,
            "staff_id": self.staff_id,
            "township_id": self.township_id,
        }


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    *,
    session: Session,
    role: str,
    staff_id: str | None = None,
    name: str | None = None,
    township_id: int | None = None,
) -> str:
    """Create a token and return it in clear (the only time it exists in clear).

    Office tokens (dispatcher, supervisor) are held to `township_id` when one is given, and are
    county-wide without it; a staff token is always held to its person's township.
    """
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
        township_id = person.township_id
    elif not name:
        raise InputError([Problem("--name", "", bilingual("请给出 --name", "--name is required"))])
    token = secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=hash_token(token),
            role=role,
            staff_id=staff_id if role == "staff" else None,
            name=name or "",
            township_id=township_id,
        )
    )
    session.commit()
    return token


def revoke_tokens(
    *,
    session: Session,
    staff_id: str | None = None,
    token: str | None = None,
    settings: Settings | None = None,
) -> list[str]:
    """Revoke one token, or every token of a person; return the hashes revoked.

    With `settings`, they are also dropped from the API's token cache (ops.identity.token_cache),
    so the revocation takes effect at once in every API process.
    """
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
    hashes = [row.token_hash for row in rows]
    if settings is not None:
        from ops.identity.token_cache import forget

        forget(settings, hashes)
    return hashes


def authenticate(*, session: Session, token: str) -> Principal | None:
    """The principal of a live token, or None."""
    return principal_for_hash(session=session, token_hash=hash_token(token))


def principal_for_hash(*, session: Session, token_hash: str) -> Principal | None:
    """The principal of a live token given its hash, or None (revoked or unknown)."""
    row = session.exec(
        select(ApiToken).where(
            ApiToken.token_hash == token_hash, col(ApiToken.revoked_at).is_(None)
        )
    ).first()
    if row is None:
        return None
    township_id = row.township_id
    if row.role == "staff":
        person = session.get(StaffMember, row.staff_id or "")
        if person is None:
            return None
        township_id = person.township_id
    return Principal(role=row.role, name=row.name, staff_id=row.staff_id, township_id=township_id)
