"""Errors raised by the scheduler package.

SchedulerError            anything the scheduler refuses or cannot do
├── ProblemError          malformed problem data; names the offending record
└── SolverBugError        a solver produced a roster that breaks a hard rule (a bug, never data)
"""

from __future__ import annotations


class SchedulerError(Exception):
    """Base class of every error the scheduler raises."""


class ProblemError(SchedulerError):
    """Malformed problem input: `path` names the record, `message` says what is wrong."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class SolverBugError(SchedulerError):
    """A solver result broke a hard rule; the checker caught it before anyone saw it."""
