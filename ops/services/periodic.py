"""What the periodic jobs do, township by township; one township failing never stops the others."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import FieldOpsError
from ops.models import ShiftTemplate, Township

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)


def _townships(session: Session) -> list[Township]:
    return list(session.exec(select(Township).order_by(col(Township.name))).all())


def roster_for_tomorrow(
    *, session: Session, settings: Settings, now: datetime
) -> list[dict[str, Any]]:
    """Generate tomorrow's roster (a new version) for every township that has shift templates."""
    from ops.services.rosters import generate_roster

    tomorrow = now.astimezone(settings.tz).date() + timedelta(days=1)
    done = []
    for township in _townships(session):
        if (
            session.exec(
                select(ShiftTemplate.id).where(ShiftTemplate.township_id == township.id)
            ).first()
            is None
        ):
            continue
        try:
            roster, result = generate_roster(
                session=session,
                township_name=township.name,
                start=tomorrow,
                days=1,
                settings=settings,
                time_limit=None,
            )
        except FieldOpsError as exc:
            session.rollback()
            log.error("tomorrow's roster for %s failed: %s", township.name, exc)
            continue
        done.append(
            {"township": township.name, "version": roster.version, "shortfall": result.shortfall}
        )
    return done


def weekly_reports(*, session: Session, settings: Settings, now: datetime) -> list[str]:
    """Write last ISO week's summary for every township (and the county when there are several)."""
    from ops.reports.weekly import week_label
    from ops.reports.weekly_files import write_weekly

    local = now.astimezone(settings.tz).date()
    monday = local - timedelta(days=local.weekday() + 7)
    folder = settings.data_dir.expanduser() / "reports" / week_label(monday)
    townships = _townships(session)
    written = []
    for township in townships:
        try:
            report = write_weekly(
                session=session, township=township.name, monday=monday, out=folder / township.name, settings=settings,
                now=now, deliver=len(townships) == 1,
            )  # fmt: skip
        except FieldOpsError as exc:
            session.rollback()
            log.error("weekly summary for %s failed: %s", township.name, exc)
            continue
        written.append(str(report.folder))
    if len(townships) > 1:
        report = write_weekly(
            session=session,
            township=None,
            monday=monday,
            out=folder / "county",
            settings=settings,
            now=now,
        )
        written.append(str(report.folder))
    return written


def refresh_recent(*, session: Session, settings: Settings, now: datetime, days: int = 2) -> int:
    """Recompute every patrol with track chunks in the last `days` local days (a safety net)."""
    from ops.services.coverage import refresh_period

    today = now.astimezone(settings.tz).date()
    return sum(
        refresh_period(
            session=session,
            township_name=t.name,
            first=today - timedelta(days=days - 1),
            last=today,
            settings=settings,
        )
        for t in _townships(session)
    )
