"""`fieldops import staff` on real databases: formats, encodings, idempotence, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import add_township, write_csv, write_xlsx

STAFF = """编号,姓名,电话,角色,所属村,每周最多班次
SW-001,扎西次仁,13900000001,交通劝导员、党员,SW01,5
SW-002,央金卓玛,139-0000-0002,网格员/联户长,加如村,
SW-003,王海军,13900000003,村干部;party_member,SW02,4
"""


def staff_rows(db) -> dict[str, tuple]:
    from sqlmodel import Session, select

    from ops.models import StaffMember

    with Session(db.engine) as session:
        return {
            s.id: (s.name, s.phone, s.roles, s.home_village_id is not None, s.max_shifts_per_week)
            for s in session.exec(select(StaffMember))
        }


def test_staff_csv_with_chinese_headers_and_roles_imports(db, fieldops, tmp_path):
    add_township(db.engine)
    result = fieldops(
        "import", "staff", write_csv(tmp_path / "staff.csv", STAFF), "--township", "色务乡"
    )
    assert result.exit_code == 0, result.output
    assert "新增 3" in result.stdout
    rows = staff_rows(db)
    assert rows["SW-001"] == ("扎西次仁", "13900000001", ["traffic", "party_member"], True, 5)
    assert rows["SW-002"] == (
        "央金卓玛",
        "13900000002",
        ["grid_worker", "household_leader"],
        True,
        None,
    )
    assert rows["SW-003"][2] == ["cadre", "party_member"]


def test_reimporting_the_same_staff_file_changes_nothing(db, fieldops, tmp_path):
    add_township(db.engine)
    path = write_csv(tmp_path / "staff.csv", STAFF)
    assert fieldops("import", "staff", path, "-t", "色务乡").exit_code == 0
    before = db.snapshot()
    again = fieldops("import", "staff", path, "-t", "色务乡")
    assert again.exit_code == 0
    assert "未变 3" in again.stdout
    assert db.snapshot() == before


def test_changed_row_updates_only_that_person(db, fieldops, tmp_path):
    add_township(db.engine)
    fieldops("import", "staff", write_csv(tmp_path / "a.csv", STAFF), "-t", "色务乡")
    changed = STAFF.replace("SW02,4", "SW02,6")
    result = fieldops("import", "staff", write_csv(tmp_path / "b.csv", changed), "-t", "色务乡")
    assert "更新 1" in result.stdout and "未变 2" in result.stdout
    assert staff_rows(db)["SW-003"][4] == 6


def test_gbk_csv_as_chinese_excel_writes_it_imports(db, fieldops, tmp_path):
    add_township(db.engine)
    path = write_csv(tmp_path / "gbk.csv", STAFF, encoding="gbk")
    result = fieldops("import", "staff", path, "-t", "色务乡")
    assert result.exit_code == 0, result.output
    assert staff_rows(db)["SW-002"][0] == "央金卓玛"


def test_xlsx_with_english_headers_in_any_order_and_extra_columns(db, fieldops, tmp_path):
    add_township(db.engine)
    path = write_xlsx(
        tmp_path / "staff.xlsx",
        [
            ["notes", "roles", "name", "id", "phone", "home_village", "max_shifts_per_week"],
            ["x", "traffic", "Tashi", "E-1", 13900000009, "SW01", 3],
            [None, "grid_worker, party_member", "Dolma", "E-2", None, None, None],
        ],
    )
    result = fieldops("import", "staff", path, "-t", "色务乡")
    assert result.exit_code == 0, result.output
    rows = staff_rows(db)
    assert rows["E-1"] == ("Tashi", "13900000009", ["traffic"], True, 3)
    assert rows["E-2"] == ("Dolma", None, ["grid_worker", "party_member"], False, None)


BAD_STAFF = {
    "unknown_role": (STAFF.replace("网格员/联户长", "司机"), ["第3行", "角色", "司机"]),
    "missing_name_column": (STAFF.replace("姓名", "名字"), ["姓名", "缺少"]),
    "duplicate_id": (STAFF + "SW-001,重复,13900000004,党员,SW01,5\n", ["第5行", "编号", "第2行"]),
    "unknown_village": (STAFF.replace("加如村", "不存在村"), ["第3行", "所属村", "不存在村"]),
    "bad_phone": (STAFF.replace("13900000003", "call me"), ["第4行", "电话"]),
    "negative_max": (STAFF.replace("SW02,4", "SW02,-1"), ["第4行", "每周最多班次"]),
    "empty_name": (STAFF.replace("扎西次仁", ""), ["第2行", "姓名", "不能为空"]),
    "header_only": ("编号,姓名,电话,角色,所属村,每周最多班次\n", ["没有数据行"]),
    # Wider than the columns hold (PostgreSQL would refuse them mid-transaction).
    "long_name": (STAFF.replace("扎西次仁", "扎" * 101), ["第2行", "姓名", "100"]),
    "long_id": (STAFF.replace("SW-001", "S" * 65, 1), ["第2行", "编号", "64"]),
    "huge_field": (STAFF + '"' + "x" * 200_000 + '"\n', ["CSV"]),
}


@pytest.mark.parametrize("case", sorted(BAD_STAFF))
def test_bad_staff_file_names_row_and_column_and_writes_nothing(db, fieldops, tmp_path, case):
    add_township(db.engine)
    fieldops("import", "staff", write_csv(tmp_path / "good.csv", STAFF), "-t", "色务乡")
    before = db.snapshot()
    text, expected = BAD_STAFF[case]
    result = fieldops("import", "staff", write_csv(tmp_path / "bad.csv", text), "-t", "色务乡")
    assert result.exit_code != 0
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert db.snapshot() == before


def test_one_bad_row_among_good_ones_writes_none_of_them(db, fieldops, tmp_path):
    add_township(db.engine)
    text = STAFF + "SW-004,次仁,13900000004,飞行员,SW01,5\n"
    result = fieldops("import", "staff", write_csv(tmp_path / "s.csv", text), "-t", "色务乡")
    assert result.exit_code == 1
    assert "第5行" in result.stderr and "飞行员" in result.stderr
    assert db.count("staff_member") == 0


def test_empty_file_is_refused(db, fieldops, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    before = db.snapshot()
    result = fieldops("import", "staff", path, "-t", "色务乡")
    assert result.exit_code == 1
    assert "文件是空的" in result.stderr and "empty" in result.stderr
    assert db.snapshot() == before


@pytest.mark.parametrize(
    "content",
    [
        "编号,姓名\nSW-1,扎西\n".encode("utf-16"),
        bytes(range(128, 256)) * 40,
        b"\x81\x30\x89\x38\xff\xfe\xfd" * 100,
    ],
    ids=["utf16", "binary", "invalid-gbk"],
)
def test_file_that_is_not_utf8_or_gbk_text_is_refused(db, fieldops, tmp_path, content):
    path = tmp_path / "weird.csv"
    path.write_bytes(content)
    before = db.snapshot()
    result = fieldops("import", "staff", path, "-t", "色务乡")
    assert result.exit_code == 1
    assert "UTF-8" in result.stderr
    assert db.snapshot() == before


@pytest.mark.parametrize("kind", ["staff", "leave", "shifts", "geo"])
def test_fifty_megabyte_file_is_refused_before_reading(db, fieldops, tmp_path, kind):
    path = tmp_path / ("big.geojson" if kind == "geo" else "big.csv")
    with path.open("wb") as handle:
        handle.write("编号,姓名,电话,角色,所属村\n".encode())
        handle.write(b"SW-1,x,1,traffic,SW01\n" * (50 * 1024 * 1024 // 22 + 1))
    assert path.stat().st_size >= 50 * 1024 * 1024
    before = db.snapshot()
    result = fieldops("import", kind, path, "-t", "色务乡")
    assert result.exit_code == 1
    assert "MB" in result.stderr and "FIELDOPS_MAX_IMPORT_MB" in result.stderr
    assert db.snapshot() == before


def test_old_xls_and_broken_xlsx_are_refused(db, fieldops, tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    first = fieldops("import", "staff", tmp_path / "a.xls", "-t", "色务乡")
    second = fieldops("import", "staff", tmp_path / "b.xlsx", "-t", "色务乡")
    assert first.exit_code == 1 and ".xlsx" in first.stderr
    assert second.exit_code == 1 and "Excel" in second.stderr


def test_staff_id_of_another_township_is_refused(db, fieldops, tmp_path):
    add_township(db.engine)
    add_township(db.engine, name="帕那镇", villages=(("PN01", "一村"),), crossings=())
    fieldops("import", "staff", write_csv(tmp_path / "a.csv", STAFF), "-t", "色务乡")
    before = db.snapshot()
    other = "编号,姓名,电话,角色,所属村\nSW-001,扎西,13900000001,党员,PN01\n"
    result = fieldops("import", "staff", write_csv(tmp_path / "b.csv", other), "-t", "帕那镇")
    assert result.exit_code == 1 and "另一个乡镇" in result.stderr
    assert db.snapshot() == before


def test_township_show_counts_staff_by_role(db, fieldops, tmp_path):
    add_township(db.engine)
    fieldops("import", "staff", write_csv(tmp_path / "a.csv", STAFF), "-t", "色务乡")
    result = fieldops("township", "show", "色务乡", "--format", "json")
    info = json.loads(result.stdout)
    assert info["staff"]["by_role"]["party_member"] == 2
    assert info["staff"]["by_role"]["traffic"] == 1
    assert [v["code"] for v in info["villages"]] == ["SW01", "SW02"]
    table = fieldops("township", "show", "色务乡")
    assert table.exit_code == 0 and "交通劝导员" in table.stdout


def test_unknown_township_lists_the_known_ones(db, fieldops):
    add_township(db.engine)
    result = fieldops("township", "show", "不存在乡")
    assert result.exit_code == 1
    assert "色务乡" in result.stderr


def test_template_has_chinese_headers_an_example_row_and_imports_once_filled(
    db, fieldops, tmp_path: Path
):
    from openpyxl import load_workbook

    add_township(db.engine)
    out = tmp_path / "staff.xlsx"
    assert fieldops("template", "staff", "--out", out).exit_code == 0
    workbook = load_workbook(out)
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == ["编号", "姓名", "电话", "角色", "所属村", "每周最多班次"]
    assert len(rows) == 2
    sheet.append(["SW-100", "格桑", "13900000100", "网格员", "SW02", 4])
    workbook.save(out)
    result = fieldops("import", "staff", out, "-t", "色务乡")
    assert result.exit_code == 0, result.output
    assert list(staff_rows(db)) == ["SW-100"]
