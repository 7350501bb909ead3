"""Errors raised by the pure geometry package.

The whole tree, drawn once::

    GeoError                      base class: anything `geo` refuses to do
    ├── CoordinateError           one lon/lat pair is not a WGS84 coordinate (also a ValueError)
    ├── CrsError                  not a coordinate system FieldOps converts (wgs84, cgcs2000,
    │                             gcj02, bd09), or a file that mixes them (also a ValueError)
    ├── CellError                 not an H3 cell id, or not an H3 resolution (also a ValueError)
    ├── GpxError                  a GPX document cannot be read; names the line and the element,
    │                             and the track/segment/point for a bad coordinate (a ValueError)
    ├── TrackError                track points given in a shape `geo` cannot use: arrays of
    │                             different lengths, naive datetimes (also a ValueError)
    └── GeoValidationError        a GeoJSON file has problems; `problems` lists every one of them,
                                  each a FeatureProblem(feature, field, message)

A `GeoValidationError` is all-or-nothing: the parser collects every problem in the file before
raising, so a caller imports either the whole file or nothing, and `str(error)` (one problem per
line) is what the command line prints.
"""

from __future__ import annotations

from dataclasses import dataclass

FILE_LABEL = "file"  # the `feature` label of a problem that belongs to the file as a whole


class GeoError(Exception):
    """Base class of every error raised by `geo`."""


class CoordinateError(GeoError, ValueError):
    """A longitude/latitude pair outside WGS84's range or not a finite number."""


class CrsError(GeoError, ValueError):
    """A coordinate system name FieldOps does not know, or one file declaring several."""


class CellError(GeoError, ValueError):
    """A string that is not a valid H3 cell, or a resolution outside 0..15."""


class GpxError(GeoError, ValueError):
    """A GPX document that is not well-formed, unsafe, or holds an impossible coordinate."""

    def __init__(self, message: str, *, line: int | None = None, element: str | None = None):
        self.line = line
        self.element = element
        where = ", ".join(
            part
            for part in (
                f"line {line}" if line is not None else "",
                f"<{element}>" if element else "",
            )
            if part
        )
        super().__init__(f"GPX {where}: {message}" if where else f"GPX: {message}")


class TrackError(GeoError, ValueError):
    """Track points given in a shape that cannot be cleaned (ragged arrays, naive times)."""


@dataclass(frozen=True)
class FeatureProblem:
    """One thing wrong with one feature of a GeoJSON file.

    `feature` is a human label such as ``feature #3 (code "V03", name "一村")`` (counted from 1 in
    the file's `features` array) or ``file``; `field` is a path such as
    ``geometry.coordinates[0]`` or ``properties.code`` (empty when the whole feature is meant).
    """

    feature: str
    field: str
    message: str

    def __str__(self) -> str:
        """Render the problem as one line: `<feature> at <field>: <message>`."""
        where = f"{self.feature} at {self.field}" if self.field else self.feature
        return f"{where}: {self.message}".replace("\n", " ")  # one problem, one line


class GeoValidationError(GeoError):
    """A GeoJSON document was rejected; `problems` holds every problem found, in file order."""

    def __init__(self, problems: tuple[FeatureProblem, ...] | list[FeatureProblem]) -> None:
        self.problems: tuple[FeatureProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __str__(self) -> str:
        """List every problem, one per line."""
        return "\n".join(str(problem) for problem in self.problems)
