"""Errors of the ops layer, drawn once:

    FieldOpsError                 anything FieldOps reports to a person instead of a traceback
    ├── InputError                a file, row or request field is wrong; carries every Problem
    └── NotFoundError             a named township, person or record does not exist

CLI commands print `str(error)` and exit non-zero; the HTTP API maps them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: which record, which field, what is wrong."""

    record: str  # e.g. "第5行 (row 5)" or 'feature #3 (code "V03")'
    field: str  # e.g. "角色 (roles)"
    message: str

    def __str__(self) -> str:
        where = f"{self.record}, {self.field}" if self.field else self.record
        return f"{where}: {self.message}"


class FieldOpsError(Exception):
    """Base of every error FieldOps reports to a person."""


class InputError(FieldOpsError):
    """The input is wrong; nothing was written."""

    def __init__(self, problems: list[Problem], *, source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        lines = [f"{head}发现 {count} 个问题，未写入任何数据 / {count} problem(s), nothing written"]
        shown = self.problems[:50]
        lines += [f"  - {problem}" for problem in shown]
        if count > len(shown):
            lines.append(f"  … 另有 {count - len(shown)} 个 / {count - len(shown)} more")
        return "\n".join(lines)


class NotFoundError(FieldOpsError):
    """A named thing does not exist."""


def bilingual(zh: str, en: str) -> str:
    """Join a Chinese and an English message the way every FieldOps message reads."""
    return f"{zh} / {en}"
