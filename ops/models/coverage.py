"""Patrol effort per H3 cell and local day, recomputed per patrol when its track chunks arrive."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel


class CellEffort(SQLModel, table=True):
    """How long and how far one patrol (a person's track on one local day) spent in one cell."""

    __tablename__ = "cell_effort"

    patrol_id: str = Field(primary_key=True, max_length=100)  # "<staff id>/<local day>"
    cell: str = Field(primary_key=True, max_length=16)  # H3 cell, hex
    day: date = Field(primary_key=True)  # local day
    township_id: int = Field(foreign_key="township.id", index=True)
    staff_id: str = Field(foreign_key="staff_member.id", index=True, max_length=64)
    milliseconds: int = Field(sa_type=BigInteger)
    millimetres: int = Field(sa_type=BigInteger)
    first_visit: datetime
    last_visit: datetime = Field(index=True)
