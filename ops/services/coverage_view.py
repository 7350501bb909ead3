"""Coverage of a township over any period for the console: the figures and the map behind them.

The figures are exactly those of `fieldops coverage --format json` for the same period
(ops.services.coverage_report.build_coverage). The map adds, per village, the outline of the cells
nobody visited for 14 days or more as of the period's end (kind "stale"), so the count a village
shows and the area drawn are the same cells.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, select

from ops.errors import InputError, NotFoundError, Problem, bilingual
from ops.models import CellEffort, Township
from ops.models.base import as_utc
from ops.services.coverage import STALE_DAYS

if TYPE_CHECKING:
    from ops.runtime.settings import Settings
    from ops.services.coverage_report import CoverageReport

LONGEST_PERIOD_DAYS = 366


def _report(
    session: Session,
    township_id: int,
    first: date,
    last: date,
    *,
    settings: Settings,
    now: datetime,
) -> CoverageReport:
    from ops.services.coverage_report import build_coverage

    if (last - first).days >= LONGEST_PERIOD_DAYS:
        message = bilingual("时段最长一年", "a period is at most a year")
        raise InputError([Problem("query", "to", message)])
    township = session.get(Township, township_id)
    if township is None:
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    return build_coverage(
        session=session, township_name=township.name, first=first, last=last, settings=settings,
        now=now,
    )  # fmt: skip


def coverage_figures(
    *, session: Session, township_id: int, first: date, last: date, settings: Settings,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The figures of `fieldops coverage --format json` for local days [first, last]."""
    return _report(
        session, township_id, first, last, settings=settings, now=now or datetime.now(UTC)
    ).data


def coverage_map(
    *, session: Session, township_id: int, first: date, last: date, settings: Settings,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Villages by coverage ratio, covered cells by effort, crossings by fill rate, stale cells."""
    from geo.h3cells import cells_outline
    from geo.io import polygon_feature
    from ops.services.coverage_report import coverage_geojson

    report = _report(
        session, township_id, first, last, settings=settings, now=now or datetime.now(UTC)
    )
    collection = coverage_geojson(report)
    fresh = fresh_cells(session, township_id, last, datetime.fromisoformat(report.data["as_of"]))
    for village in report.villages:
        stale = [c for c in village.cells if c not in fresh]
        if stale:
            properties = {"kind": "stale", "village": village.village_id, "cells": len(stale)}
            collection["features"].append(
                polygon_feature(
                    cells_outline(stale), properties, feature_id=f"stale:{village.village_id}"
                )
            )
    collection["properties"] = {"figures": report.data, "stale_days": STALE_DAYS}
    return collection


def fresh_cells(session: Session, township_id: int, last: date, as_of: datetime) -> set[str]:
    """Cells visited within the 14 days before `as_of` (on local days up to `last`)."""
    since = as_of - timedelta(days=STALE_DAYS)
    rows = session.exec(
        select(CellEffort.cell, func.max(CellEffort.last_visit))
        .where(CellEffort.township_id == township_id, CellEffort.day <= last)
        .where(CellEffort.day >= since.date() - timedelta(days=1))
        .group_by(CellEffort.cell)
    ).all()
    return {cell for cell, seen in rows if seen is not None and as_utc(seen) > since}
