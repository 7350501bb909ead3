"""The roster calendar and rules from the database: statutory holidays and 调休 from
chinese-calendar, office days that scale demand, templates on a kind of day only, per-person
limits and requests imported from sheets, and last week's run seen by the next."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import DEMO_DATA

TOWNSHIP = "色务乡"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo(db, fieldops):
    for kind, name in (("geo", "sewu.geojson"), ("staff", "staff.csv"), ("leave", "leave.csv")):
        result = fieldops("import", kind, DEMO_DATA / name, "-t", TOWNSHIP)
        assert result.exit_code == 0, result.output
    return db


def first_year_without_data() -> int:
    import chinese_calendar

    return max(day.year for day in chinese_calendar.holidays) + 1


def show(fieldops, start, days="1", *extra):
    result = fieldops("calendar", "show", "-t", TOWNSHIP, "--start", start, "--days", days, *extra)
    assert result.exit_code == 0, result.output
    return result


def test_calendar_shows_statutory_holidays_make_up_days_and_office_days(demo, fieldops, tmp_path):
    sheet = "日期,结束日期,类型,名称,需求系数\n2026-10-01,,宣传日,国庆安全宣传,1.5\n2026-09-16,,集市日,集市,\n"
    imported = fieldops("calendar", "import", write(tmp_path, "cal.csv", sheet), "-t", TOWNSHIP)
    assert imported.exit_code == 0, imported.output
    lines = show(fieldops, "2026-09-16", "16").stdout.splitlines()
    by_day = {line.split()[0]: line for line in lines}
    assert "集市日" in by_day["2026-09-16"] and "工作日" in by_day["2026-09-16"]
    assert "调休上班（国庆节）" in by_day["2026-09-20"]  # a Sunday worked in exchange
    assert "法定节假日（国庆节）" in by_day["2026-10-01"]
    assert "宣传日" in by_day["2026-10-01"] and "×1.5" in by_day["2026-10-01"]
    rows = json.loads(show(fieldops, "2026-09-20", "1", "-f", "json").stdout)
    assert rows[0]["statutory"] == "makeup_workday" and rows[0]["pattern_weekday"] == 1


def test_a_year_beyond_the_holiday_data_is_called_unknown_not_guessed(demo, fieldops):
    year = first_year_without_data()
    result = show(fieldops, f"{year}-01-01")
    assert "法定节假日数据未覆盖" in result.stdout
    assert str(year) in result.stderr and "not in chinese-calendar yet" in result.stderr


def test_a_calendar_row_with_a_bad_kind_names_the_row_and_writes_nothing(demo, fieldops, tmp_path):
    sheet = "日期,类型\n2026-10-01,宣传日\n2026-10-02,庙会\n"
    result = fieldops("calendar", "import", write(tmp_path, "cal.csv", sheet), "-t", TOWNSHIP)
    assert result.exit_code == 1
    assert "第3行" in result.stderr and "庙会" in result.stderr
    assert "宣传日" not in show(fieldops, "2026-10-01").stdout


def stored_shifts(db):
    from sqlmodel import select

    from ops.models import RosterShift
    from ops.runtime.db import session_scope

    with session_scope(db.engine) as session:
        rows = session.exec(select(RosterShift)).all()
        return [(r.key, r.kind, r.min_staff, r.max_staff) for r in rows]


def test_templates_follow_market_and_campaign_days(demo, fieldops, tmp_path):
    shifts = (
        "岗位,星期,开始,结束,最少人数,最多人数,角色,构成,班次类型,仅在,加人\n"
        "X1,每天,08:00,11:00,1,2,交通劝导员,,早班,,宣传日+1\n"
        "X2,每天,17:00,20:00,1,1,交通劝导员,,晚班,集市日,\n"
    )
    days = "日期,类型,需求系数\n2026-12-02,宣传日,\n2026-12-03,集市日,2\n"
    for kind, name, text in (("shifts", "s.csv", shifts),):
        assert fieldops("import", kind, write(tmp_path, name, text), "-t", TOWNSHIP).exit_code == 0
    assert (
        fieldops("calendar", "import", write(tmp_path, "c.csv", days), "-t", TOWNSHIP).exit_code
        == 0
    )
    result = fieldops("roster", "generate", "-t", TOWNSHIP, "--start", "2026-11-30", "--days", "7")
    assert result.exit_code == 0, result.output
    found = {key: (kind, low, high) for key, kind, low, high in stored_shifts(demo)}
    assert [k for k in found if k.startswith("X2")] == ["X2-20261203-1700"]
    assert found["X2-20261203-1700"] == ("晚班", 2, 2)  # factor 2 on the market day
    assert found["X1-20261202-0800"] == ("早班", 2, 3)  # one more on the campaign day
    assert found["X1-20261203-0800"] == ("早班", 2, 4)
    assert found["X1-20261201-0800"] == ("早班", 1, 2)


def test_staff_limits_and_requests_from_sheets_bind_the_roster(demo, fieldops, tmp_path):
    from scheduler.model import Assignment
    from scheduler.rules import check
    from tests.integration.test_roster_db import rebuilt

    staff = (DEMO_DATA / "staff.csv").read_text(encoding="utf-8-sig").splitlines()
    limited = [staff[0] + ",最多连续天数,每周最少休息天数,班次类型上限"]
    limited += [line + ",3,2,早班=2" for line in staff[1:]]
    assert (
        fieldops(
            "import", "staff", write(tmp_path, "st.csv", "\n".join(limited)), "-t", TOWNSHIP
        ).exit_code
        == 0
    )
    assert fieldops("import", "shifts", DEMO_DATA / "shifts.csv", "-t", TOWNSHIP).exit_code == 0
    wishes = "编号,日期,意愿,权重\nSW-001,2026-12-01,休息,5\nSW-002,2026-12-02,上班,5\n"
    imported = fieldops("roster", "requests", write(tmp_path, "r.csv", wishes), "-t", TOWNSHIP)
    assert imported.exit_code == 0, imported.output
    result = fieldops("roster", "generate", "-t", TOWNSHIP, "--start", "2026-11-30", "--days", "7")
    assert result.exit_code == 0, result.output
    _, problem, pairs = rebuilt(demo, "2026-12-01")
    person = problem.staff_by_id["SW-001"]
    assert person.max_consecutive_days == 3 and person.min_days_off_per_week == 2
    assert person.requests[0].day == date(2026, 12, 1) and not person.requests[0].on
    assert check(problem, [Assignment(k, s) for k, s in pairs]) == []
    assert not any(s == "SW-001" and k.split("-")[1] == "20261201" for k, s in pairs)


def test_the_next_week_sees_the_run_of_days_and_last_shift_of_the_week_before(demo, fieldops):
    from tests.integration.test_roster_db import rebuilt

    assert fieldops("import", "shifts", DEMO_DATA / "shifts.csv", "-t", TOWNSHIP).exit_code == 0
    for start in ("2026-11-30", "2026-12-07"):
        result = fieldops("roster", "generate", "-t", TOWNSHIP, "--start", start, "--days", "7")
        assert result.exit_code == 0, result.output
    _, _, first_pairs = rebuilt(demo, "2026-12-06")
    _, second, _ = rebuilt(demo, "2026-12-07")
    sunday = {s for k, s in first_pairs if "-20261206-" in k}
    assert sunday
    for staff in sunday:
        past = second.history[staff]
        assert past.consecutive_days >= 1 and past.last_shift_end is not None
        assert past.last_shift_end.date() >= date(2026, 12, 6)


def test_requests_for_unknown_staff_name_the_row(demo, fieldops, tmp_path):
    wishes = "编号,日期,意愿\nSW-001,2026-12-01,休息\nNOBODY,2026-12-01,上班\n"
    result = fieldops("roster", "requests", write(tmp_path, "r.csv", wishes), "-t", TOWNSHIP)
    assert result.exit_code == 1 and "第3行" in result.stderr and "NOBODY" in result.stderr
