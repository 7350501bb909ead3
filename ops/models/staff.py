"""Staff members, their roles and their leave."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from ops.models.base import utc_now


class StaffMember(SQLModel, table=True):
    """A person on the township's field staff (ids come from the township's own list)."""

    __tablename__ = "staff_member"

    id: str = Field(primary_key=True, max_length=64)
    township_id: int = Field(foreign_key="township.id", index=True)
    name: str = Field(max_length=100)
    phone: str | None = Field(default=None, max_length=32)
    roles: list[str] = Field(sa_type=JSON)  # codes from ops.models.roles.ROLES
    home_village_id: int | None = Field(default=None, foreign_key="village.id")
    max_shifts_per_week: int | None = None  # None: no weekly limit
    # Roster rules of this person (None: no such limit); see docs/roster-format.md
    max_consecutive_days: int | None = None
    min_consecutive_days_off: int | None = None
    min_days_off_per_week: int | None = None
    max_weekends: int | None = None  # per roster period
    min_minutes: int | None = None  # per roster period
    max_minutes: int | None = None
    max_shifts_by_kind: dict[str, int] | None = Field(default=None, sa_type=JSON)
    active: bool = True
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class Leave(SQLModel, table=True):
    """A period [starts_at, ends_at) in which a person cannot be rostered (UTC)."""

    __table_args__ = (UniqueConstraint("staff_id", "starts_at", "ends_at"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    starts_at: datetime
    ends_at: datetime
    reason: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utc_now)
