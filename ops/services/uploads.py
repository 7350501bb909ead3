"""Files uploaded in the browser go through the very importers `fieldops import` runs.

The bytes are written to a private temporary folder under the file's own name (so messages name
the file as the dispatcher knows it) and handed to `ops.importing.<kind>.import_<kind>`: the whole
file is checked first, every problem comes back with its row and column, nothing is written unless
every row is good.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.importing.tabular import file_problem
from ops.services.staff_list import get_township_row

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

KINDS = ("staff", "leave", "shifts")
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"


def upload_name(filename: str | None, data: bytes) -> str:
    """A safe file name that keeps what the dispatcher called it; the suffix decides the reader.

    A name without a suffix is read by its content (a zip is a workbook, anything else CSV); any
    other suffix is refused, naming the formats the importers read.
    """
    text = (filename or "").encode("utf-8", "replace").decode("utf-8")  # lone surrogates: "?"
    base = Path(text.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f/:*?\"<>|]", "_", base).strip(". ")[-120:]
    suffix = Path(base).suffix.lower()
    if not suffix:
        return (base or "upload") + (".xlsx" if data.startswith(ZIP_MAGIC) else ".csv")
    if suffix not in SUFFIXES:
        raise file_problem(
            f"不支持“{suffix}”文件，请上传 Excel (.xlsx) 或 CSV (.csv)",
            f"{suffix!r} files are not read: upload Excel (.xlsx) or CSV (.csv)",
        )
    return base


def import_upload(
    *, session: Session, kind: str, township_id: int, filename: str | None, data: bytes,
    settings: Settings,
) -> dict[str, Any]:  # fmt: skip
    """Run the `kind` importer on uploaded bytes for a township; its report as a dict.

    Raises the importer's InputError (every problem, nothing written) on any bad row.
    """
    import importlib

    assert kind in KINDS
    township_name = get_township_row(session, township_id).name
    session.rollback()  # hand the connection back while the file is read; the importer asks again
    name = upload_name(filename, data)
    run = getattr(importlib.import_module(f"ops.importing.{kind}"), f"import_{kind}")
    with tempfile.TemporaryDirectory(prefix="fieldops-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        report = run(session=session, path=path, township_name=township_name, settings=settings)
    return asdict(report) | {"kind": kind, "file": name, "summary": report.summary()}
