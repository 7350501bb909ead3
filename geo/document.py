"""From text, bytes or a parsed mapping to the list of features of an RFC 7946 document.

Problems here belong to the file as a whole (feature label `file`) and stop parsing at once:
without a readable FeatureCollection in a known coordinate system there is nothing sensible to
say per feature. A file may declare GCJ-02 or BD-09 (`declarations`): the parser reports it and
leaves converting to the caller, who decides (`fieldops import geo --crs`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from geo.china_crs import Crs, parse_crs
from geo.errors import FILE_LABEL, CrsError, FeatureProblem, GeoValidationError
from geo.labels import json_type, quoted

CRS_MEMBERS = ("crs", "coordinate_system")  # where a file may say which system it is in

# RFC 7946 removed `crs`; older files still carry one. These all mean WGS84 longitude/latitude
# (CGCS2000, EPSG:4490, is China's realisation of the same datum: within a metre of WGS84).
_WGS84_NAME = re.compile(
    r"^(urn:ogc:def:crs:)?(ogc:(1\.3)?:?crs84|crs84|epsg:[\d.]*:?(4326|4490)|"
    r"wgs[ _]?(19)?84|gcs_wgs_1984|cgcs2000)$"
)


def _fail(field: str, message: str) -> GeoValidationError:
    return GeoValidationError((FeatureProblem(FILE_LABEL, field, message),))


def decode(data: str | bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), falling back to GBK; strip a BOM from text."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _fail("", "file is neither UTF-8 nor GBK text")


def load(data: str | bytes | Mapping[str, Any]) -> Mapping[str, Any]:
    """Parse the document into a mapping, refusing empty text and invalid JSON."""
    if isinstance(data, Mapping):
        return data
    if not isinstance(data, str | bytes | bytearray):  # already parsed, but not an object
        raise _fail("", f"must be a GeoJSON FeatureCollection object, not {json_type(data)}")
    text = decode(bytes(data) if isinstance(data, bytearray) else data)
    if not text.strip():
        raise _fail("", "file is empty")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise _fail("", message) from exc
    except RecursionError:
        raise _fail("", "not valid JSON: nested too deeply") from None
    if not isinstance(document, Mapping):
        raise _fail("", f"must be a GeoJSON FeatureCollection object, not {json_type(document)}")
    return document


def _crs_name(crs: object) -> str | None:
    if isinstance(crs, str):
        return crs
    if isinstance(crs, int) and not isinstance(crs, bool):  # a bare EPSG code, e.g. 4326
        return f"EPSG:{crs}"
    if not isinstance(crs, Mapping):
        return None
    properties = crs.get("properties")
    if not isinstance(properties, Mapping):
        return None
    for key in ("name", "code", "href"):
        if properties.get(key) is not None:
            value = properties[key]
            return f"EPSG:{value}" if key == "code" else str(value)
    return None


def check_crs(crs: object, field: str = "crs") -> Crs | None:
    """Return the system a `crs` member names (None if absent); refuse one FieldOps cannot read.

    WGS84 and CGCS2000 names, and China's shifted systems (GCJ-02, BD-09: `geo.china_crs`), are
    understood; anything else (projected metres, other datums) is refused with a hint.
    """
    if crs is None:
        return None
    name = _crs_name(crs)
    if name is not None and _WGS84_NAME.match(name.strip().lower()):
        return "cgcs2000" if "2000" in name or "4490" in name else "wgs84"
    if name is not None:
        try:
            return parse_crs(name)
        except CrsError:
            pass
    shown = f"names {quoted(name)}" if name is not None else f"is {json.dumps(crs, default=str)}"
    raise _fail(
        field,
        f"crs {shown}, but RFC 7946 GeoJSON is WGS84 longitude/latitude only (EPSG:4326, "
        "CRS84): reproject the file, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`",
    )


def declarations(member: Mapping[str, Any]) -> list[tuple[str, Crs]]:
    """Return (field, system) for each coordinate system a document or feature declares.

    Looked for: a `crs` member (RFC 7946 dropped it; older files and some exporters still write
    one), a foreign member `coordinate_system`, and both of these inside `properties`.
    """
    found: list[tuple[str, Crs]] = []
    properties = member.get("properties")
    places = [("", member)]
    if isinstance(properties, Mapping):
        places.append(("properties.", properties))
    for prefix, where in places:
        for key in CRS_MEMBERS:
            system = check_crs(where.get(key), f"{prefix}{key}")
            if system is not None:
                found.append((f"{prefix}{key}", system))
    return found


def features_of(document: Mapping[str, Any]) -> list[Any]:
    """Return the `features` of a FeatureCollection (or a single Feature as a list of one)."""
    kind = document.get("type")
    declarations(document)  # refuses an unreadable crs before anything else
    if kind == "Feature":
        return [document]
    if kind != "FeatureCollection":
        found = quoted(kind) if isinstance(kind, str) else json_type(kind)
        raise _fail("type", f'must be "FeatureCollection" (or a single "Feature"), not {found}')
    features = document.get("features")
    if not isinstance(features, list):
        raise _fail("features", f"must be an array of features, not {json_type(features)}")
    if not features:
        raise _fail("features", "the FeatureCollection has no features: nothing to import")
    return features
