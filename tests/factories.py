"""Row factories for tests: a township with villages and posts, without going through GeoJSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[91.70, 32.20], [91.72, 32.20], [91.72, 32.22], [91.70, 32.22], [91.70, 32.20]]
    ],
}


def add_township(
    engine: Any,
    name: str = "色务乡",
    villages: tuple[tuple[str, str], ...] = (("SW01", "色务村"), ("SW02", "加如村")),
    crossings: tuple[str, ...] = ("X1",),
) -> int:
    """Insert a township with square villages (and their patrol posts) and crossings; return its id."""
    from sqlmodel import Session

    from ops.models import Post, Township, Village

    with Session(engine) as session:
        township = Township(name=name)
        session.add(township)
        session.flush()
        assert township.id is not None
        for code, village_name in villages:
            village = Village(
                township_id=township.id,
                code=code,
                name=village_name,
                geometry=SQUARE,
                area_m2=4.0e6,
                label_lon=91.71,
                label_lat=32.21,
            )
            session.add(village)
            session.flush()
            session.add(
                Post(
                    township_id=township.id,
                    code=code,
                    name=village_name,
                    kind="village",
                    lon=91.71,
                    lat=32.21,
                    village_id=village.id,
                )
            )
        for code in crossings:
            session.add(
                Post(
                    township_id=township.id,
                    code=code,
                    name=f"{code}路口",
                    kind="intersection",
                    lon=91.71,
                    lat=32.21,
                    radius_m=50,
                )
            )
        session.commit()
        return township.id


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    """Write CSV text the way Excel would (BOM by default)."""
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """Write rows to the first sheet of a new workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
