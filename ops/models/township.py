"""Township, its villages and its posts (crossings and village patrol areas)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from ops.models.base import utc_now

POST_KINDS = ("intersection", "village")


class Township(SQLModel, table=True):
    """A township (乡/镇): the unit that owns villages, posts, staff and rosters."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    # township-wide roster rules beyond the settings, e.g. {"forbidden_successions": [[a, b]]}
    roster_rules: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(default_factory=utc_now)


class Village(SQLModel, table=True):
    """A village (村): a patrol area drawn as a Polygon or MultiPolygon."""

    __table_args__ = (UniqueConstraint("township_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    code: str = Field(max_length=64)
    name: str = Field(max_length=100)
    geometry: dict[str, Any] = Field(sa_type=JSON)  # GeoJSON, CCW exterior rings, [lon, lat]
    area_m2: float
    label_lon: float
    label_lat: float
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class Post(SQLModel, table=True):
    """Where a shift happens: a crossing (point + radius in metres) or a village patrol area."""

    __table_args__ = (UniqueConstraint("township_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    code: str = Field(max_length=64)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=16)  # one of POST_KINDS
    lon: float
    lat: float
    radius_m: float | None = None  # crossings only
    village_id: int | None = Field(default=None, foreign_key="village.id")  # village posts only
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
