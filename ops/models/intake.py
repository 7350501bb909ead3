"""What field staff send: check-ins, GPS track chunks, hazard reports and photos; and what was refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from ops.models.base import utc_now

CHECKIN_KINDS = ("in", "out")
CHECKIN_STATUSES = ("on_time", "late", "early", "off_site", "unassigned")
CHECKIN_SOURCES = ("phone", "makeup")  # makeup: 补签 entered by a dispatcher, never a phone fix
POSITION_SYSTEMS = ("wgs84", "gcj02", "bd09")  # what a phone sent; positions are stored in WGS84


class ApiToken(SQLModel, table=True):
    """A bearer token: only its SHA-256 is stored. Staff tokens belong to one person."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    role: str = Field(max_length=16)  # "staff" | "dispatcher" | "supervisor"
    staff_id: str | None = Field(default=None, foreign_key="staff_member.id", max_length=64)
    # An office token held to one township; None is county-wide. Staff tokens follow their person.
    township_id: int | None = Field(default=None, foreign_key="township.id")
    name: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utc_now)
    revoked_at: datetime | None = None


class CheckIn(SQLModel, table=True):
    """A person's GPS-stamped arrival or departure, classified against their roster when stored."""

    id: str = Field(primary_key=True, max_length=36)  # UUID made on the phone: resends are no-ops
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    kind: str = Field(max_length=3)
    recorded_at: datetime = Field(index=True)
    lon: float | None = None  # WGS84; None only for a make-up check-in (no phone, no fix)
    lat: float | None = None
    accuracy_m: float | None = None
    assignment_id: int | None = None  # the assignment it was judged against (any roster version)
    post_id: int | None = Field(default=None, foreign_key="post.id")
    status: str = Field(max_length=12)
    received_at: datetime = Field(default_factory=utc_now)
    source: str = Field(default="phone", max_length=8)  # CHECKIN_SOURCES
    made_up_by: str | None = Field(default=None, max_length=100)  # the dispatcher, for makeup
    makeup_reason: str | None = Field(default=None, max_length=500)
    crs: str = Field(default="wgs84", max_length=8)  # the system the phone sent
    raw_lon: float | None = None  # the position as sent, when it was not WGS84
    raw_lat: float | None = None
    note: str | None = Field(default=None, max_length=200)  # why a check-in was judged as it was


class TrackChunk(SQLModel, table=True):
    """A piece of a patrol's GPS track as the phone uploaded it; points are [lon, lat, time, accuracy]."""

    __tablename__ = "track_chunk"

    id: str = Field(primary_key=True, max_length=36)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    started_at: datetime | None = Field(default=None, index=True)
    ended_at: datetime | None = None
    point_count: int
    points: list[list[Any]] = Field(sa_type=JSON)
    source: str = Field(default="app", max_length=16)  # "app" | "gpx"
    received_at: datetime = Field(default_factory=utc_now)
    crs: str = Field(default="wgs84", max_length=8)  # points are WGS84; this is what was sent
    raw_points: list[list[Any]] | None = Field(default=None, sa_type=JSON)  # as sent, if not WGS84


class Hazard(SQLModel, table=True):
    """A hazard or violation found in the field, and where it stands in the township's closed loop."""

    id: str = Field(primary_key=True, max_length=36)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    category: str = Field(index=True, max_length=32)
    recorded_at: datetime = Field(index=True)
    lon: float | None = None
    lat: float | None = None
    description: str = Field(default="", max_length=2000)
    people_reached: int = 0
    status: str = Field(default="reported", index=True, max_length=16)
    assignee: str | None = Field(default=None, max_length=100)
    due: datetime | None = None
    possible_duplicate_of: str | None = Field(default=None, max_length=36)
    post_id: int | None = Field(default=None, foreign_key="post.id")
    village_id: int | None = Field(default=None, foreign_key="village.id")
    received_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    crs: str = Field(default="wgs84", max_length=8)
    raw_lon: float | None = None
    raw_lat: float | None = None


class HazardTransition(SQLModel, table=True):
    """One step of a hazard's lifecycle: who moved it, when, and why."""

    __tablename__ = "hazard_transition"

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: str = Field(foreign_key="hazard.id", index=True, max_length=36)
    from_status: str = Field(max_length=16)
    to_status: str = Field(max_length=16)
    actor: str = Field(max_length=100)
    assignee: str | None = Field(default=None, max_length=100)
    due: datetime | None = None
    note: str = Field(default="", max_length=2000)
    at: datetime = Field(default_factory=utc_now)


class HazardPhoto(SQLModel, table=True):
    """A photo of a hazard, stored once by content hash (the hazard row may arrive after it)."""

    __tablename__ = "hazard_photo"
    __table_args__ = (UniqueConstraint("hazard_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: str = Field(index=True, max_length=36)
    sha256: str = Field(max_length=64)
    content_type: str = Field(max_length=32)
    size: int
    uploaded_by: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utc_now)


class Rejection(SQLModel, table=True):
    """An accepted item a worker could never store, with the reason: visible, never silently dropped."""

    __table_args__ = (UniqueConstraint("kind", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "checkin" | "track" | "hazard"
    item_id: str = Field(max_length=64)
    staff_id: str | None = Field(default=None, max_length=64)
    reason: str = Field(max_length=2000)
    payload: dict[str, Any] = Field(sa_type=JSON)
    created_at: datetime = Field(default_factory=utc_now)
