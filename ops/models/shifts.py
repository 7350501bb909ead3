"""Shift templates: the recurring demand a roster is generated from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from ops.models.base import utc_now


class ShiftTemplate(SQLModel, table=True):
    """A post, local weekdays and hours, how many people and which roles qualify.

    `start_local`/`end_local` are "HH:MM" in the township's timezone; an end at or before the
    start means the shift ends the next day. `composition` items are `{"roles": [...], "min": n}`:
    at least n people holding any of those roles.
    """

    __tablename__ = "shift_template"
    __table_args__ = (UniqueConstraint("post_id", "start_local", "end_local"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    weekdays: list[int] = Field(sa_type=JSON)  # ISO weekdays 1 (Monday) .. 7 (Sunday)
    start_local: str = Field(max_length=5)
    end_local: str = Field(max_length=5)
    min_staff: int
    max_staff: int
    roles_any: list[str] = Field(sa_type=JSON)  # empty: anyone
    composition: list[dict[str, Any]] = Field(sa_type=JSON)
    kind: str | None = Field(default=None, max_length=32)  # morning, evening, night, patrol ...
    only_on: str | None = Field(default=None, max_length=16)  # an office day kind, e.g. market
    extra_on: dict[str, int] | None = Field(default=None, sa_type=JSON)  # {"campaign": 1}
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
