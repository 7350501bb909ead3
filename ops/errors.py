"""Errors of the ops layer, drawn once:

    FieldOpsError                 anything FieldOps reports to a person instead of a traceback
    ├── InputError                a file, row or request field is wrong; carries every Problem
    ├── NotFoundError             a named township, person or record does not exist
    ├── UnauthorizedError         no token, or a token that is unknown or revoked (HTTP 401)
    ├── ForbiddenError            a valid token asking for what its role may not do (HTTP 403)
    ├── TooLargeError             an upload over its size limit (HTTP 413)
    ├── GoneError                 a one-time code already used, expired or replaced (HTTP 410)
    ├── TransitionConflictError   a hazard state change the lifecycle does not allow (HTTP 409;
    │                             ops.intake.hazards)
    ├── BrokerUnavailableError    Redis cannot be reached: try again later (HTTP 503; ops.runtime.broker)
    ├── DatabaseUnavailableError  the database cannot be reached (HTTP 503; ops.api.database)
    └── OverloadedError           too much at once: shed with 503 + Retry-After (ops.api.database)

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


class UnauthorizedError(FieldOpsError):
    """No valid bearer token."""


class ForbiddenError(FieldOpsError):
    """The caller's role may not do this."""


class TooLargeError(FieldOpsError):
    """An upload is over its size limit."""


class ConflictError(FieldOpsError):
    """The record changed since the caller read it (HTTP 409): read it again."""


class GoneError(FieldOpsError):
    """A one-time thing that was used, expired or replaced."""


def bilingual(zh: str, en: str) -> str:
    """Join a Chinese and an English message the way every FieldOps message reads."""
    return f"{zh} / {en}"
