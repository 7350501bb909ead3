"""The weekly page's building blocks: figures and times as text, sections, and tables of rows.

A table is a list of columns (label key, CSS class, a function from a row to the cell's HTML); the
cell functions here escape what they take from the row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ops.reports.page_text import LABELS, Words
from ops.reports.scrub import html_text

Row = Mapping[str, Any]
Column = tuple[str, str, Callable[[Row], str]]  # label key, CSS class, cell HTML from a row


def pct(value: float | None) -> str:
    """A ratio 0..1 as a whole percentage, or a dash."""
    return "—" if value is None else f"{value:.0%}"


def number(value: float | None, digits: int = 0) -> str:
    """A figure with thousands separators, or a dash."""
    return "—" if value is None else f"{value:,.{digits}f}"


def num(key: str, digits: int = 0) -> Callable[[Row], str]:
    """A cell showing the row's figure under `key`."""
    return lambda row: number(row.get(key), digits)


def raw(key: str) -> Callable[[Row], str]:
    """A cell already made HTML."""
    return lambda row: str(row[key])


def text(key: str) -> Callable[[Row], str]:
    """A cell showing the row's text under `key`, escaped."""
    return lambda row: html_text(str(row.get(key) or ""))


def local(value: str | None, year: int) -> str:
    """An ISO local time as MM-DD HH:MM, with the year only when it is not the week's."""
    if not value:
        return "—"
    moment = datetime.fromisoformat(value)
    return moment.strftime("%m-%d %H:%M" if moment.year == year else "%Y-%m-%d %H:%M")


def week_dates(week: str) -> tuple[date, date]:
    """The Monday and Sunday of an ISO week written like "2026-W48"."""
    year, week_no = week.split("-W")
    monday = date.fromisocalendar(int(year), int(week_no), 1)
    return monday, monday + timedelta(days=6)


def section(ident: str, title: str, body: str) -> str:
    """A page section with its heading."""
    return f'<section id="{ident}"><h2>{title}</h2>{body}</section>'


def table(
    ident: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
    w: Words,
    row_class: Callable[[Row], str] = lambda row: "",
) -> str:
    """A table in its own horizontally scrolling box; a label with a newline gets a second line."""
    head = "".join(
        f'<th class="{css}" scope="col">{_head(label, w)}</th>' for label, css, _ in columns
    )
    body = "".join(
        f'<tr class="{row_class(row)}">'
        + "".join(f'<td class="{css}">{cell(row)}</td>' for _, css, cell in columns)
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="table-wrap"><table id="{ident}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _head(label: str, w: Words) -> str:
    if label in LABELS:
        return w(label)
    first, _, second = label.partition("\n")
    return html_text(first) + (f"<br><small>{html_text(second)}</small>" if second else "")


def listing(
    ident: str, w: Words, rows: Sequence[Row], columns: Sequence[Column],
    row_class: Callable[[Row], str] = lambda row: "",
) -> str:  # fmt: skip
    """A section holding one table, with its note, or a sentence when there is nothing to list."""
    if not rows:
        return section(ident, w(f"sec_{ident}"), f'<p class="empty">{w(f"e_{ident}")}</p>')
    body = table(f"{ident}-table", columns, rows, w, row_class)
    return section(ident, w(f"sec_{ident}"), f'<p class="note">{w(f"n_{ident}")}</p>{body}')


def where(county: bool) -> list[Column]:
    """The township column, shown when a county is summed."""
    return [("c_township", "", text("township"))] if county else []
