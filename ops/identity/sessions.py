"""Console sessions, kept server side: the cookie holds an opaque id, the database its SHA-256.

A session ends at sign-out, when its account is disabled, or after 12 hours without a request.
Every state-changing request made with a session carries its CSRF token (a form field or the
`X-CSRF-Token` header), compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ops.identity.auth import Principal
from ops.models import OfficeSession, OfficeUser, Township
from ops.models.base import utc_now

COOKIE = "fieldops_session"
IDLE_LIMIT = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often


@dataclass(frozen=True)
class ConsoleSession:
    """A live session: who, the scope the API applies, the CSRF token, the township in view."""

    principal: Principal
    csrf_token: str
    user_id: int
    township_id: int | None  # the township in view (an account's own, or a county's pick)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(*, session: Session, user: OfficeUser) -> str:
    """Create a session for a signed-in account; return the opaque id for the cookie."""
    session_id = secrets.token_urlsafe(32)
    session.add(
        OfficeSession(
            session_hash=_digest(session_id), user_id=user.id or 0, csrf_token=secrets.token_urlsafe(24),
            township_id=user.township_id,
        )
    )  # fmt: skip
    session.commit()
    return session_id


def find_session(
    *, session: Session, session_id: str, now: datetime | None = None
) -> ConsoleSession | None:
    """The live session of this cookie value, or None (unknown, ended, idle too long, disabled)."""
    now = now or utc_now()
    row = session.exec(
        select(OfficeSession).where(OfficeSession.session_hash == _digest(session_id))
    ).first()
    if row is None or row.ended_at is not None:
        return None
    user = session.get(OfficeUser, row.user_id)
    if user is None or user.disabled_at is not None or now - row.last_seen_at > IDLE_LIMIT:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    principal = Principal(role=user.role, name=user.name, township_id=user.township_id)
    return ConsoleSession(principal, row.csrf_token, user.id or 0, row.township_id)


def end_session(*, session: Session, session_id: str) -> None:
    """Sign out: the session ends on the server, whatever the browser keeps."""
    row = session.exec(
        select(OfficeSession).where(OfficeSession.session_hash == _digest(session_id))
    ).first()
    if row is not None and row.ended_at is None:
        row.ended_at = utc_now()
        session.add(row)
        session.commit()


def pick_township(*, session: Session, session_id: str, township_id: int) -> bool:
    """A county account chooses the township in view; False if it does not exist or is out of scope."""
    row = session.exec(
        select(OfficeSession).where(OfficeSession.session_hash == _digest(session_id))
    ).first()
    if row is None or session.get(Township, township_id) is None:
        return False
    user = session.get(OfficeUser, row.user_id)
    if user is None or (user.township_id is not None and user.township_id != township_id):
        return False
    row.township_id = township_id
    session.add(row)
    session.commit()
    return True


def csrf_matches(expected: str, given: str | None) -> bool:
    """Whether a request's CSRF token is the session's (constant-time)."""
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
