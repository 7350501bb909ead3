"""Track cleaning: from what a device recorded to runs of points that may be joined by lines.

The rules, in the order they apply (each dropped point is counted under its first reason):

1. position: a point whose lon/lat is not finite or outside WGS84's range is dropped.
2. accuracy: a point whose accuracy is worse than `max_accuracy_m` (default 50 m) is dropped; a
   point without an accuracy is kept.
3. timestamp: a point without a time, before 2000-01-01 UTC (receivers that lost their almanac say
   1901 or 1980), or more than 24 h after the caller's `now` is dropped.
4. The rest is sorted by time (ties by `seq`, the recording order) and identical fixes (same time,
   lon and lat) are dropped as duplicates, keeping the one recorded first.
5. jump: walking in time order, a point is dropped when the implied speed from the last KEPT point
   is over `max_speed_kmh` (default 120 km/h), so one wild fix does not also drop the good point
   after it. Points with the same time as the last kept point have no speed and are kept: a track
   whose timestamps are all equal is one run through its points in recording order. When
   `recover_after` (default 3) dropped points in a row agree with each other, the last kept point
   was the wild one (a bad first fix): they are kept and start a new run.
6. Runs: a new run starts at a gap over `max_gap` (default 10 minutes), at a new device segment,
   and after a recovery. Runs are never joined by a line; a run of one point covers its cell only.

Cleaning is causal: appending points later than every point of a track never changes what was
decided about the earlier ones, except that a trailing set of dropped points may be recovered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from geo.crs import geodesic_distance_m, geodesic_inverse, out_of_range_mask
from geo.trackpoints import IntArray, TrackPoints, to_epoch_seconds

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class CleaningRules:
    """The thresholds of track cleaning (metres, km/h, durations)."""

    max_accuracy_m: float = 50.0
    max_speed_kmh: float = 120.0
    max_gap: timedelta = timedelta(minutes=10)
    recover_after: int = 3
    earliest: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    max_ahead_of_now: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class DropCounts:
    """How many points cleaning dropped, by reason."""

    position: int = 0
    accuracy: int = 0
    timestamp: int = 0
    duplicate: int = 0
    jump: int = 0

    @property
    def total(self) -> int:
        """Return the number of dropped points."""
        return self.position + self.accuracy + self.timestamp + self.duplicate + self.jump


@dataclass(frozen=True, eq=False)
class CleanTrack:
    """Kept points in time order, where each run starts, and what was dropped and why."""

    points: TrackPoints
    run_starts: IntArray  # index into `points` of the first point of each run
    dropped: DropCounts

    def __len__(self) -> int:
        """Return the number of kept points."""
        return len(self.points)

    @property
    def run_ids(self) -> IntArray:
        """Return, for every kept point, the number of its run (0, 1, ...)."""
        marks = np.zeros(len(self.points), dtype=np.int64)
        marks[self.run_starts[1:]] = 1
        return np.cumsum(marks)

    @property
    def runs(self) -> tuple[TrackPoints, ...]:
        """Return each run as its own points."""
        bounds = [*self.run_starts.tolist(), len(self.points)]
        return tuple(self.points.take(slice(a, b)) for a, b in pairwise(bounds))


def clean_track(
    points: TrackPoints, *, now: datetime, rules: CleaningRules | None = None
) -> CleanTrack:
    """Clean one whole track (all its chunks concatenated) as of `now` (aware UTC)."""
    rules = rules or CleaningRules()
    position_ok = ~out_of_range_mask(points.lon, points.lat)
    accuracy_ok = ~(points.accuracy_m > rules.max_accuracy_m)  # NaN (unknown) compares False
    latest = to_epoch_seconds(now) + rules.max_ahead_of_now.total_seconds()
    with np.errstate(invalid="ignore"):
        time_ok = (points.t >= to_epoch_seconds(rules.earliest)) & (points.t <= latest)
    candidates = points.take(np.flatnonzero(position_ok & accuracy_ok & time_ok))
    ordered = candidates.take(_time_order(candidates))
    unique = ordered.take(np.flatnonzero(~_duplicates(ordered)))
    keep, new_run = _speed_filter(unique, rules)
    kept = unique.take(np.flatnonzero(keep))
    dropped = DropCounts(
        position=int(np.count_nonzero(~position_ok)),
        accuracy=int(np.count_nonzero(position_ok & ~accuracy_ok)),
        timestamp=int(np.count_nonzero(position_ok & accuracy_ok & ~time_ok)),
        duplicate=len(ordered) - len(unique),
        jump=len(unique) - len(kept),
    )
    return CleanTrack(kept, np.flatnonzero(new_run[keep]).astype(np.int64), dropped)


def _time_order(points: TrackPoints) -> IntArray:
    """Order by time, then recording order, then position: one order whatever the chunk order."""
    t, seq = points.t, points.seq
    if t.size < 2 or bool(np.all((t[1:] > t[:-1]) | ((t[1:] == t[:-1]) & (seq[1:] > seq[:-1])))):
        return np.arange(t.size, dtype=np.int64)  # devices record in order: skip the sort
    keys = (points.accuracy_m, points.lat, points.lon, seq, t)
    return np.lexsort(keys).astype(np.int64)


def _duplicates(points: TrackPoints) -> BoolArray:
    """Mark every fix identical (time, lon, lat) to one recorded before it."""
    t = points.t
    duplicate = np.zeros(t.size, dtype=np.bool_)
    if t.size < 2:
        return duplicate
    same_time = t[1:] == t[:-1]
    tied = np.flatnonzero(np.concatenate([[False], same_time]) | np.append(same_time, False))
    if tied.size == 0:
        return duplicate
    lon, lat = points.lon[tied], points.lat[tied]
    order = np.lexsort((points.seq[tied], lat, lon, t[tied]))
    lon, lat, tt = lon[order], lat[order], t[tied][order]
    repeat = (tt[1:] == tt[:-1]) & (lon[1:] == lon[:-1]) & (lat[1:] == lat[:-1])
    duplicate[tied[order][1:][repeat]] = True
    return duplicate


def _speed_filter(points: TrackPoints, rules: CleaningRules) -> tuple[BoolArray, BoolArray]:
    """Return (keep, starts a run) per point: vectorised where every step is plausible."""
    n = len(points)
    gap_s = rules.max_gap.total_seconds()
    max_speed = rules.max_speed_kmh / 3.6  # metres per second
    _, step = geodesic_inverse(points.lon[:-1], points.lat[:-1], points.lon[1:], points.lat[1:])
    dt = np.diff(points.t)
    with np.errstate(divide="ignore", invalid="ignore"):
        plausible = (dt > gap_s) | (dt == 0) | (step <= max_speed * dt)
    keep = np.ones(n, dtype=np.bool_)
    new_run = np.ones(n, dtype=np.bool_)
    new_run[1:] = (dt > gap_s) | (points.segment[1:] != points.segment[:-1])
    walker = _Walker(
        points,
        keep=keep,
        new_run=new_run,
        gap_s=gap_s,
        max_speed=max_speed,
        recover_after=rules.recover_after,
    )
    resume = 0
    for first_bad in (np.flatnonzero(~plausible) + 1).tolist():
        if first_bad >= resume:  # the last kept point is first_bad - 1: walk from there
            resume = walker.walk(anchor=first_bad - 1, start=first_bad)
    return keep, new_run


class _Walker:
    """The point-by-point part of the speed filter, used only after an implausible step."""

    def __init__(
        self,
        points: TrackPoints,
        *,
        keep: BoolArray,
        new_run: BoolArray,
        gap_s: float,
        max_speed: float,
        recover_after: int,
    ) -> None:
        self.p, self.keep, self.new_run = points, keep, new_run
        self.gap_s, self.max_speed, self.recover_after = gap_s, max_speed, recover_after

    def _joins(self, a: int, b: int) -> bool:
        """Say whether point b may follow point a in one run (same segment, no gap, speed)."""
        dt = float(self.p.t[b] - self.p.t[a])
        if dt > self.gap_s or self.p.segment[a] != self.p.segment[b]:
            return False
        if dt == 0:
            return True
        lon, lat = self.p.lon, self.p.lat
        return float(geodesic_distance_m(lon[a], lat[a], lon[b], lat[b])) <= self.max_speed * dt

    def _plausible_after(self, anchor: int, j: int) -> bool:
        dt = float(self.p.t[j] - self.p.t[anchor])
        if dt > self.gap_s:
            return True  # a new run: nothing to compare with
        if dt == 0:
            return True
        lon, lat = self.p.lon, self.p.lat
        distance = float(geodesic_distance_m(lon[anchor], lat[anchor], lon[j], lat[j]))
        return distance <= self.max_speed * dt

    def walk(self, *, anchor: int, start: int) -> int:
        """Decide points from start on until the filter is back in step; return where it stopped."""
        streak: list[int] = []
        for j in range(start, len(self.p)):
            if self._plausible_after(anchor, j):
                self.keep[j] = True
                self.new_run[j] = not self._joins_in_time(anchor, j)
                return j + 1
            streak = [*streak, j] if streak and self._joins(streak[-1], j) else [j]
            self.keep[j] = False
            if len(streak) >= self.recover_after:
                self.keep[streak] = True
                self.new_run[streak] = False
                self.new_run[streak[0]] = True
                return j + 1
        return len(self.p)

    def _joins_in_time(self, a: int, b: int) -> bool:
        gap = float(self.p.t[b] - self.p.t[a]) > self.gap_s
        return not gap and bool(self.p.segment[a] == self.p.segment[b])
