"""Reading Server-Sent Events in tests: parse a stream's text, store items as a worker would."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class Event:
    """One SSE event."""

    name: str
    id: str | None
    data: dict[str, Any]


def parse_events(text: str) -> list[Event]:
    """Every event of an event-stream text (comments and `retry:` skipped)."""
    found = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            key, _, value = line.partition(":")
            fields[key] = value[1:] if value.startswith(" ") else value
        if "data" in fields:
            found.append(
                Event(fields.get("event", "message"), fields.get("id"), json.loads(fields["data"]))
            )
    return found


def checkin_item(staff_id: str, **extra: Any) -> dict[str, Any]:
    """A check-in as the worker receives it (already checked at the door)."""
    item = {
        "id": str(uuid.uuid4()), "staff_id": staff_id, "kind": "in",
        "recorded_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        "lon": 91.75, "lat": 32.26, "accuracy_m": 8.0, "crs": "wgs84",
    }  # fmt: skip
    return item | extra


def hazard_item(staff_id: str, **extra: Any) -> dict[str, Any]:
    """A hazard report as the worker receives it."""
    item = {
        "id": str(uuid.uuid4()), "staff_id": staff_id, "category": "no_helmet",
        "recorded_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        "lon": 91.7528, "lat": 32.2624, "description": "未戴头盔", "people_reached": 1,
        "crs": "wgs84",
    }  # fmt: skip
    return item | extra


def store_as_worker(engine: Any, settings: Any, kind: str, items: list[dict[str, Any]]) -> None:
    """Store items with the workers' own storage code (which announces them)."""
    from sqlmodel import Session

    from ops.intake.hazards import store_hazards
    from ops.intake.store import store_checkins, store_tracks

    with Session(engine) as session:
        if kind == "checkin":
            store_checkins(session=session, items=items, settings=settings)
        elif kind == "hazard":
            store_hazards(session=session, items=items, settings=settings)
        else:
            store_tracks(session=session, items=items)
