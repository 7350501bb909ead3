"""The services behind the console's second part, on SQLite and PostgreSQL: today's states, the
ledger's filters and export, coverage for any period, the weekly summaries on file."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from tests.e2e import conftest as e2e
from tests.e2e.console_world import RUNNING, day_around_now

township = e2e.township  # the demo township with a roster (a fixture)


def principal(
    role: str = "dispatcher", township_id: int | None = None, staff_id: str | None = None
) -> Any:
    from ops.identity.auth import Principal

    return Principal(role=role, name="调度员", staff_id=staff_id, township_id=township_id)


def settings_of(db: Any) -> Any:
    from ops.runtime.settings import load_settings

    return load_settings(database_url=db.url, data_dir=db.data_dir)


def store(db: Any, kind: str, items: list[dict[str, Any]]) -> None:
    from ops.intake.hazards import store_hazards
    from ops.intake.store import store_checkins

    with Session(db.engine) as session:
        (store_checkins if kind == "checkin" else store_hazards)(
            session=session, items=items, settings=settings_of(db)
        )


def checkin(staff_id: str, kind: str, at: datetime, lon: float, lat: float) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "staff_id": staff_id, "kind": kind, "recorded_at": at.isoformat(),
            "lon": lon, "lat": lat, "accuracy_m": 5.0}  # fmt: skip


def test_today_gives_each_person_the_state_their_checkins_make(db, township):
    from ops.services.today import today_board

    settings = settings_of(db)
    local_noon = datetime.combine(datetime.now(settings.tz).date(), time(12, 0), tzinfo=settings.tz)
    now = local_noon.astimezone(
        UTC
    )  # the board is asked as of today's noon: every shift is today's
    day = day_around_now(db.engine, now, settings.tz)
    _, lon, lat, start, _end, _ = day.shifts["running"]
    store(db, "checkin", [
        checkin("SW-001", "in", start - timedelta(minutes=5), lon, lat),
        checkin("SW-002", "in", start + timedelta(minutes=30), lon, lat),
        checkin("SW-003", "in", start, lon, lat + 0.02),
    ])  # fmt: skip
    with Session(db.engine) as session:
        board = today_board(session=session, township_id=_sewu(session), day=now.astimezone(settings.tz).date(),
                            now=now, settings=settings)  # fmt: skip
    people = {
        p["staff_id"]: p for s in board["shifts"] for p in s["people"] if p["staff_id"] in RUNNING
    }
    assert {k: (p["state"], p["punctuality"]) for k, p in people.items()} == {
        "SW-001": ("on_duty", "on_time"), "SW-002": ("on_duty", "late"),
        "SW-003": ("off_site", None), "SW-004": ("missed", None),
    }  # fmt: skip
    assert board["counts"]["missed"] >= 1 and people["SW-001"]["phone"]


def test_a_person_present_when_the_shift_is_over_counts_as_finished(db, township):
    from ops.models import CheckIn
    from ops.services.today import person_state

    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    came = CheckIn(
        id="a", staff_id="x", kind="in", recorded_at=start, status="on_time", lon=0, lat=0
    )
    grace = timedelta(minutes=10)
    assert (
        person_state([came], start, start + timedelta(hours=3), start + timedelta(hours=1), grace)[
            "state"
        ]
        == "on_duty"
    )
    assert (
        person_state([came], start, start + timedelta(hours=3), start + timedelta(hours=4), grace)[
            "state"
        ]
        == "finished"
    )
    assert (
        person_state([], start, start + timedelta(hours=3), start + timedelta(minutes=5), grace)[
            "state"
        ]
        == "not_started"
    )


def _sewu(session: Session) -> int:
    from ops.models import Township

    return session.exec(select(Township).where(Township.name == "色务乡")).one().id or 0


def _reports(db: Any) -> dict[str, str]:
    """Four reports: at the east crossing, in a village, by two people, one overdue once dispatched."""
    from ops.intake.hazards import transition

    now = datetime.now(UTC)
    made = {
        "helmet": {"staff_id": "SW-001", "category": "no_helmet", "lon": 91.7528, "lat": 32.2624},
        "safety": {"staff_id": "SW-002", "category": "safety", "lon": 91.7528, "lat": 32.2624},
        "old": {"staff_id": "SW-001", "category": "dispute", "lon": None, "lat": None},
        "late": {"staff_id": "SW-003", "category": "petition", "lon": None, "lat": None},
    }
    ids = {}
    for number, (key, item) in enumerate(made.items()):
        ids[key] = str(uuid.uuid4())
        at = now - timedelta(days=3 if key == "old" else 0, minutes=number)
        store(
            db,
            "hazard",
            [item | {"id": ids[key], "recorded_at": at.isoformat(), "description": key}],
        )
    with Session(db.engine) as session:
        transition(session=session, hazard_id=ids["late"], to="dispatched", actor=principal(), assignee="王海军",
                   due=now - timedelta(hours=1), note="")  # fmt: skip
    return ids


def test_the_ledger_filters_by_each_field_and_puts_overdue_first(db, township):
    from ops.models import Hazard
    from ops.services.hazard_ledger import HazardFilter, list_ledger

    ids = _reports(db)
    now = datetime.now(UTC)
    with Session(db.engine) as session:
        tid = _sewu(session)

        def found(**narrow: Any) -> list[str]:
            items, total = list_ledger(session=session, principal=principal(township_id=tid),
                                       filters=HazardFilter(**narrow), now=now, overdue_first=True)  # fmt: skip
            assert total == len(items)
            return [i["id"] for i in items]

        assert found()[0] == ids["late"]  # overdue first, then newest
        assert found(category="safety") == [ids["safety"]]
        assert set(found(staff_id="SW-001")) == {ids["helmet"], ids["old"]}
        assert found(overdue=True) == [ids["late"]] and ids["late"] not in found(overdue=False)
        assert found(status="dispatched") == [ids["late"]]
        assert ids["old"] not in found(begin=now - timedelta(days=1))
        crossing = session.get(Hazard, ids["helmet"]).post_id  # type: ignore[union-attr]
        assert crossing and set(found(post_id=crossing)) == {ids["helmet"], ids["safety"]}
        page, total = list_ledger(session=session, principal=principal(), filters=HazardFilter(), now=now,
                                  limit=2, offset=1)  # fmt: skip
        assert total == 4 and len(page) == 2
        other, _ = list_ledger(session=session, principal=principal(township_id=tid + 999),
                               filters=HazardFilter(), now=now)  # fmt: skip
        assert other == []


def test_the_export_has_the_township_ledger_columns_and_the_handling_notes(db, township):
    from openpyxl import load_workbook

    from ops.reports.ledger_xlsx import HEADERS, ledger_workbook
    from ops.services.hazard_ledger import HazardFilter

    ids = _reports(db)
    with Session(db.engine) as session:
        data = ledger_workbook(session=session, principal=principal(), filters=HazardFilter(category="petition"),
                               settings=settings_of(db), now=datetime.now(UTC))  # fmt: skip
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert (
        rows[0]
        == HEADERS
        == (
            "编号",
            "类别",
            "地点",
            "上报人",
            "上报时间",
            "状态",
            "责任人",
            "期限",
            "办结时间",
            "处理情况",
        )
    )
    assert (
        len(rows) == 2
        and rows[1][0] == ids["late"]
        and rows[1][1] == "信访隐患"
        and rows[1][5] == "已派发"
    )
    assert (
        rows[1][6] == "王海军" and "已派发（调度员 → 王海军）" in rows[1][9] and rows[1][8] is None
    )


def test_coverage_figures_are_the_clis_and_the_map_marks_each_villages_stale_cells(
    db, township, fieldops
):
    import json

    from ops.services.coverage_view import coverage_figures, coverage_map

    today = datetime.now(UTC).astimezone(settings_of(db).tz).date()
    first = today - timedelta(days=6)
    with Session(db.engine) as session:
        tid = _sewu(session)
        figures = coverage_figures(
            session=session, township_id=tid, first=first, last=today, settings=settings_of(db)
        )
        shown = coverage_map(
            session=session, township_id=tid, first=first, last=today, settings=settings_of(db)
        )
    cli = json.loads(fieldops("coverage", "-t", "色务乡", "--from", first.isoformat(), "--to", today.isoformat(),
                              "--format", "json").stdout)  # fmt: skip
    strip = lambda d: {k: v for k, v in d.items() if k != "as_of"}  # noqa: E731 (the clock moves on)
    assert strip(figures) == strip(cli)
    stale = {f["properties"]["village"]: f["properties"]["cells"] for f in shown["features"]
             if f["properties"]["kind"] == "stale"}  # fmt: skip
    assert stale == {v["id"]: v["stale_cells"] for v in figures["villages"] if v["stale_cells"]}
    assert {f["properties"]["kind"] for f in shown["features"]} >= {"village", "post", "stale"}


def test_weekly_summaries_on_file_are_listed_within_scope(db, township):
    from ops.services.weekly_summaries import list_summaries, summary_file

    settings = settings_of(db)
    for area in ("色务乡", "county", "不存在的乡"):
        folder = settings.data_dir / "reports" / "2026-W48" / area
        folder.mkdir(parents=True)
        (folder / "summary.html").write_text("<h1>x</h1>", encoding="utf-8")
    with Session(db.engine) as session:
        tid = _sewu(session)
        mine = list_summaries(
            session=session, principal=principal(township_id=tid), settings=settings
        )
        everything = list_summaries(session=session, principal=principal(), settings=settings)
        assert [(s["week"], s["area"]) for s in mine] == [("2026-W48", str(tid))]
        assert {s["area"] for s in everything} == {
            str(tid),
            "county",
        }  # an unknown folder is not listed
        assert summary_file(session=session, principal=principal(), settings=settings, week="2026-W48",
                            area="county", name="summary.html").is_file()  # fmt: skip
        with pytest.raises(Exception, match="没有这份周报"):
            summary_file(session=session, principal=principal(township_id=tid), settings=settings,
                         week="2026-W48", area="county", name="summary.html")  # fmt: skip


@pytest.mark.parametrize("area", ["2147483647", "2147483648", "9918635851"])
def test_a_summary_of_a_township_id_no_row_can_have_is_not_found(db, area):
    """PostgreSQL's INTEGER ends at 2**31-1: a longer id in the path is 404, not a database error."""
    from ops.errors import NotFoundError
    from ops.services.weekly_summaries import summary_file

    with Session(db.engine) as session, pytest.raises(NotFoundError):
        summary_file(session=session, principal=principal(), settings=settings_of(db),
                     week="2026-W48", area=area, name="summary.xlsx")  # fmt: skip
