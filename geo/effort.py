"""Per-cell effort of patrols: what one cleaned track did in each H3 cell, and how records merge.

A track covers the cells its line passes through. Each joined step between two kept points is
walked geodesically in pieces no longer than `densify_spacing_m(resolution)` (about 50 m at
resolution 9); every vertex of that walk (the kept points and the points between) falls in one
cell and carries half of each piece next to it, so the minutes and metres of every step are
shared out, in proportion to length, among the cells it crosses. A run of one point covers its
cell with no minutes and no metres; a run whose times are all equal has metres but no minutes.

One record per (cell, local day, patrol), in exact integer units (milliseconds, millimetres, UTC
POSIX milliseconds for the first and last visit), so merging is exact: `merge_effort` gives the
same table whatever the order or grouping of its inputs. The incremental rule: a patrol's records
come from one call of `track_effort` on the patrol's whole cleaned track (clean all chunks of one
track together: cleaning is sequential, so chunks cleaned apart could keep different points); the
records of different patrols then merge in any order. `day` is the local calendar day of each
vertex, at the caller's fixed `day_offset` from UTC, so periods of whole days can be summed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from geo.crs import geodesic_forward, geodesic_inverse
from geo.h3cells import (
    DEFAULT_RESOLUTION,
    CellIds,
    cells_to_hex,
    densify_spacing_m,
    hex_to_cells,
    lon_lat_to_cells,
)
from geo.trackpoints import FloatArray, IntArray, from_epoch_ms, to_epoch_seconds
from geo.tracks import CleanTrack

SECONDS_PER_DAY = 86_400
EPOCH_DAY = date(1970, 1, 1)
StrArray = npt.NDArray[np.str_]


@dataclass(frozen=True)
class EffortRecord:
    """One patrol's effort in one cell on one local day (exact integers; minutes and km derived)."""

    cell: str
    patrol_id: str
    day: date
    milliseconds: int
    millimetres: int
    first_visit: datetime  # aware UTC
    last_visit: datetime  # aware UTC

    @property
    def minutes(self) -> float:
        """Return the time spent in the cell, in minutes."""
        return self.milliseconds / 60_000.0

    @property
    def km(self) -> float:
        """Return the distance walked or ridden in the cell, in kilometres."""
        return self.millimetres / 1_000_000.0


@dataclass(frozen=True, eq=False)
class EffortTable:
    """Effort records as columns, sorted by (cell, day, patrol): the vectorised form."""

    cell: CellIds
    day: IntArray  # local days since 1970-01-01
    patrol: StrArray
    milliseconds: IntArray
    millimetres: IntArray
    first_ms: IntArray  # UTC POSIX milliseconds
    last_ms: IntArray

    def __len__(self) -> int:
        """Return the number of records."""
        return int(self.cell.size)

    @classmethod
    def empty(cls) -> EffortTable:
        """Return a table without records."""
        none = np.zeros(0, dtype=np.int64)
        return cls(np.zeros(0, np.uint64), none, np.zeros(0, np.str_), none, none, none, none)

    def records(self) -> list[EffortRecord]:
        """Return the rows as records (hex cells, dates, aware UTC datetimes) for storage."""
        return [
            EffortRecord(
                cell=cell,
                patrol_id=str(patrol),
                day=EPOCH_DAY + timedelta(days=int(day)),
                milliseconds=int(ms),
                millimetres=int(mm),
                first_visit=from_epoch_ms(int(first)),
                last_visit=from_epoch_ms(int(last)),
            )
            for cell, day, patrol, ms, mm, first, last in zip(
                cells_to_hex(self.cell),
                self.day,
                self.patrol,
                self.milliseconds,
                self.millimetres,
                self.first_ms,
                self.last_ms,
                strict=True,
            )
        ]

    @classmethod
    def from_records(cls, records: Iterable[EffortRecord]) -> EffortTable:
        """Build a table from stored records (merging any that share cell, day and patrol)."""
        rows = list(records)
        if not rows:
            return cls.empty()

        def ints(values: Iterable[int]) -> IntArray:
            return np.fromiter(values, np.int64, count=len(rows))

        table = cls(
            cell=hex_to_cells(r.cell for r in rows),
            day=ints((r.day - EPOCH_DAY).days for r in rows),
            patrol=np.array([r.patrol_id for r in rows], dtype=np.str_),
            milliseconds=ints(r.milliseconds for r in rows),
            millimetres=ints(r.millimetres for r in rows),
            first_ms=ints(round(to_epoch_seconds(r.first_visit) * 1000) for r in rows),
            last_ms=ints(round(to_epoch_seconds(r.last_visit) * 1000) for r in rows),
        )
        return merge_effort([table])

    def same_as(self, other: EffortTable) -> bool:
        """Say whether both tables hold exactly the same records in the same order."""
        names = ("cell", "day", "patrol", "milliseconds", "millimetres", "first_ms", "last_ms")
        return all(np.array_equal(getattr(self, n), getattr(other, n)) for n in names)


def track_effort(
    track: CleanTrack,
    patrol_id: str,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    day_offset: timedelta = timedelta(0),
) -> EffortTable:
    """Return the effort of one patrol's whole cleaned track, per (cell, local day)."""
    if len(track) == 0:
        return EffortTable.empty()
    lon, lat, t, metres, seconds = _vertices(track, densify_spacing_m(resolution))
    cells = lon_lat_to_cells(lon, lat, resolution)
    days = np.floor((t + day_offset.total_seconds()) / SECONDS_PER_DAY).astype(np.int64)
    order = np.lexsort((days, cells))
    cells, days = cells[order], days[order]
    starts = np.flatnonzero(
        np.concatenate([[True], (cells[1:] != cells[:-1]) | (days[1:] != days[:-1])])
    )
    t_ms = np.round(t[order] * 1000.0).astype(np.int64)
    return EffortTable(
        cell=cells[starts],
        day=days[starts],
        patrol=np.full(starts.size, patrol_id, dtype=f"<U{max(1, len(patrol_id))}"),
        milliseconds=np.round(np.add.reduceat(seconds[order], starts) * 1000).astype(np.int64),
        millimetres=np.round(np.add.reduceat(metres[order], starts) * 1000).astype(np.int64),
        first_ms=np.minimum.reduceat(t_ms, starts),
        last_ms=np.maximum.reduceat(t_ms, starts),
    )


def _vertices(
    track: CleanTrack, spacing_m: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Walk every joined step in pieces; return vertex lon, lat, t and their metres and seconds."""
    p = track.points
    n = len(p)
    run = track.run_ids
    joined = run[1:] == run[:-1]  # step i -> i + 1 is a line
    azimuth, dist = geodesic_inverse(p.lon[:-1], p.lat[:-1], p.lon[1:], p.lat[1:])
    dist = np.where(joined, dist, 0.0)
    dt = np.where(joined, np.diff(p.t), 0.0)
    owns = np.ones(n, dtype=np.int64)  # vertices per point: its own, plus those after it
    owns[:-1] = np.maximum(1, np.ceil(dist / spacing_m)).astype(np.int64)
    piece_m, piece_s = np.zeros(n), np.zeros(n)
    piece_m[:-1], piece_s[:-1] = dist / owns[:-1], dt / owns[:-1]
    before_m, before_s = np.zeros(n), np.zeros(n)
    before_m[1:], before_s[1:] = piece_m[:-1], piece_s[:-1]
    owner = np.repeat(np.arange(n), owns)
    step = np.arange(owner.size) - np.repeat(np.cumsum(owns) - owns, owns)
    first = step == 0
    # A vertex carries half of the piece before it and half of the piece after it.
    metres = np.where(first, 0.5 * (piece_m[owner] + before_m[owner]), piece_m[owner])
    seconds = np.where(first, 0.5 * (piece_s[owner] + before_s[owner]), piece_s[owner])
    fraction = step / owns[owner]
    lon, lat = p.lon[owner], p.lat[owner]
    t = p.t[owner] + np.append(dt, 0.0)[owner] * fraction
    inner = np.flatnonzero(~first)
    if inner.size:
        along = np.append(dist, 0.0)[owner[inner]] * fraction[inner]
        lon[inner], lat[inner] = geodesic_forward(
            lon[inner], lat[inner], np.append(azimuth, 0.0)[owner[inner]], along
        )
    return lon, lat, t, metres, seconds


def merge_effort(tables: Sequence[EffortTable]) -> EffortTable:
    """Merge effort tables exactly: the result does not depend on their order or grouping."""
    parts = [table for table in tables if len(table)]
    if not parts:
        return EffortTable.empty()

    def joined(name: str) -> npt.NDArray[np.generic]:
        return np.concatenate([getattr(table, name) for table in parts])

    cell, day, patrol = joined("cell"), joined("day"), joined("patrol")
    order = np.lexsort((patrol, day, cell))
    cell, day, patrol = cell[order], day[order], patrol[order]
    new = (cell[1:] != cell[:-1]) | (day[1:] != day[:-1]) | (patrol[1:] != patrol[:-1])
    starts = np.flatnonzero(np.concatenate([[True], new]))
    return EffortTable(
        cell=cell[starts].astype(np.uint64),
        day=day[starts].astype(np.int64),
        patrol=patrol[starts].astype(np.str_),
        milliseconds=np.add.reduceat(joined("milliseconds")[order], starts).astype(np.int64),
        millimetres=np.add.reduceat(joined("millimetres")[order], starts).astype(np.int64),
        first_ms=np.minimum.reduceat(joined("first_ms")[order], starts).astype(np.int64),
        last_ms=np.maximum.reduceat(joined("last_ms")[order], starts).astype(np.int64),
    )
