"""GPX 1.0 and 1.1 from text or bytes: tracks, their segments and their points.

What is read: every `<trk>` (with its `<name>`), every `<trkseg>` in it (empty ones included, as
empty segments), and every `<trkpt>` with its lat/lon, `<time>` (ISO 8601; a time without an
offset is UTC, as GPX says) and `<hdop>`, turned into an accuracy of hdop x 5 m (a usual proxy for
the 1-sigma error of consumer receivers). Routes (`<rte>`) and waypoints (`<wpt>`) are plans and
places, not where anyone walked: they are counted and otherwise ignored. Elements in other
namespaces (`<extensions>` of Garmin and others) are skipped.

What is refused, as a `GpxError` naming the line and element: text that is not well-formed XML,
any DOCTYPE or entity declaration (the billion-laughs and external-entity attacks need one), a root
other than `<gpx>`, a `<trkpt>` outside a `<trkseg>`, and a point whose lat/lon is missing, not a
number or out of range (also naming the track, segment and point, counted from 1). An unreadable
`<time>` or `<hdop>` is not fatal: the point gets None and the document a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from xml.parsers import expat

import numpy as np

from geo.crs import lon_lat_problem
from geo.errors import GpxError
from geo.trackpoints import TrackPoints

HDOP_TO_METRES = 5.0
GPX_NAMESPACES = {
    "http://www.topografix.com/GPX/1/0": "1.0",
    "http://www.topografix.com/GPX/1/1": "1.1",
    "": "",
}
_TEXT_OF_POINT = {"time", "hdop"}
MAX_WARNINGS = 20


@dataclass(frozen=True)
class GpxPoint:
    """One recorded fix: lon/lat degrees, time (aware UTC) and accuracy in metres, when known."""

    lon: float
    lat: float
    time: datetime | None
    accuracy_m: float | None


@dataclass(frozen=True)
class GpxSegment:
    """A continuous span of recording: the device lost no fix inside it."""

    points: tuple[GpxPoint, ...]


@dataclass(frozen=True)
class GpxTrack:
    """A track: its name, if any, and its segments in file order."""

    name: str | None
    segments: tuple[GpxSegment, ...]

    def points(self, *, first_seq: int = 0) -> TrackPoints:
        """Return all points as TrackPoints: segment numbers from 0, seq in file order."""
        fixes = [(i, p) for i, s in enumerate(self.segments) for p in s.points]
        return TrackPoints.of(
            [p.lon for _, p in fixes],
            [p.lat for _, p in fixes],
            [np.nan if p.time is None else p.time.timestamp() for _, p in fixes],
            accuracy_m=[np.nan if p.accuracy_m is None else p.accuracy_m for _, p in fixes],
            segment=[i for i, _ in fixes],
            seq=np.arange(first_seq, first_seq + len(fixes)),
        )


@dataclass(frozen=True)
class GpxDocument:
    """What a GPX file holds: its version, creator, tracks, and what was ignored or doubtful."""

    version: str
    creator: str | None
    tracks: tuple[GpxTrack, ...]
    routes: int = 0
    waypoints: int = 0
    warnings: tuple[str, ...] = ()


def parse_gpx(data: str | bytes) -> GpxDocument:
    """Parse GPX 1.0 or 1.1 text or bytes into tracks, segments and points, or raise GpxError."""
    if isinstance(data, str):
        raw, encoding = data.removeprefix("\ufeff").encode("utf-8"), "utf-8"
    else:
        raw, encoding = bytes(data), None
    if not raw.strip():
        raise GpxError("the document is empty")
    reader = _Reader(expat.ParserCreate(encoding, namespace_separator=" "))
    return reader.read(raw)


class _Reader:
    """Expat callbacks that build the document while keeping the line of every element."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.path: list[str] = []  # local names of the GPX elements we are inside
        self.foreign_depth = 0
        self.version: str = ""
        self.creator: str | None = None
        self.tracks: list[GpxTrack] = []
        self.track_name: str | None = None
        self.segments: list[GpxSegment] = []
        self.points: list[GpxPoint] | None = None
        self.point: dict[str, str] = {}
        self.point_line = 0
        self.text: list[str] | None = None
        self.routes = self.waypoints = 0
        self.warnings: list[str] = []

    def read(self, raw: bytes) -> GpxDocument:
        try:
            self.parser.Parse(raw, True)
        except expat.ExpatError as exc:
            element = self.path[-1] if self.path else None
            message = f"not well-formed XML: {expat.ErrorString(exc.code)} (column {exc.offset})"
            raise GpxError(message, line=exc.lineno, element=element) from None
        if not self.version:
            raise GpxError("no <gpx> element found")
        return GpxDocument(
            self.version,
            self.creator,
            tuple(self.tracks),
            self.routes,
            self.waypoints,
            tuple(self.warnings[:MAX_WARNINGS]),
        )

    def _error(self, message: str, element: str | None = None) -> GpxError:
        where = element or (self.path[-1] if self.path else None)
        return GpxError(message, line=self.parser.CurrentLineNumber, element=where)

    def _refuse_doctype(self, *_: object) -> None:
        raise self._error("a DOCTYPE is not allowed in GPX (entity expansion attacks need one)")

    def _refuse_entity(self, name: str, *_: object) -> None:
        raise self._error(f"entity declaration {name!r} is not allowed in GPX")

    def _warn(self, message: str) -> None:
        self.warnings.append(f"line {self.parser.CurrentLineNumber}: {message}")

    def _start(self, qualified: str, attributes: dict[str, str]) -> None:
        namespace, _, local = qualified.rpartition(" ")
        if self.foreign_depth or namespace not in GPX_NAMESPACES:
            self.foreign_depth += 1
            return
        if not self.path:
            self._start_root(local, namespace, attributes)
        elif local == "trk":
            self.track_name, self.segments = None, []
        elif local == "trkseg":
            self.points = []
        elif local == "trkpt":
            if self.points is None or self.path[-1] != "trkseg":
                raise self._error("a <trkpt> must be inside a <trkseg>", "trkpt")
            self.point = {"lat": attributes.get("lat", ""), "lon": attributes.get("lon", "")}
            self.point_line = self.parser.CurrentLineNumber
        elif local == "rte":
            self.routes += 1
        elif local == "wpt" and self.path == ["gpx"]:
            self.waypoints += 1
        parent = self.path[-1] if self.path else ""
        if (local in _TEXT_OF_POINT and parent == "trkpt") or (local, parent) == ("name", "trk"):
            self.text = []
        self.path.append(local)

    def _start_root(self, local: str, namespace: str, attributes: dict[str, str]) -> None:
        if local != "gpx":
            raise self._error(f"not a GPX document: the root element is <{local}>", local)
        self.version = attributes.get("version") or GPX_NAMESPACES[namespace] or "unknown"
        self.creator = attributes.get("creator")
        if self.version not in ("1.0", "1.1"):
            self._warn(f"GPX version {self.version!r} is neither 1.0 nor 1.1: read as 1.1")

    def _text(self, content: str) -> None:
        if self.text is not None and not self.foreign_depth:
            self.text.append(content)

    def _end(self, qualified: str) -> None:
        if self.foreign_depth:
            self.foreign_depth -= 1
            return
        local = self.path.pop()
        if self.text is not None and local in ("time", "hdop", "name"):
            value = "".join(self.text).strip()
            if local == "name":
                self.track_name = value or None
            else:
                self.point[local] = value
            self.text = None
        elif local == "trkpt" and self.points is not None:
            self.points.append(self._finish_point())
        elif local == "trkseg" and self.points is not None:
            self.segments.append(GpxSegment(tuple(self.points)))
            self.points = None
        elif local == "trk":
            self.tracks.append(GpxTrack(self.track_name, tuple(self.segments)))

    def _finish_point(self) -> GpxPoint:
        assert self.points is not None
        where = (
            f"track {len(self.tracks) + 1}, segment {len(self.segments) + 1}, "
            f"point {len(self.points) + 1}"
        )
        coordinates = []
        for name in ("lon", "lat"):
            text = self.point.get(name, "")
            try:
                coordinates.append(float(text))
            except ValueError:
                shown = f"{text!r} is not a number" if text else "is missing"
                message = f"{where}: {name} {shown}"
                raise GpxError(message, line=self.point_line, element="trkpt") from None
        lon, lat = coordinates
        if (problem := lon_lat_problem(lon, lat)) is not None:
            raise GpxError(f"{where}: {problem}", line=self.point_line, element="trkpt")
        return GpxPoint(lon, lat, self._time(where), self._accuracy(where))

    def _time(self, where: str) -> datetime | None:
        text = self.point.get("time")
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self._warn(f"{where}: unreadable <time> {text!r}, the point has no time")
            return None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    def _accuracy(self, where: str) -> float | None:
        text = self.point.get("hdop")
        if not text:
            return None
        try:
            hdop = float(text)
        except ValueError:
            hdop = float("nan")
        if not (np.isfinite(hdop) and hdop >= 0):
            self._warn(f"{where}: unreadable <hdop> {text!r}, the point has no accuracy")
            return None
        return hdop * HDOP_TO_METRES
