"""Coverage per village and period, from merged per-cell effort records.

Rule for a village's cells (the one `geo.h3cells.polygon_cells` applies): a cell belongs to a
village when the cell's centre lies in the village's (Multi)Polygon, the boundary counting as
inside; a village so small that no cell centre falls inside it gets the cell of its label point.
A cell whose centre lies on the shared boundary of two villages belongs to both.

A cell is covered in a period when some record of one of its local days in the period exists,
that is, when a cleaned track's line passed through it (see `geo.effort`). A cell is stale as of
`as_of` when its last visit, on any day up to the period's last day (the caller may pass records
from before the period), is `stale_after` (default 14 days) or more before `as_of`, or when it has
never been visited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from geo.effort import EPOCH_DAY, EffortTable
from geo.h3cells import DEFAULT_RESOLUTION, CellIds, cells_to_hex, hex_to_cells, polygon_cells
from geo.trackpoints import IntArray, from_epoch_ms, to_epoch_seconds

STALE_AFTER = timedelta(days=14)


@dataclass(frozen=True)
class VillageCells:
    """A village, its (Multi)Polygon as GeoJSON [lon, lat], and its H3 cells (sorted hex ids)."""

    village_id: str
    name: str
    geometry: dict[str, Any] = field(hash=False)
    cells: tuple[str, ...]
    resolution: int = DEFAULT_RESOLUTION


def village_cells(
    village_id: str,
    name: str,
    geometry: Mapping[str, Any],
    resolution: int = DEFAULT_RESOLUTION,
) -> VillageCells:
    """Return a village with its cells by the centre-in-polygon rule (label-point cell if tiny)."""
    cells = tuple(polygon_cells(geometry, resolution))
    return VillageCells(village_id, name, dict(geometry), cells, resolution)


@dataclass(frozen=True)
class Period:
    """Local calendar days from `first_day` to `last_day`, both included."""

    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        """Refuse a period that ends before it starts."""
        if self.last_day < self.first_day:
            raise ValueError(f"period ends ({self.last_day}) before it starts ({self.first_day})")

    def day_numbers(self) -> tuple[int, int]:
        """Return the first and last day as days since 1970-01-01."""
        return (self.first_day - EPOCH_DAY).days, (self.last_day - EPOCH_DAY).days


@dataclass(frozen=True)
class CellEffort:
    """One cell's effort in a period: minutes, km, distinct patrols, last visit (aware UTC)."""

    cell: str
    minutes: float
    km: float
    patrols: int
    last_visit: datetime


@dataclass(frozen=True)
class VillageCoverage:
    """One village's coverage in a period; km and minutes are those spent in its cells."""

    village_id: str
    name: str
    cells_total: int
    cells_covered: int
    coverage_ratio: float  # cells_covered / cells_total, in [0, 1]
    km: float
    minutes: float
    patrols: int
    last_visit: datetime | None  # aware UTC, None when no cell was visited in the period
    stale_cells: int


@dataclass(frozen=True, eq=False)
class _PerCell:
    cell: CellIds
    milliseconds: IntArray
    millimetres: IntArray
    patrols: IntArray
    last_ms: IntArray


def _per_cell(effort: EffortTable, rows: IntArray) -> _PerCell:
    """Sum the chosen records per cell (records are sorted by cell, day, patrol)."""
    cell, patrol = effort.cell[rows], effort.patrol[rows]
    if cell.size == 0:
        none = np.zeros(0, np.int64)
        return _PerCell(np.zeros(0, np.uint64), none, none, none, none)
    starts = np.flatnonzero(np.concatenate([[True], cell[1:] != cell[:-1]]))
    pair_order = np.lexsort((patrol, cell))
    pair_cell, pair_patrol = cell[pair_order], patrol[pair_order]
    new_pair = np.concatenate(
        [[True], (pair_cell[1:] != pair_cell[:-1]) | (pair_patrol[1:] != pair_patrol[:-1])]
    )
    return _PerCell(
        cell=cell[starts],
        milliseconds=np.add.reduceat(effort.milliseconds[rows], starts),
        millimetres=np.add.reduceat(effort.millimetres[rows], starts),
        patrols=np.add.reduceat(new_pair.astype(np.int64), starts),
        last_ms=np.maximum.reduceat(effort.last_ms[rows], starts),
    )


def _rows_in(effort: EffortTable, period: Period) -> IntArray:
    first, last = period.day_numbers()
    return np.flatnonzero((effort.day >= first) & (effort.day <= last))


def cell_effort(effort: EffortTable, period: Period) -> list[CellEffort]:
    """Return every cell visited in the period with its minutes, km, patrols and last visit."""
    per = _per_cell(effort, _rows_in(effort, period))
    return [
        CellEffort(cell, ms / 60_000.0, mm / 1_000_000.0, int(patrols), from_epoch_ms(int(last)))
        for cell, ms, mm, patrols, last in zip(
            cells_to_hex(per.cell),
            per.milliseconds.tolist(),
            per.millimetres.tolist(),
            per.patrols,
            per.last_ms,
            strict=True,
        )
    ]


def village_coverage(
    villages: Sequence[VillageCells],
    effort: EffortTable,
    *,
    period: Period,
    as_of: datetime,
    stale_after: timedelta = STALE_AFTER,
) -> list[VillageCoverage]:
    """Return each village's coverage in the period and its stale cells as of `as_of` (aware)."""
    rows = _rows_in(effort, period)
    in_period = _per_cell(effort, rows)
    _, last_day = period.day_numbers()
    history = _per_cell(effort, np.flatnonzero(effort.day <= last_day))
    stale_before_ms = round((to_epoch_seconds(as_of) - stale_after.total_seconds()) * 1000)
    result = []
    for village in villages:
        own = hex_to_cells(village.cells)
        visited = np.isin(in_period.cell, own)
        patrols = np.unique(effort.patrol[rows][np.isin(effort.cell[rows], own)])
        seen = history.last_ms[np.isin(history.cell, own)]
        fresh = int(np.count_nonzero(seen > stale_before_ms))
        covered = int(np.count_nonzero(visited))
        total = len(village.cells)
        result.append(
            VillageCoverage(
                village_id=village.village_id,
                name=village.name,
                cells_total=total,
                cells_covered=covered,
                coverage_ratio=covered / total if total else 0.0,
                km=int(in_period.millimetres[visited].sum()) / 1_000_000.0,
                minutes=int(in_period.milliseconds[visited].sum()) / 60_000.0,
                patrols=int(patrols.size),
                last_visit=(
                    from_epoch_ms(int(in_period.last_ms[visited].max())) if covered else None
                ),
                stale_cells=total - fresh,
            )
        )
    return result
