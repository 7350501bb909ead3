"""`fieldops import geo`: villages and crossings from an RFC 7946 GeoJSON file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from ops.errors import InputError, Problem, bilingual
from ops.importing.tabular import check_size, decode_text
from ops.importing.upsert import ImportReport, upsert
from ops.models import Post, Village
from ops.services.townships import get_or_create_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings


def import_geo(
    *,
    session: Session,
    path: Path,
    township_name: str,
    settings: Settings,
    repair: bool = False,
    crs: str | None = None,
) -> ImportReport:
    """Validate the whole file, then upsert villages (and their patrol posts) and crossings.

    `crs` is the system the file is in (wgs84, cgcs2000, gcj02, bd09); positions are stored in
    WGS84. None means WGS84 as well, with a warning when the file looks like GCJ-02 or BD-09.
    """
    from geo.errors import GeoValidationError
    from geo.io import parse_township_geojson
    from ops.importing.geo_crs import convert_to_wgs84, default_crs_warnings

    text = decode_text(check_size(path, settings.max_import_mb))
    try:
        parsed = parse_township_geojson(
            text, repair=repair, default_radius_m=settings.default_crossing_radius_m
        )
    except GeoValidationError as exc:
        problems = [Problem(p.feature, p.field, p.message) for p in exc.problems]
        raise InputError(problems, source=path.name) from exc
    township = get_or_create_township(session=session, name=township_name)
    posts = {p.code: p for p in session.exec(select(Post).where(Post.township_id == township.id))}
    _check_kinds(parsed, posts, source=path.name)
    villages = {
        v.code: v for v in session.exec(select(Village).where(Village.township_id == township.id))
    }
    report = ImportReport(what="村与路口 villages & crossings", township=township.name)
    report.warnings.extend(parsed.warnings)
    report.warnings.extend(parsed.repairs)
    if crs is None:
        report.warnings.extend(default_crs_warnings(parsed, posts.values(), villages.values()))
    else:
        parsed, notes = convert_to_wgs84(parsed, crs)
        report.warnings.extend(notes)
    for shape in parsed.villages:
        values: dict[str, Any] = {
            "township_id": township.id,
            "code": shape.code,
            "name": shape.name,
            "geometry": shape.geometry,
            "area_m2": round(shape.area_m2, 1),
            "label_lon": shape.label_point[0],
            "label_lat": shape.label_point[1],
        }
        report.count(upsert(session, villages.get(shape.code), Village, values))
    session.flush()
    village_ids = {
        v.code: v.id
        for v in session.exec(select(Village).where(Village.township_id == township.id))
    }
    for shape in parsed.villages:
        values = {
            "township_id": township.id,
            "code": shape.code,
            "name": shape.name,
            "kind": "village",
            "lon": shape.label_point[0],
            "lat": shape.label_point[1],
            "radius_m": None,
            "village_id": village_ids[shape.code],
        }
        upsert(session, posts.get(shape.code), Post, values)
    for point in parsed.crossings:
        values = {
            "township_id": township.id,
            "code": point.code,
            "name": point.name,
            "kind": "intersection",
            "lon": point.lon,
            "lat": point.lat,
            "radius_m": point.radius_m,
            "village_id": None,
        }
        report.count(upsert(session, posts.get(point.code), Post, values))
    session.commit()
    return report


def _check_kinds(parsed: Any, posts: dict[str, Post], *, source: str) -> None:
    """Refuse a code that the database already uses for the other kind of post."""
    problems: list[Problem] = []
    kinds = [(v.code, "village") for v in parsed.villages] + [
        (c.code, "intersection") for c in parsed.crossings
    ]
    for code, kind in kinds:
        other = posts.get(code)
        if other is not None and other.kind != kind:
            problems.append(
                Problem(
                    f'code "{code}"',
                    "properties.code",
                    bilingual(
                        f"编号“{code}”已被另一类岗位（{other.kind}）使用",
                        f"code {code!r} is already used by a post of kind {other.kind}",
                    ),
                )
            )
    if problems:
        raise InputError(problems, source=source)
