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
from ops.intake.fields import EARLIEST, LATEST
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
    warnings = list(document.warnings)
    items: list[dict[str, Any]] = []
    empty = 0
    for t, track in enumerate(document.tracks):
        for s, segment in enumerate(track.segments):
            if not segment.points:
                empty += 1
                continue
            points = [
                [p.lon, p.lat, _usable_time(p.time, warnings, t, s, i), p.accuracy_m]
                for i, p in enumerate(segment.points)
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
    return GpxImport(len(items), sum(len(i["points"]) for i in items), empty, tuple(warnings))


def _usable_time(
    moment: datetime | None, warnings: list[str], track: int, segment: int, index: int
) -> str | None:
    """A device's point time, or None (the point kept untimed) when it is outside 2000–2100.

    Receivers write 1901 or 1980 after a battery change or a GPS week rollover; such a point still
    says where the patrol went, so it is kept without its time rather than refusing the file.
    """
    if moment is None:
        return None
    if EARLIEST.year <= moment.year <= LATEST.year:
        return moment.isoformat()
    warnings.append(
        bilingual(
            f"第{track + 1}条轨迹第{segment + 1}段第{index + 1}个点的时间 {moment:%Y-%m-%d} 不可信，已按无时间处理",
            f"track {track + 1} segment {segment + 1} point {index + 1}: time {moment:%Y-%m-%d} "
            "is not plausible; kept without a time",
        )
    )
    return None
