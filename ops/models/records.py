"""The township's other work: household visits, dispute cases, petitions, law-publicity events.

Each row's id is a UUID made by whoever first wrote it (a phone, the console, an import), so a
resend is stored once. Every row names its township: that is what scope is checked against.
Timestamps are UTC; days (found_on, held_on, ...) are local calendar days.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ops.models.base import utc_now

VISIT_PURPOSES = ("dispute_check", "safety_check", "petition_followup", "policy_publicity", "other")
DISPUTE_STEPS = ("found", "mediating", "mediated", "failed", "referred")
DISPUTE_CLOSED = ("mediated", "failed", "referred")
DISPUTE_CATEGORIES = (
    "grassland", "neighbour", "family", "debt", "labour", "livestock", "land", "other",
)  # fmt: skip
EVENT_KINDS = ("publicity", "training", "study")
SATISFACTION = ("satisfied", "basically_satisfied", "unsatisfied")


class Visit(SQLModel, table=True):
    """A household visit (入户走访) by one staff member, GPS-stamped like a check-in."""

    id: str = Field(primary_key=True, max_length=36)
    township_id: int = Field(foreign_key="township.id", index=True)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    visited_at: datetime = Field(index=True)
    village_id: int | None = Field(default=None, foreign_key="village.id")
    household: str = Field(default="", max_length=100)  # a household's name or number
    purpose: str = Field(max_length=32)  # VISIT_PURPOSES
    findings: str = Field(default="", max_length=2000)
    disputes_found: int = 0
    lon: float | None = None  # WGS84
    lat: float | None = None
    accuracy_m: float | None = None
    crs: str = Field(default="wgs84", max_length=8)  # the system the phone sent
    raw_lon: float | None = None
    raw_lat: float | None = None
    received_at: datetime = Field(default_factory=utc_now)


class DisputeCase(SQLModel, table=True):
    """A dispute (矛盾纠纷) and its mediation: found → mediating → mediated / failed / referred."""

    __tablename__ = "dispute_case"

    id: str = Field(primary_key=True, max_length=36)
    township_id: int = Field(foreign_key="township.id", index=True)
    village_id: int | None = Field(default=None, foreign_key="village.id")
    category: str = Field(max_length=32)  # DISPUTE_CATEGORIES
    parties: str = Field(default="", max_length=500)  # optional: names are kept only if given
    summary: str = Field(default="", max_length=2000)
    amount_yuan: int = 0  # money involved, whole yuan
    status: str = Field(default="found", index=True, max_length=16)  # DISPUTE_STEPS
    found_on: date = Field(index=True)
    mediating_on: date | None = None
    closed_on: date | None = None  # the day it was mediated, failed or referred
    mediator: str = Field(default="", max_length=100)
    hazard_id: str | None = Field(default=None, max_length=36)  # the `dispute` report it came from
    recorded_by: str = Field(max_length=100)
    received_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class Petition(SQLModel, table=True):
    """A petition (信访事项): received, handled, resolved, and how satisfied the petitioner was."""

    id: str = Field(primary_key=True, max_length=36)
    township_id: int = Field(foreign_key="township.id", index=True)
    received_on: date = Field(index=True)
    subject: str = Field(max_length=500)
    handled_on: date | None = None
    resolved_on: date | None = None
    satisfaction: str | None = Field(default=None, max_length=24)  # SATISFACTION
    recorded_by: str = Field(max_length=100)
    received_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class LawEvent(SQLModel, table=True):
    """A law-publicity event (普法宣传), a training (培训) or a study session (学习)."""

    __tablename__ = "law_event"

    id: str = Field(primary_key=True, max_length=36)
    township_id: int = Field(foreign_key="township.id", index=True)
    kind: str = Field(max_length=16)  # EVENT_KINDS
    held_on: date = Field(index=True)
    theme: str = Field(default="", max_length=64)  # a theme day (EventTheme) or ""
    title: str = Field(default="", max_length=200)
    place: str = Field(default="", max_length=200)
    online: bool = False
    people_reached: int = 0
    items_given: int = 0  # leaflets and publicity items
    banners: int = 0
    questions_answered: int = 0
    recorded_by: str = Field(max_length=100)
    received_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class EventTheme(SQLModel, table=True):
    """A theme day an office added to the built-in list (ops.records.themes)."""

    __tablename__ = "event_theme"
    __table_args__ = (UniqueConstraint("township_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    name: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now)


class RecordFile(SQLModel, table=True):
    """A dispute's agreement (photo or PDF) or an event's photo, stored once by content hash."""

    __tablename__ = "record_file"
    __table_args__ = (UniqueConstraint("record_kind", "record_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    record_kind: str = Field(max_length=16)  # "dispute" | "event"
    record_id: str = Field(index=True, max_length=36)
    sha256: str = Field(max_length=64)
    content_type: str = Field(max_length=32)
    size: int
    uploaded_by: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utc_now)
