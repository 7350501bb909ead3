"""Shared column helpers for the domain tables."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands timestamp columns back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime (what every timestamp column stores)."""
    return datetime.now(UTC)
