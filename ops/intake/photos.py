"""Hazard photos: checked by content, stored once by SHA-256, bound to the person who sent them.

A photo may arrive before its report (phones send in any order). It is kept under its uploader:
it shows on a report only when the report's own author sent it, so a photo uploaded to an id
before someone else files a report with that id never appears on that report.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from ops.errors import ForbiddenError, InputError, NotFoundError, Problem, TooLargeError, bilingual
from ops.intake.store import insert_ignoring_duplicates
from ops.models import Hazard, HazardPhoto, StaffMember
from ops.models.base import utc_now

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}
EXTENSIONS = {content_type: extension for content_type, extension in PHOTO_TYPES.values()}


def save_photo(
    *, session: Session, hazard_id: str, data: bytes, by: Principal, settings: Settings
) -> HazardPhoto:
    """Store a JPEG or PNG (checked by content, at most 10 MB) once, bound to its uploader."""
    existing = session.get(Hazard, hazard_id)
    if existing is not None and existing.staff_id != by.staff_id:
        raise ForbiddenError(
            bilingual("只能给本人的上报加照片", "staff may only add photos to their own reports")
        )
    if len(data) > MAX_PHOTO_BYTES:
        raise TooLargeError(bilingual("照片超过 10 MB", "photo is over 10 MB"))
    kind = next((v for magic, v in PHOTO_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        raise InputError(
            [
                Problem(
                    "photo", "file", bilingual("只接受 JPEG 或 PNG 照片", "only JPEG or PNG photos")
                )
            ]
        )
    digest = hashlib.sha256(data).hexdigest()
    write_once(photo_path(settings, digest, kind[1]), data)
    insert_ignoring_duplicates(
        session, HazardPhoto,
        [{"hazard_id": hazard_id, "sha256": digest, "content_type": kind[0], "size": len(data),
          "uploaded_by": by.staff_id or by.name, "created_at": utc_now()}],
    )  # fmt: skip
    session.commit()
    return session.exec(
        select(HazardPhoto).where(HazardPhoto.hazard_id == hazard_id, HazardPhoto.sha256 == digest)
    ).one()


def write_once(path: Path, data: bytes) -> None:
    """Write a content-addressed file unless it is there: to a temporary name, then renamed (atomic:
    a reader never sees half a file)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(path)


def photo_path(settings: Settings, digest: str, extension: str) -> Path:
    """Where a photo with this hash lives under the data directory."""
    return settings.data_dir.expanduser() / "photos" / digest[:2] / f"{digest}.{extension}"


@dataclass(frozen=True)
class PhotoFile:
    """A stored photo ready to be served."""

    path: Path
    content_type: str
    sha256: str


def find_photo(
    *, session: Session, hazard_id: str, sha256: str, principal: Principal, settings: Settings
) -> PhotoFile:
    """A photo of a report the caller may read; NotFoundError otherwise (out of scope included)."""
    missing = NotFoundError(bilingual("没有这张照片", "no such photo"))
    hazard = session.get(Hazard, hazard_id)
    if hazard is None or not can_read_hazard(session, hazard, principal):
        raise missing
    photo = session.exec(
        select(HazardPhoto).where(
            HazardPhoto.hazard_id == hazard_id,
            HazardPhoto.sha256 == sha256,
            HazardPhoto.uploaded_by == hazard.staff_id,
        )
    ).first()
    if photo is None or photo.content_type not in EXTENSIONS:
        raise missing
    path = photo_path(settings, photo.sha256, EXTENSIONS[photo.content_type])
    if not path.is_file():
        raise missing
    return PhotoFile(path, photo.content_type, photo.sha256)


def can_read_hazard(session: Session, hazard: Hazard, principal: Principal) -> bool:
    """Staff read their own reports; office accounts the reports of their township (or county)."""
    if principal.is_staff:
        return hazard.staff_id == principal.staff_id
    if principal.township_id is None:
        return principal.reads_all
    person = session.get(StaffMember, hazard.staff_id)
    return (
        principal.reads_all and person is not None and person.township_id == principal.township_id
    )
