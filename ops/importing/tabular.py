"""Read `.xlsx` and `.csv` sheets (UTF-8, UTF-8 with BOM, GBK) into rows keyed by field name."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops.errors import InputError, Problem, bilingual

FILE_RECORD = "文件 (file)"


@dataclass(frozen=True)
class Column:
    """A column a sheet may carry: its field name and the headers that mean it."""

    field: str
    headers: tuple[str, ...]  # Chinese first, then English
    required: bool = True

    @property
    def label(self) -> str:
        """Column name as people see it, e.g. "角色 (roles)"."""
        return (
            f"{self.headers[0]} ({self.headers[1]})" if len(self.headers) > 1 else self.headers[0]
        )


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it and its cells by field name."""

    number: int
    cells: dict[str, Any]

    @property
    def record(self) -> str:
        """How messages name this row."""
        return f"第{self.number}行 (row {self.number})"


def file_problem(zh: str, en: str) -> InputError:
    """Build the error for a problem with the whole file."""
    return InputError([Problem(FILE_RECORD, "", bilingual(zh, en))])


def check_size(path: Path, max_mb: float) -> bytes:
    """Read the file, refusing missing, empty and oversized files with a clear message."""
    if not path.is_file():
        raise file_problem(f"找不到文件 {path}", f"no such file {path}")
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        mb = size / 1024 / 1024
        raise file_problem(
            f"文件 {mb:.1f} MB，超过导入上限 {max_mb:g} MB（FIELDOPS_MAX_IMPORT_MB）",
            f"file is {mb:.1f} MB, over the {max_mb:g} MB import limit (FIELDOPS_MAX_IMPORT_MB)",
        )
    if size == 0:
        raise file_problem("文件是空的", "the file is empty")
    return path.read_bytes()


def decode_text(data: bytes) -> str:
    """Decode CSV bytes written by Excel or WPS: UTF-8 (with or without BOM) or GBK."""
    if b"\x00" in data[:65536]:
        raise file_problem(
            "不是文本文件（可能是 UTF-16 或二进制），请另存为 CSV UTF-8 或 .xlsx",
            "not a text file (binary or UTF-16): save it as CSV UTF-8 or .xlsx",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise file_problem(
        "文件编码既不是 UTF-8 也不是 GBK，请另存为 CSV UTF-8 或 .xlsx",
        "the file is neither UTF-8 nor GBK text: save it as CSV UTF-8 or .xlsx",
    )


def _normalise_header(value: Any) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"[（(].*?[）)]", "", text)  # "姓名（必填）" -> "姓名"
    return re.sub(r"[\s*＊:：]", "", text).lower()


def _grid_from_csv(data: bytes) -> list[list[Any]]:
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count) if any(c in first for c in ",\t;") else ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:  # a field past the csv module's limit, a stray quote mid-field
        raise file_problem(
            f"无法按 CSV 读取（{exc}），请另存为 CSV UTF-8 或 .xlsx",
            f"cannot be read as CSV ({exc}): save it as CSV UTF-8 or .xlsx",
        ) from exc


def _grid_from_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise file_problem(
            "不是有效的 Excel (.xlsx) 文件", f"not a valid Excel (.xlsx) workbook ({exc})"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # a damaged sheet inside a sound zip: broken XML, odd cell types
        raise file_problem(
            "Excel 文件已损坏，无法读取", f"the Excel workbook is damaged ({type(exc).__name__})"
        ) from exc
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_rows(path: Path, columns: list[Column], *, max_mb: float) -> list[Row]:
    """Read a sheet, map its headers to `columns` and return the non-blank data rows."""
    data = check_size(path, max_mb)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid = _grid_from_xlsx(data)
    elif suffix == ".xls":
        raise file_problem(
            "不支持旧版 .xls，请在 Excel 中另存为 .xlsx", "old .xls is not supported: save as .xlsx"
        )
    else:
        grid = _grid_from_csv(data)
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if not all(_blank(v) for v in row)]
    if not numbered:
        raise file_problem("文件里没有内容", "the file has no content")
    (_header_number, header), body = numbered[0], numbered[1:]
    positions = _match_headers(header, columns)
    rows: list[Row] = []
    for number, values in body:
        if _is_example(values):
            continue  # the example row our templates ship with
        cells = {field: values[i] if i < len(values) else None for field, i in positions.items()}
        rows.append(Row(number=number, cells=cells))
    if not rows:
        raise file_problem("只有表头，没有数据行", "only a header row, no data rows")
    return rows


EXAMPLE_MARK = "示例"


def _is_example(values: list[Any]) -> bool:
    first = next((v for v in values if not _blank(v)), "")
    return isinstance(first, str) and first.strip().startswith(EXAMPLE_MARK)


def _match_headers(header: list[Any], columns: list[Column]) -> dict[str, int]:
    names = [_normalise_header(h) for h in header]
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for column in columns:
        wanted = {_normalise_header(h) for h in column.headers}
        found = [i for i, name in enumerate(names) if name in wanted]
        if len(found) > 1:
            problems.append(
                Problem(FILE_RECORD, column.label, bilingual("表头重复", "column appears twice"))
            )
        elif found:
            positions[column.field] = found[0]
        elif column.required:
            seen = "、".join(str(h) for h in header if not _blank(h)) or "—"
            problems.append(
                Problem(
                    "表头 (header)",
                    column.label,
                    bilingual(f"缺少这一列（现有：{seen}）", f"column missing (found: {seen})"),
                )
            )
    if problems:
        raise InputError(problems)
    return positions
