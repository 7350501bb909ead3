"""Office accounts (dispatchers and supervisors of a township, or of the county), their sessions and
sign-in attempts. Passwords are argon2 hashes; a session cookie holds an opaque id stored only as
its SHA-256.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ops.models.base import utc_now

OFFICE_ROLES = ("dispatcher", "supervisor")


class OfficeUser(SQLModel, table=True):
    """A person who signs in to the console."""

    __tablename__ = "office_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=64)
    role: str = Field(max_length=16)  # OFFICE_ROLES
    township_id: int | None = Field(default=None, foreign_key="township.id")  # None: county
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utc_now)
    disabled_at: datetime | None = None


class OfficeSession(SQLModel, table=True):
    """A signed-in browser: ended at sign-out, or after 12 h without a request."""

    __tablename__ = "office_session"

    id: int | None = Field(default=None, primary_key=True)
    session_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="office_user.id", index=True)
    csrf_token: str = Field(max_length=64)
    township_id: int | None = Field(default=None, foreign_key="township.id")  # a county's pick
    created_at: datetime = Field(default_factory=utc_now)
    last_seen_at: datetime = Field(default_factory=utc_now)
    ended_at: datetime | None = None


class SigninAttempt(SQLModel, table=True):
    """One console sign-in attempt for a name (five failures in 15 minutes lock the name)."""

    __tablename__ = "signin_attempt"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=64)
    ok: bool
    at: datetime = Field(default_factory=utc_now, index=True)
