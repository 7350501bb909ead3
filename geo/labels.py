"""Who a feature is: its code, its name and the label that names it in every message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Issue = tuple[str, str]  # (field path, message) about one feature; the caller adds the label


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
    if isinstance(value, list):
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


def feature_identity(feature: Mapping[str, Any], properties: Mapping[str, Any]) -> Identity:
    """Resolve code (code, adcode, id, then name) and name (name, then the code) of a feature."""
    issues: list[Issue] = []
    candidates: dict[str, str | None] = {}
    for key, value in (
        ("properties.code", properties.get("code")),
        ("properties.adcode", properties.get("adcode")),
        ("id", feature.get("id")),
        ("properties.name", properties.get("name")),
    ):
        candidates[key], issue = _as_code(value, key)
        if issue:
            issues.append(issue)
    name = candidates["properties.name"]
    given_code = (
        candidates["properties.code"] or candidates["properties.adcode"] or candidates["id"]
    )
    code = given_code or name
    return Identity(code, name or code, given_code, name, tuple(issues))


def feature_label(index: int, code: str | None = None, name: str | None = None) -> str:
    """Label a feature for people: `feature #3 (code "V03", name "一村")`, counted from 1."""
    parts = [f'code "{code}"'] if code else []
    if name:
        parts.append(f'name "{name}"')
    return f"feature #{index} ({', '.join(parts)})" if parts else f"feature #{index}"
