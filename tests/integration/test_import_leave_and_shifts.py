"""`fieldops import leave` and `fieldops import shifts` on real databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import add_township, write_csv, write_xlsx

STAFF = "编号,姓名,电话,角色,所属村\nSW-001,扎西,13900000001,交通劝导员,SW01\nSW-002,卓玛,13900000002,网格员、党员,SW02\n"
LEAVE = "编号,开始,结束,原因\nSW-001,2026-12-01,2026-12-03,病假\nSW-002,2026-12-02 08:00,2026-12-02 18:00,事假\n"
SHIFTS = """岗位,星期,开始,结束,最少人数,最多人数,角色,构成
X1,每天,08:00,11:00,1,2,交通劝导员,
X1,"1,3,5",17:00,20:00,1,2,交通劝导员,
SW01,1-5,10:00,16:00,2,2,网格员、党员、联户长,网格员|党员>=1
SW01,6-7,22:00,02:00,2,,党员,党员>=1
"""


@pytest.fixture
def township(db, fieldops, tmp_path):
    add_township(db.engine)
    assert (
        fieldops(
            "import", "staff", write_csv(tmp_path / "staff.csv", STAFF), "-t", "色务乡"
        ).exit_code
        == 0
    )


def leaves(db):
    from sqlmodel import Session, select

    from ops.models import Leave

    with Session(db.engine) as session:
        return sorted(
            (lv.staff_id, lv.starts_at, lv.ends_at, lv.reason) for lv in session.exec(select(Leave))
        )


def templates(db):
    from sqlmodel import Session, select

    from ops.models import Post, ShiftTemplate

    with Session(db.engine) as session:
        rows = session.exec(select(ShiftTemplate, Post).where(ShiftTemplate.post_id == Post.id))
        return sorted(
            (
                p.code,
                t.weekdays,
                t.start_local,
                t.end_local,
                t.min_staff,
                t.max_staff,
                t.roles_any,
                t.composition,
            )
            for t, p in rows
        )


def test_leave_dates_cover_whole_local_days_and_times_are_local(db, fieldops, tmp_path, township):
    result = fieldops("import", "leave", write_csv(tmp_path / "leave.csv", LEAVE), "-t", "色务乡")
    assert result.exit_code == 0, result.output
    assert leaves(db) == [
        (
            "SW-001",
            datetime(2026, 11, 30, 16, tzinfo=UTC),
            datetime(2026, 12, 3, 16, tzinfo=UTC),
            "病假",
        ),
        (
            "SW-002",
            datetime(2026, 12, 2, 0, tzinfo=UTC),
            datetime(2026, 12, 2, 10, tzinfo=UTC),
            "事假",
        ),
    ]


def test_reimporting_leave_changes_nothing(db, fieldops, tmp_path, township):
    path = write_csv(tmp_path / "leave.csv", LEAVE)
    fieldops("import", "leave", path, "-t", "色务乡")
    before = db.snapshot()
    result = fieldops("import", "leave", path, "-t", "色务乡")
    assert result.exit_code == 0 and "未变 2" in result.stdout
    assert db.snapshot() == before


def test_leave_from_xlsx_date_cells(db, fieldops, tmp_path, township):
    path = write_xlsx(
        tmp_path / "leave.xlsx",
        [
            ["staff_id", "from", "to", "reason"],
            ["SW-001", datetime(2026, 12, 1), datetime(2026, 12, 1), "sick"],
        ],
    )
    assert fieldops("import", "leave", path, "-t", "色务乡").exit_code == 0
    assert leaves(db)[0][1:3] == (
        datetime(2026, 11, 30, 16, tzinfo=UTC),
        datetime(2026, 12, 1, 16, tzinfo=UTC),
    )


BAD_LEAVE = {
    "unknown_person": (LEAVE.replace("SW-002", "SW-999"), ["第3行", "编号", "SW-999"]),
    "end_before_start": (
        LEAVE.replace("2026-12-01,2026-12-03", "2026-12-05,2026-12-03"),
        ["第2行", "结束"],
    ),
    "bad_date": (LEAVE.replace("2026-12-01", "下周一"), ["第2行", "开始", "下周一"]),
    "impossible_date": (LEAVE.replace("2026-12-01", "2026-02-30"), ["第2行", "开始"]),
}


@pytest.mark.parametrize("case", sorted(BAD_LEAVE))
def test_bad_leave_names_row_and_column_and_writes_nothing(db, fieldops, tmp_path, township, case):
    before = db.snapshot()
    text, expected = BAD_LEAVE[case]
    result = fieldops("import", "leave", write_csv(tmp_path / "bad.csv", text), "-t", "色务乡")
    assert result.exit_code == 1
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert db.snapshot() == before


def test_shift_templates_import_with_weekdays_roles_composition_and_midnight(
    db, fieldops, tmp_path, township
):
    result = fieldops(
        "import", "shifts", write_csv(tmp_path / "shifts.csv", SHIFTS), "-t", "色务乡"
    )
    assert result.exit_code == 0, result.output
    assert templates(db) == [
        (
            "SW01",
            [1, 2, 3, 4, 5],
            "10:00",
            "16:00",
            2,
            2,
            ["grid_worker", "party_member", "household_leader"],
            [{"roles": ["grid_worker", "party_member"], "min": 1}],
        ),
        (
            "SW01",
            [6, 7],
            "22:00",
            "02:00",
            2,
            2,
            ["party_member"],
            [{"roles": ["party_member"], "min": 1}],
        ),
        ("X1", [1, 2, 3, 4, 5, 6, 7], "08:00", "11:00", 1, 2, ["traffic"], []),
        ("X1", [1, 3, 5], "17:00", "20:00", 1, 2, ["traffic"], []),
    ]


def test_reimporting_shifts_changes_nothing(db, fieldops, tmp_path, township):
    path = write_csv(tmp_path / "shifts.csv", SHIFTS)
    fieldops("import", "shifts", path, "-t", "色务乡")
    before = db.snapshot()
    assert "未变 4" in fieldops("import", "shifts", path, "-t", "色务乡").stdout
    assert db.snapshot() == before


def test_shifts_with_english_headers_and_party_member_composition(db, fieldops, tmp_path, township):
    text = "post,weekdays,start,end,min_staff,max_staff,roles,composition\nX1,daily,7:30,9:00,1,3,traffic,party_member>=1; traffic>=1\n"
    assert (
        fieldops("import", "shifts", write_csv(tmp_path / "s.csv", text), "-t", "色务乡").exit_code
        == 0
    )
    row = templates(db)[0]
    assert row[2:4] == ("07:30", "09:00")
    assert row[7] == [{"roles": ["party_member"], "min": 1}, {"roles": ["traffic"], "min": 1}]


BAD_SHIFTS = {
    "unknown_post": (SHIFTS.replace("X1,每天", "X9,每天"), ["第2行", "岗位", "X9"]),
    "bad_weekdays": (SHIFTS.replace('"1,3,5"', "8-9"), ["第3行", "星期"]),
    "bad_time": (SHIFTS.replace("08:00,11:00", "25:00,11:00"), ["第2行", "开始"]),
    "max_below_min": (SHIFTS.replace("10:00,16:00,2,2", "10:00,16:00,2,1"), ["第4行", "最多人数"]),
    "bad_composition": (SHIFTS.replace("网格员|党员>=1", "党员很多"), ["第4行", "构成"]),
    "composition_over_max": (SHIFTS.replace("网格员|党员>=1", "党员>=3"), ["第4行", "构成"]),
    "duplicate_window": (SHIFTS + "X1,每天,08:00,11:00,1,1,交通劝导员,\n", ["第6行", "第2行"]),
    "missing_min_staff": (
        SHIFTS.replace("08:00,11:00,1,2", "08:00,11:00,,2"),
        ["第2行", "最少人数"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SHIFTS))
def test_bad_shifts_name_row_and_column_and_write_nothing(db, fieldops, tmp_path, township, case):
    before = db.snapshot()
    text, expected = BAD_SHIFTS[case]
    result = fieldops("import", "shifts", write_csv(tmp_path / "bad.csv", text), "-t", "色务乡")
    assert result.exit_code == 1
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert db.snapshot() == before
