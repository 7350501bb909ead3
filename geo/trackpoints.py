"""The raw points of one track as parallel numpy arrays: the value every track function takes.

Times are UTC POSIX seconds (float, NaN when the device gave none), accuracy is metres (NaN when
unknown), `segment` numbers the device's own segments (a new one after lost reception: never
joined to the previous one), and `seq` is the order the device recorded the points in. `seq` only
breaks ties between equal timestamps; when a track arrives in chunks, give every point its own
`seq` (its index in the recording, or a row id) so that the chunks can be concatenated in any order
and still clean to the same track.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from geo.errors import TrackError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Row = tuple[float, float, datetime | None, float | None]  # lon, lat, time (aware), accuracy (m)


def to_epoch_seconds(moment: datetime) -> float:
    """Return an aware datetime as UTC POSIX seconds; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TrackError(f"datetime {moment.isoformat()} has no time zone: give aware UTC times")
    return (moment - EPOCH).total_seconds()


def from_epoch_ms(milliseconds: int) -> datetime:
    """Return UTC POSIX milliseconds as an aware UTC datetime."""
    return datetime.fromtimestamp(milliseconds / 1000.0, tz=UTC)


def _array(values: npt.ArrayLike | None, n: int, fill: float, dtype: type) -> npt.NDArray[Any]:
    if values is None:
        return np.full(n, fill, dtype=dtype)
    return np.asarray(values, dtype=dtype).ravel()


@dataclass(frozen=True, eq=False)
class TrackPoints:
    """Points of one track: lon/lat degrees, t (UTC s, NaN if none), accuracy_m, segment, seq."""

    lon: FloatArray
    lat: FloatArray
    t: FloatArray
    accuracy_m: FloatArray
    segment: IntArray
    seq: IntArray

    def __post_init__(self) -> None:
        """Check that every column has one value per point."""
        lengths = {
            name: int(np.size(getattr(self, name)))
            for name in ("lon", "lat", "t", "accuracy_m", "segment", "seq")
        }
        if len(set(lengths.values())) > 1:
            raise TrackError(f"track columns have different lengths: {lengths}")

    def __len__(self) -> int:
        """Return the number of points."""
        return int(self.lon.size)

    @classmethod
    def of(
        cls,
        lon: npt.ArrayLike,
        lat: npt.ArrayLike,
        t: npt.ArrayLike | None = None,
        *,
        accuracy_m: npt.ArrayLike | None = None,
        segment: npt.ArrayLike | None = None,
        seq: npt.ArrayLike | None = None,
    ) -> TrackPoints:
        """Build points from arrays; missing columns mean no time, unknown accuracy, one segment."""
        lons = np.asarray(lon, dtype=np.float64).ravel()
        n = lons.size
        return cls(
            lon=lons,
            lat=np.asarray(lat, dtype=np.float64).ravel(),
            t=_array(t, n, np.nan, np.float64),
            accuracy_m=_array(accuracy_m, n, np.nan, np.float64),
            segment=_array(segment, n, 0, np.int64),
            seq=np.arange(n, dtype=np.int64) if seq is None else _array(seq, n, 0, np.int64),
        )

    @classmethod
    def from_rows(cls, rows: Iterable[Row], *, first_seq: int = 0) -> TrackPoints:
        """Build points from (lon, lat, aware datetime or None, accuracy metres or None) rows."""
        listed = list(rows)
        n = len(listed)
        lon = np.fromiter((row[0] for row in listed), np.float64, count=n)
        lat = np.fromiter((row[1] for row in listed), np.float64, count=n)
        t = np.fromiter(
            (np.nan if row[2] is None else to_epoch_seconds(row[2]) for row in listed),
            np.float64,
            count=n,
        )
        accuracy = np.fromiter(
            (np.nan if row[3] is None else float(row[3]) for row in listed), np.float64, count=n
        )
        seq = np.arange(first_seq, first_seq + n, dtype=np.int64)
        return cls.of(lon, lat, t, accuracy_m=accuracy, seq=seq)

    def take(self, index: slice | IntArray | npt.NDArray[np.bool_]) -> TrackPoints:
        """Return the points at the given indices (or boolean mask), in that order."""
        return TrackPoints(
            self.lon[index],
            self.lat[index],
            self.t[index],
            self.accuracy_m[index],
            self.segment[index],
            self.seq[index],
        )

    @staticmethod
    def concat(parts: Sequence[TrackPoints]) -> TrackPoints:
        """Return the points of several chunks of one track, one after the other."""
        if not parts:
            return TrackPoints.of([], [])
        return TrackPoints(
            *(
                np.concatenate([getattr(part, name) for part in parts])
                for name in ("lon", "lat", "t", "accuracy_m", "segment", "seq")
            )
        )

    def same_as(self, other: TrackPoints) -> bool:
        """Say whether both hold exactly the same points in the same order (NaN equals NaN)."""
        return all(
            np.array_equal(getattr(self, name), getattr(other, name), equal_nan=True)
            for name in ("lon", "lat", "t", "accuracy_m", "segment", "seq")
        )
