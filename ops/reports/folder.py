"""Writing a report's folder: every file or none (ops.reports.weekly_files, period_files)."""

from __future__ import annotations

import os
from pathlib import Path


def write_together(out: Path, contents: dict[str, bytes]) -> None:
    """Write a report's files into `out`: all under temporary names first, then each renamed into
    place, so a reader never sees half a report and a failure leaves the previous one whole."""
    out.mkdir(parents=True, exist_ok=True)
    for name, data in contents.items():
        (out / f".{name}.part").write_bytes(data)
    for name in contents:
        os.replace(out / f".{name}.part", out / name)
