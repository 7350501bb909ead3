"""`fieldops import disputes | petitions | events` and their templates, on real databases."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.factories import add_township, write_xlsx

DISPUTES = [
    [
        "村",
        "类别",
        "当事人",
        "涉及金额（元）",
        "状态",
        "发现日期",
        "调解日期",
        "结案日期",
        "调解员",
    ],
    ["SW01", "草场", "", 600, "调解成功", "2024-03-02", "2024-03-03", "2024-03-05", "次仁"],
    ["加如村", "债务", "甲、乙", 1200, "调解中", "2024-06-01", "2024-06-02", None, "卓玛"],
]
EVENTS = [
    [
        "类型",
        "日期",
        "主题日",
        "地点",
        "线上线下",
        "受教育人数",
        "发放资料份数",
        "悬挂横幅条数",
        "解答法律疑问个数",
    ],
    ["普法宣传", "2024-04-15", "4.15 全民国家安全教育日", "搬迁点广场", "线下", 80, 120, 3, 4],
    ["培训", "2024-05-10", None, "乡政府", "线上", 12, None, None, None],
]


def test_templates_have_chinese_headers_and_an_example_row(fieldops, tmp_path):
    for kind, first in (("disputes", "编号"), ("petitions", "编号"), ("events", "编号")):
        out = tmp_path / f"{kind}.xlsx"
        assert fieldops("template", kind, "--out", out).exit_code == 0
        sheet = load_workbook(out).worksheets[0]
        assert sheet.cell(1, 1).value == first and str(sheet.cell(2, 1).value).startswith("示例")


def test_records_import_once_however_often_the_sheet_is_imported(db, fieldops, tmp_path):
    add_township(db.engine)
    for kind, rows in (("disputes", DISPUTES), ("events", EVENTS)):
        path = write_xlsx(tmp_path / f"{kind}.xlsx", rows)
        first = fieldops("import", kind, path, "-t", "色务乡")
        assert first.exit_code == 0, first.output
        again = fieldops("import", kind, path, "-t", "色务乡")
        assert again.exit_code == 0 and "未变 2" in again.output
    assert (db.count("dispute_case"), db.count("law_event")) == (2, 2)


def test_a_bad_sheet_names_row_and_column_and_writes_nothing(db, fieldops, tmp_path):
    add_township(db.engine)
    bad = [
        DISPUTES[0],
        DISPUTES[1],
        ["SW09", "打架", "", -3, "调解成功", "2024-03-02", None, None, ""],
    ]
    result = fieldops("import", "disputes", write_xlsx(tmp_path / "bad.xlsx", bad), "-t", "色务乡")
    assert result.exit_code != 0
    for where in ("第3行 (row 3), 类别 (category)", "第3行 (row 3), 涉及金额（元） (amount_yuan)",
                  "第3行 (row 3), 结案日期 (closed_on)"):  # fmt: skip
        assert where in result.output, result.output
    assert db.count("dispute_case") == 0
    theme = [EVENTS[0], ["普法宣传", "2024-04-15", "没有的主题日", "广场", "线下", 1, 1, 1, 1]]
    result = fieldops("import", "events", write_xlsx(tmp_path / "t.xlsx", theme), "-t", "色务乡")
    assert "第2行 (row 2), 主题日 (theme)" in result.output and db.count("law_event") == 0
