"""Shared column helpers for the domain tables."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime (what every timestamp column stores)."""
    return datetime.now(UTC)
