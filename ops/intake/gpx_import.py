"""`fieldops tracks import FILE.gpx --staff ID`: a GPX file into track chunks, idempotent per file."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.errors import InputError, NotFoundError, Problem, bilingual
from ops.importing.tabular import check_size
from ops.intake.schemas import TrackItem, check_item, to_task_payload
from ops.intake.store import store_tracks
from ops.models import StaffMember
from ops.services.coverage import patrols_touched, refresh_patrol

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

# Chunk ids are uuid5(GPX_NAMESPACE, file hash + track + segment + offset): same file, same ids.
GPX_NAMESPACE = uuid.UUID("6f1c6a0e-4a8e-4d52-9b0c-0f1e1d2c3b4a")
CHUNK_POINTS = 5000


@dataclass
class GpxImport:
    """What a GPX import did."""

    chunks: int
    points: int
    empty_segments: int
    warnings: tuple[str, ...]


def import_gpx(
    *, session: Session, path: Path, staff_id: str, settings: Settings, now: datetime | None = None
) -> GpxImport:
    """Store every non-empty segment of the file as track chunks (ids derived from the file's hash)."""
    from geo.errors import GpxError
    from geo.gpx import parse_gpx

    if session.get(StaffMember, staff_id) is None:
        raise NotFoundError(
            bilingual(f"没有编号为“{staff_id}”的人员", f"no staff member {staff_id!r}")
        )
    data = check_size(path, settings.max_import_mb)
    try:
        document = parse_gpx(data)
    except GpxError as exc:
        raise InputError([Problem(path.name, "GPX", str(exc))], source=path.name) from exc
    digest = hashlib.sha256(data).hexdigest()
    items: list[dict[str, Any]] = []
    empty = 0
    for t, track in enumerate(document.tracks):
        for s, segment in enumerate(track.segments):
            if not segment.points:
                empty += 1
                continue
            points = [
                [p.lon, p.lat, p.time.isoformat() if p.time else None, p.accuracy_m]
                for p in segment.points
            ]
            for c in range(0, len(points), CHUNK_POINTS):
                chunk_id = uuid.uuid5(GPX_NAMESPACE, f"{digest}:{t}:{s}:{c}")
                raw = {
                    "id": str(chunk_id),
                    "staff_id": staff_id,
                    "points": points[c : c + CHUNK_POINTS],
                }
                item, errors = check_item(TrackItem, raw, now=now or datetime.now(UTC))
                if item is None:
                    where = f"track {t + 1} segment {s + 1}"
                    raise InputError(
                        [Problem(where, e["field"], e["message"]) for e in errors], source=path.name
                    )
                items.append(to_task_payload(item))
    if not items:
        raise InputError(
            [
                Problem(
                    path.name, "trk", bilingual("文件里没有轨迹点", "the file has no track points")
                )
            ]
        )
    store_tracks(session=session, items=items, source="gpx")
    for staff, day in sorted(patrols_touched(items, settings)):
        refresh_patrol(
            session=session, staff_id=staff, day=date.fromisoformat(day), settings=settings
        )
    return GpxImport(len(items), sum(len(i["points"]) for i in items), empty, document.warnings)
