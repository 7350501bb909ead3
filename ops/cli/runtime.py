"""What every command shares: the process's settings, its engine, and error reporting."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from ops.errors import FieldOpsError, InputError, Problem, bilingual
from ops.runtime.settings import Settings, load_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class CoordinateSystem(StrEnum):
    """Coordinate systems a file may be in or be written in (FieldOps stores WGS84)."""

    wgs84 = "wgs84"
    cgcs2000 = "cgcs2000"
    gcj02 = "gcj02"
    bd09 = "bd09"


P = ParamSpec("P")
R = TypeVar("R")


class Runtime:
    """Settings built once for this process, and the engine made from them on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        """Return the database engine, upgrading the schema on first use."""
        if self._engine is None:
            from ops.runtime.db import make_engine
            from ops.runtime.migrate import ensure_schema

            self._engine = make_engine(self.settings)
            ensure_schema(self._engine)
        return self._engine


def runtime(ctx: typer.Context) -> Runtime:
    """Return the process runtime stored on the root context by the CLI callback."""
    root = ctx.find_root()
    if not isinstance(root.obj, Runtime):
        root.obj = Runtime()
    return root.obj


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn FieldOps errors into a message on stderr and exit status 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except FieldOpsError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from exc

    return wrapper


def configure_logging(verbose: bool) -> None:
    """Configure logging once for this process."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )


def console() -> Any:
    """A rich console; wide when writing to a file or pipe so Chinese tables are not cut."""
    from rich.console import Console

    plain = Console()
    return plain if plain.is_terminal else Console(width=200)


def as_text(value: object) -> Any:
    """Data for a rich table or title: one line, shown as typed (never parsed as rich markup)."""
    from rich.text import Text

    from ops.reports.scrub import one_line

    return Text(one_line(value))


def parse_day(value: str, option: str) -> date:
    """A YYYY-MM-DD option value, or an InputError naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            [Problem(option, value, bilingual("日期应为 YYYY-MM-DD", "dates are YYYY-MM-DD"))]
        ) from None


def one_township_or_county(township: str | None, county: bool) -> None:
    """Commands that work on one township or the whole county take exactly one of the two."""
    if county == (township is not None):
        message = bilingual("请给 --township 或 --county 之一", "give --township or --county")
        raise InputError([Problem("--township", "", message)])
