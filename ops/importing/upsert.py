"""Row-by-row validation that collects every problem, and upserts that change nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from ops.errors import Problem, bilingual
from ops.importing.tabular import Column, Row
from ops.models.base import utc_now

T = TypeVar("T")
M = TypeVar("M", bound=SQLModel)


@dataclass
class ImportReport:
    """What an import did: counts per outcome and warnings worth reading."""

    what: str
    township: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        """Add one record with `outcome` ("created", "updated" or "unchanged")."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        """One line for the CLI, Chinese first."""
        return (
            f"{self.township}：{self.what} 新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}"
            f" / {self.what}: {self.created} created, {self.updated} updated,"
            f" {self.unchanged} unchanged"
        )


class RowReader:
    """Read fields of one row, turning each parser's ValueError into a Problem."""

    def __init__(self, row: Row, columns: dict[str, Column], problems: list[Problem]) -> None:
        self.row = row
        self._columns = columns
        self._problems = problems
        self.ok = True

    def get(self, name: str, parse: Callable[[Any], T]) -> T | None:
        """Parse the cell of column `name`; on failure record the problem and return None."""
        try:
            return parse(self.row.cells.get(name))
        except ValueError as exc:
            self.fail(name, str(exc))
            return None

    def fail(self, name: str, message: str) -> None:
        """Record a problem with column `name` of this row."""
        self.ok = False
        self._problems.append(Problem(self.row.record, self._columns[name].label, message))


def columns_by_field(columns: list[Column]) -> dict[str, Column]:
    """Index columns by their field name."""
    return {column.field: column for column in columns}


def duplicate_problem(row: Row, column: Column, value: str, first_row: int) -> Problem:
    """Problem for a key that appeared on an earlier row of the same file."""
    return Problem(
        row.record,
        column.label,
        bilingual(f"“{value}”与第{first_row}行重复", f"{value!r} repeats row {first_row}"),
    )


def upsert(session: Session, existing: M | None, model: type[M], values: dict[str, Any]) -> str:
    """Insert or update one row; return "created", "updated" or "unchanged"."""
    if existing is None:
        session.add(model(**values))
        return "created"
    changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
    if not changed:
        return "unchanged"
    for key, value in changed.items():
        setattr(existing, key, value)
    if hasattr(existing, "updated_at"):
        existing.updated_at = utc_now()
    session.add(existing)
    return "updated"
