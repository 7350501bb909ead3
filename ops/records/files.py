"""Files of office records: a dispute's agreement (photo or PDF), an event's photos.

Checked by content (JPEG, PNG; PDF for agreements), at most 10 MB, stored once by SHA-256 under
the data directory, written by the township's dispatchers (county: any). Reading follows the
record: whoever may read the record may read its files; anyone else finds nothing (404).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from ops.errors import ForbiddenError, InputError, NotFoundError, Problem, TooLargeError, bilingual
from ops.intake.photos import write_once
from ops.intake.store import insert_ignoring_duplicates
from ops.models import DisputeCase, LawEvent, RecordFile
from ops.models.base import utc_now
from ops.records.reads import KINDS, scoped_query

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = {
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"%PDF-": ("application/pdf", "pdf"),
}
EXTENSIONS = {content_type: extension for content_type, extension in FILE_TYPES.values()}
# which records take files, and what kind of file each takes
ACCEPTS: dict[str, tuple[Any, tuple[str, ...], str, str]] = {
    "dispute": (DisputeCase, ("image/jpeg", "image/png", "application/pdf"),
                "只接受 JPEG、PNG 照片或 PDF 协议书", "only a JPEG or PNG photo or a PDF agreement"),
    "event": (LawEvent, ("image/jpeg", "image/png"),
              "只接受 JPEG 或 PNG 照片", "only JPEG or PNG photos"),
}  # fmt: skip


@dataclass(frozen=True)
class StoredFile:
    """A stored file ready to be served."""

    path: Path
    content_type: str
    sha256: str
    size: int


def save_record_file(
    *, session: Session, kind: str, record_id: str, data: bytes, by: Principal, settings: Settings
) -> StoredFile:
    """Attach a file to a record of the caller's township (dispatchers), stored once by content."""
    model, accepted, zh, en = ACCEPTS[kind]
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(bilingual(f"没有这条{KINDS[kind].zh}记录", f"no such {KINDS[kind].en}"))
    if not by.is_dispatcher or not by.sees_township(record.township_id):
        raise ForbiddenError(bilingual("不能修改其他乡镇的记录", "not a record of your township"))
    if len(data) > MAX_FILE_BYTES:
        raise TooLargeError(bilingual("文件超过 10 MB", "the file is over 10 MB"))
    found = next((v for magic, v in FILE_TYPES.items() if data.startswith(magic)), None)
    if found is None or found[0] not in accepted:
        raise InputError([Problem("file", "file", bilingual(zh, en))])
    digest = hashlib.sha256(data).hexdigest()
    path = file_path(settings, digest, found[1])
    write_once(path, data)
    insert_ignoring_duplicates(
        session, RecordFile,
        [{"record_kind": kind, "record_id": record_id, "sha256": digest, "content_type": found[0],
          "size": len(data), "uploaded_by": by.name[:100], "created_at": utc_now()}],
    )  # fmt: skip
    session.commit()
    return StoredFile(path, found[0], digest, len(data))


def find_record_file(
    *, session: Session, kind: str, record_id: str, sha256: str, principal: Principal,
    settings: Settings,
) -> StoredFile:  # fmt: skip
    """A file of a record the caller may read; NotFoundError otherwise (out of scope included)."""
    missing = NotFoundError(bilingual("没有这个文件", "no such file"))
    spec = KINDS[kind]
    model: Any = spec.model
    if session.exec(scoped_query(spec, principal).where(model.id == record_id)).first() is None:
        raise missing
    row = session.exec(
        select(RecordFile).where(
            RecordFile.record_kind == kind,
            RecordFile.record_id == record_id,
            RecordFile.sha256 == sha256,
        )
    ).first()
    if row is None or row.content_type not in EXTENSIONS:
        raise missing
    path = file_path(settings, row.sha256, EXTENSIONS[row.content_type])
    if not path.is_file():
        raise missing
    return StoredFile(path, row.content_type, row.sha256, row.size)


def file_path(settings: Settings, digest: str, extension: str) -> Path:
    """Where a record's file with this hash lives under the data directory."""
    return settings.data_dir.expanduser() / "record-files" / digest[:2] / f"{digest}.{extension}"
