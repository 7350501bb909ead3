"""Who a feature is: its code, its name and the label that names it in every message."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Issue = tuple[str, str]  # (field path, message) about one feature; the caller adds the label


def quoted(text: str) -> str:
    """Quote text from the file as a JSON string, so a newline in it cannot split a message line."""
    return json.dumps(text, ensure_ascii=False)


def json_type(value: object) -> str:
    """Name a parsed JSON value's type the way the file's author would say it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


@dataclass(frozen=True)
class Identity:
    """A feature's code and name after the fallbacks, what the file gave, and what was wrong."""

    code: str | None
    name: str | None
    given_code: str | None  # from code, adcode or id: what the label shows
    given_name: str | None
    issues: tuple[Issue, ...] = ()

    def label(self, index: int) -> str:
        """Label the feature for people, counted from 1 in the file's features."""
        return feature_label(index, self.given_code, self.given_name)


def _as_code(value: object, path: str) -> tuple[str | None, Issue | None]:
    """Turn a property into a code string: text is stripped, an integer becomes its decimal."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return (value.strip() or None), None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None  # an adcode some tool wrote as 542425.0
    return None, (path, f"must be a string or an integer, not {json_type(value)}")


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def feature_identity(feature: Mapping[str, Any], properties: Mapping[str, Any]) -> Identity:
    """Resolve code (code, adcode, id, then name) and name (name, then the code) of a feature.

    The first of code, adcode and id that is present decides; if it is not a string or a whole
    number, that is an issue rather than a reason to fall back silently.
    """
    issues: list[Issue] = []
    name, issue = _as_code(properties.get("name"), "properties.name")
    issues.extend([issue] if issue else [])
    given_code = None
    for key, value in (
        ("properties.code", properties.get("code")),
        ("properties.adcode", properties.get("adcode")),
        ("id", feature.get("id")),
    ):
        if _present(value):
            given_code, issue = _as_code(value, key)
            issues.extend([issue] if issue else [])
            break
    code = given_code or name
    return Identity(code, name or code, given_code, name, tuple(issues))


def feature_label(index: int, code: str | None = None, name: str | None = None) -> str:
    """Label a feature for people: `feature #3 (code "V03", name "一村")`, counted from 1."""
    parts = [f"code {quoted(code)}"] if code else []
    if name:
        parts.append(f"name {quoted(name)}")
    return f"feature #{index} ({', '.join(parts)})" if parts else f"feature #{index}"
