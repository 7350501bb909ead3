"""Typed readers for the fields of problem-file records; every error names the record."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scheduler.errors import ProblemError


@dataclass(frozen=True)
class Record:
    """One object of the file with the path that names it in errors."""

    path: str
    data: Mapping[str, Any]
    id: str = ""

    def error(self, message: str) -> ProblemError:
        """Return a `ProblemError` about this record."""
        return ProblemError(self.path, message)


TOP = Record("", {})


def get_object(rec: Record, key: str, value: Any) -> Mapping[str, Any]:
    """Return `value` if it is a JSON object."""
    if not isinstance(value, Mapping):
        raise rec.error(f"{key} must be an object, got {value!r}")
    return value


def get_list(rec: Record, key: str, value: Any) -> list[Any]:
    """Return `value` if it is a JSON array."""
    if not isinstance(value, list | tuple):
        raise rec.error(f"{key} must be a list, got {value!r}")
    return list(value)


def get_str(rec: Record, key: str, value: Any) -> str:
    """Return `value` if it is a non-empty string."""
    if not isinstance(value, str) or not value:
        raise rec.error(f"{key} must be a non-empty string, got {value!r}")
    return value


def get_int(rec: Record, key: str, value: Any) -> int:
    """Return `value` if it is a whole number that is not negative."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise rec.error(f"{key} must be a whole number, got {value!r}")
    if value < 0:
        raise rec.error(f"{key} is negative ({value})")
    return int(value)


def get_number(rec: Record, key: str, value: Any) -> float:
    """Return `value` if it is a finite number that is not negative."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise rec.error(f"{key} must be a finite number, got {value!r}")
    if value < 0:
        raise rec.error(f"{key} is negative ({value})")
    return float(value)


def get_datetime(rec: Record, key: str, value: Any) -> datetime:
    """Return `value` parsed as an ISO 8601 datetime that carries a UTC offset."""
    if not isinstance(value, str):
        raise rec.error(f"{key} must be an ISO 8601 datetime string, got {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise rec.error(f'{key} "{value}" is not a valid ISO 8601 datetime') from None
    if moment.utcoffset() is None:
        raise rec.error(f'{key} "{value}" has no UTC offset (write e.g. +08:00)')
    return moment


def get_coords(rec: Record, key: str, value: Any) -> tuple[float, float] | None:
    """Return `value` as [lon, lat] in range, or None when absent."""
    if value is None:
        return None
    pair = get_list(rec, key, value)
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair)
    if len(pair) != 2 or not numeric:
        raise rec.error(f"{key} must be [lon, lat], got {value!r}")
    lon, lat = float(pair[0]), float(pair[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise rec.error(f"{key} {value!r} is out of range for [lon, lat]")
    return lon, lat


def records(data: Mapping[str, Any], key: str) -> list[Record]:
    """Return the objects of the top-level list `key`, each with an id that is unique."""
    found: list[Record] = []
    seen: set[str] = set()
    for i, raw in enumerate(get_list(TOP, key, data.get(key, []))):
        item = get_object(Record(f"{key}[{i}]", {}), "the record", raw)
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            raise ProblemError(f"{key}[{i}]", f"id must be a non-empty string, got {ident!r}")
        rec = Record(f'{key}[{i}] (id "{ident}")', item, ident)
        if ident in seen:
            raise rec.error(f'duplicate id "{ident}"')
        seen.add(ident)
        found.append(rec)
    return found
