"""The office calendar and people's requests: what changes demand and wishes day by day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ops.models.base import utc_now

OFFICE_DAY_KINDS = ("holiday", "campaign", "market", "local")


class OfficeDay(SQLModel, table=True):
    """A local day the office marks: a local holiday, a campaign day or a market day.

    `demand_factor` multiplies every shift's staff numbers that day (1.5: half as many again);
    shift templates may also run only on, or add people on, days of a kind.
    """

    __tablename__ = "office_day"
    __table_args__ = (UniqueConstraint("township_id", "day", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    day: date = Field(index=True)  # local date
    kind: str = Field(max_length=16)  # one of OFFICE_DAY_KINDS
    name: str = Field(default="", max_length=100)  # e.g. 藏历新年, 安全生产月, 集市
    demand_factor: float = 1.0
    created_at: datetime = Field(default_factory=utc_now)


class RosterRequest(SQLModel, table=True):
    """A person's wish for a local day: to work it or to be off, maybe one kind of shift only."""

    __tablename__ = "roster_request"
    __table_args__ = (UniqueConstraint("staff_id", "day", "shift_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    day: date
    shift_kind: str | None = Field(default=None, max_length=32)  # None: any shift that day
    wants_work: bool = True  # False: asks to be off
    weight: int = 1
    created_at: datetime = Field(default_factory=utc_now)
