"""Write the weekly summary's files: summary.html, summary.xlsx, summary.json, coverage.geojson, wechat.txt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.models import Township
from ops.reports.folder import write_together
from ops.reports.render_text import render_wechat, render_xlsx
from ops.reports.scrub import json_text
from ops.reports.weekly import build_weekly_with_maps
from ops.services.townships import get_township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings
    from ops.services.coverage_report import CoverageReport

FILES = ("summary.html", "summary.xlsx", "summary.json", "coverage.geojson", "wechat.txt")


@dataclass(frozen=True)
class WeeklyReport:
    """Where the files are, and the data they were rendered from."""

    folder: Path
    summary: dict[str, Any]
    delivered: bool | None  # None: no group robot configured; False: one of them failed
    deliveries: dict[str, bool] | None = None  # per robot ("wechat", "dingtalk")


def write_weekly(
    *,
    session: Session,
    township: str | None,
    monday: date,
    out: Path,
    settings: Settings,
    lang: str = "zh",
    now: datetime | None = None,
    deliver: bool = True,
) -> WeeklyReport:
    """Build the week's summary for a township (or every township when `township` is None) and write it."""
    from ops.reports.webhook import send_to_robots

    now = now or datetime.now(UTC)
    if township is None:
        townships = list(session.exec(select(Township).order_by(col(Township.name))).all())
        title = (
            f"{settings.county_name}（{len(townships)}个乡镇）"
            if lang != "en"
            else f"{settings.county_name} ({len(townships)} townships)"
        )
    else:
        townships, title = [get_township(session=session, name=township)], None
    summary, maps = build_weekly_with_maps(
        session=session, townships=townships, monday=monday, settings=settings, now=now, title=title
    )
    contents = render_files(summary, merged_geojson(maps), lang)
    write_together(out, contents)
    wechat = contents["wechat.txt"].decode()
    deliveries = send_to_robots(settings, wechat) if deliver else None
    delivered = None if deliveries is None else all(deliveries.values())
    return WeeklyReport(out, summary, delivered, deliveries)


def render_files(summary: dict[str, Any], geojson: dict[str, Any], lang: str) -> dict[str, bytes]:
    """Every file of the weekly summary (FILES) as bytes, whatever text the summary holds."""
    from ops.reports.render_html import render_html

    return {
        "summary.html": render_html(summary, geojson, lang=lang).encode(),
        "summary.xlsx": render_xlsx(summary, lang),
        "summary.json": json_text(summary, indent=2).encode(),
        "coverage.geojson": json_text(geojson).encode(),
        "wechat.txt": render_wechat(summary, lang).encode(),
    }


def merged_geojson(reports: list[CoverageReport]) -> dict[str, Any]:
    """Every township's coverage map, merged into one FeatureCollection."""
    from ops.services.coverage_report import coverage_geojson

    features: list[dict[str, Any]] = []
    for report in reports:
        name = report.data["township"]
        for feature in coverage_geojson(report)["features"]:
            feature["properties"]["township"] = name
            if len(reports) > 1 and "id" in feature:
                feature["id"] = f"{name}:{feature['id']}"
            features.append(feature)
    return {"type": "FeatureCollection", "features": features}
