"""What was patrolled and staffed in a period: villages (cells, km, minutes, stale cells) and posts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.errors import InputError, Problem, bilingual
from ops.services.coverage import STALE_DAYS, effort_table, township_village_cells
from ops.services.post_metrics import Outcome, assignment_outcomes, post_rows
from ops.services.rosters import local_day_bounds
from ops.services.townships import get_township

if TYPE_CHECKING:
    from geo.coverage import CellEffort, VillageCells, VillageCoverage
    from ops.runtime.settings import Settings


@dataclass(frozen=True)
class CoverageReport:
    """The fixed JSON figures, plus the values the map is drawn from."""

    data: dict[str, Any]
    villages: list[VillageCells]
    coverage: list[VillageCoverage]
    cells: list[CellEffort]
    outcomes: list[Outcome]  # what happened on each assignment of the period


def build_coverage(
    *,
    session: Session,
    township_name: str,
    first: date,
    last: date,
    settings: Settings,
    now: datetime | None = None,
) -> CoverageReport:
    """Coverage of one township over local days [first, last]; stale cells as of the period's end."""
    from geo.coverage import Period, cell_effort, village_coverage

    if last < first:
        raise InputError(
            [
                Problem(
                    "--to",
                    last.isoformat(),
                    bilingual("结束日期早于开始日期", "the period ends before it starts"),
                )
            ]
        )
    township = get_township(session=session, name=township_name)
    assert township.id is not None
    _, period_end = local_day_bounds(last, 1, settings)
    as_of = min(now or datetime.now(UTC), period_end)
    villages = township_village_cells(session, township.id, settings)
    history_from = min(first, as_of.astimezone(settings.tz).date() - timedelta(days=STALE_DAYS))
    effort = effort_table(session, [township.id], history_from, last)
    period = Period(first, last)
    coverage = village_coverage(villages, effort, period=period, as_of=as_of)
    cells = cell_effort(effort, period)
    span: dict[str, Any] = {"first": first, "last": last, "settings": settings}
    shifts, outcomes = assignment_outcomes(
        session=session, township_id=township.id, as_of=as_of, **span
    )
    posts = post_rows(
        session=session, township_id=township.id, shifts=shifts, outcomes=outcomes, **span
    )
    data = {
        "township": township.name,
        "period": {"from": first.isoformat(), "to": last.isoformat()},
        "as_of": as_of.astimezone(settings.tz).isoformat(),
        "villages": [_village_row(v, settings) for v in coverage],
        "posts": posts,
    }
    return CoverageReport(data, villages, coverage, cells, outcomes)


def _village_row(v: VillageCoverage, settings: Settings) -> dict[str, Any]:
    return {
        "id": v.village_id, "name": v.name, "cells_total": v.cells_total, "cells_covered": v.cells_covered,
        "coverage_ratio": round(v.coverage_ratio, 4), "km": round(v.km, 3), "minutes": round(v.minutes, 1),
        "patrols": v.patrols, "last_visit": v.last_visit.astimezone(settings.tz).isoformat() if v.last_visit else None,
        "stale_cells": v.stale_cells,
    }  # fmt: skip


def coverage_geojson(report: CoverageReport, *, crs: str | None = None) -> dict[str, Any]:
    """RFC 7946: village polygons with their ratio, covered cells with their effort, posts with fill rate.

    With `crs` (gcj02, bd09 ...) every position is written in that system instead, for overlays on
    Amap, Tencent or Baidu tiles, and the collection says so in `properties.crs`.
    """
    from geo.coverage_map import coverage_feature_collection
    from geo.io import point_feature
    from geo.reproject import feature_collection_to_crs

    collection = coverage_feature_collection(report.villages, report.coverage, report.cells)
    for post in report.data["posts"]:
        planned = post["shifts_planned"]
        fill_rate = round(post["shifts_filled"] / planned, 4) if planned else None
        properties = {k: v for k, v in post.items() if k not in ("lon", "lat")}
        properties |= {"kind": "post", "post_kind": post["kind"], "fill_rate": fill_rate}
        collection["features"].append(
            point_feature(post["lon"], post["lat"], properties, feature_id=f"post:{post['id']}")
        )
    return collection if crs is None else feature_collection_to_crs(collection, crs)


def data_in_crs(data: dict[str, Any], crs: str) -> dict[str, Any]:
    """The coverage figures with each post's lon/lat written in `crs`, and a `crs` member."""
    from geo.china_crs import from_wgs84_arrays, parse_crs

    posts = [dict(post) for post in data["posts"]]
    if posts:
        lons, lats = from_wgs84_arrays([p["lon"] for p in posts], [p["lat"] for p in posts], crs)
        for post, lon, lat in zip(posts, lons.tolist(), lats.tolist(), strict=True):
            post["lon"], post["lat"] = lon, lat
    return {**data, "posts": posts, "crs": parse_crs(crs)}
