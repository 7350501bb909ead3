"""One-time sign-in codes printed on staff cards: only a hash is stored, each works once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ops.models.base import utc_now


class SigninCode(SQLModel, table=True):
    """A code behind a card's QR link; exchanging it makes the person's phone token.

    A code is live until it is used, it expires, or a newer card for the same person replaces it
    (or their tokens are revoked). Only its SHA-256 is stored, like tokens.
    """

    __tablename__ = "signin_code"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(index=True, unique=True, max_length=64)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    created_at: datetime = Field(default_factory=utc_now)
    expires_at: datetime
    used_at: datetime | None = None
    voided_at: datetime | None = None  # replaced by a newer card, or the person's tokens revoked
    token_id: int | None = Field(default=None, foreign_key="api_token.id")  # what it became
