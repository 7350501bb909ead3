"""Rosters: every generation or repair is a new version; the newest version covering a day is in force."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from ops.models.base import utc_now


class Roster(SQLModel, table=True):
    """One solved roster for a township and a run of local days [start_date, start_date + days)."""

    __table_args__ = (UniqueConstraint("township_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    version: int  # 1, 2, 3 ... per township
    start_date: date  # local date of the first day
    days: int
    kind: str = Field(default="generate", max_length=16)  # "generate" | "repair" | "edit"
    parent_id: int | None = Field(default=None, foreign_key="roster.id")
    status: str = Field(max_length=16)  # "optimal" | "feasible"
    shortfall: int
    max_load: int
    penalties: dict[str, Any] = Field(sa_type=JSON)
    solve_seconds: float
    note: str = Field(default="", max_length=500)  # e.g. who was absent, for a repair
    created_at: datetime = Field(default_factory=utc_now)
    created_by: str | None = Field(
        default=None, max_length=100
    )  # a console account; None: CLI/clock
    published_at: datetime | None = None  # marked as the one to print and send
    published_by: str | None = Field(default=None, max_length=100)


class RosterShift(SQLModel, table=True):
    """A concrete shift of a roster: a post, a UTC window, demand, and why it is short if it is."""

    __tablename__ = "roster_shift"
    __table_args__ = (UniqueConstraint("roster_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    roster_id: int = Field(foreign_key="roster.id", index=True)
    key: str = Field(max_length=80)  # e.g. "X1-20261130-0800", stable across versions
    post_id: int = Field(foreign_key="post.id", index=True)
    template_id: int | None = Field(default=None, foreign_key="shift_template.id")
    starts_at: datetime = Field(index=True)
    ends_at: datetime
    min_staff: int
    max_staff: int
    roles_any: list[str] = Field(sa_type=JSON)
    composition: list[dict[str, Any]] = Field(sa_type=JSON)
    kind: str | None = Field(default=None, max_length=32)
    missing: int = 0
    reason: dict[str, str] | None = Field(default=None, sa_type=JSON)  # {"zh": ..., "en": ...}


class Assignment(SQLModel, table=True):
    """One person on one roster shift."""

    __table_args__ = (UniqueConstraint("roster_shift_id", "staff_id"),)

    id: int | None = Field(default=None, primary_key=True)
    roster_id: int = Field(foreign_key="roster.id", index=True)
    roster_shift_id: int = Field(foreign_key="roster_shift.id", index=True)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    status: str = Field(
        default="planned", max_length=12
    )  # "planned" | "attended" | "missed" (sweep)
