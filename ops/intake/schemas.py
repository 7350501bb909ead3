"""The shape of what phones send, checked item by item so one bad item never sinks its batch."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)

MAX_ITEMS = 500
FUTURE_LIMIT = timedelta(hours=24)
HAZARD_CATEGORIES: dict[str, tuple[str, str]] = {
    "no_helmet": ("未戴头盔", "no helmet"),
    "no_seatbelt": ("未系安全带", "no seat belt"),
    "speeding": ("超速", "speeding"),
    "lane_occupation": ("占道", "lane occupation"),
    "mixed_passenger_cargo": ("人货混装", "people riding on cargo"),
    "other_traffic": ("其他交通违法", "other traffic violation"),
    "safety": ("安全隐患", "safety hazard"),
    "petition": ("信访隐患", "petition"),
    "dispute": ("矛盾纠纷", "dispute"),
    "other": ("其他", "other"),
}

Lon = Annotated[float, Field(ge=-180, le=180)]
Lat = Annotated[float, Field(ge=-90, le=90)]


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, str_strip_whitespace=True)

    id: UUID
    staff_id: str = Field(min_length=1, max_length=64)


class CheckInItem(_Item):
    """One check-in or check-out as the phone sends it."""

    kind: Literal["in", "out"]
    recorded_at: AwareDatetime
    lon: Lon
    lat: Lat
    accuracy_m: float | None = Field(default=None, ge=0, le=100_000)
    assignment_id: int | None = None


class TrackItem(_Item):
    """One chunk of a GPS track: points are [lon, lat, ISO time or null, accuracy_m or null]."""

    points: list[list[Any]] = Field(min_length=1, max_length=20_000)

    @field_validator("points")
    @classmethod
    def _points(cls, points: list[list[Any]]) -> list[list[Any]]:
        return [_track_point(i, p) for i, p in enumerate(points)]


class HazardItem(_Item):
    """One hazard or violation report."""

    category: Literal[tuple(HAZARD_CATEGORIES)]  # type: ignore[valid-type]
    recorded_at: AwareDatetime
    lon: Lon | None = None  # a report without location permission still counts, marked as such
    lat: Lat | None = None
    description: str = Field(default="", max_length=2000)
    people_reached: int = Field(default=0, ge=0, le=100_000)


def _track_point(index: int, point: list[Any]) -> list[Any]:
    if not 2 <= len(point) <= 4:
        raise ValueError(f"point {index}: expected [lon, lat, time, accuracy_m]")
    lon, lat = point[0], point[1]
    time = point[2] if len(point) > 2 else None
    accuracy = point[3] if len(point) > 3 else None
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        for v in (lon, lat)
    ):
        raise ValueError(f"point {index}: lon and lat must be numbers")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"point {index}: coordinates out of range")
    if time is not None:
        moment = TypeAdapter(AwareDatetime).validate_python(time)
        time = moment.astimezone(UTC).isoformat()
    if accuracy is not None and not (
        isinstance(accuracy, int | float) and 0 <= accuracy <= 100_000
    ):
        raise ValueError(f"point {index}: accuracy_m must be a number >= 0")
    return [float(lon), float(lat), time, accuracy]


_ZH = {
    "missing": "缺少此项",
    "uuid_parsing": "不是 UUID",
    "uuid_type": "不是 UUID",
    "literal_error": "取值不在允许范围",
    "timezone_aware": "时间须带时区",
    "datetime_parsing": "不是 ISO 8601 时间",
    "datetime_type": "不是 ISO 8601 时间",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "finite_number": "须为有限数",
    "float_parsing": "须为数字",
    "float_type": "须为数字",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "string_too_long": "过长",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
    "too_long": "条目过多",
    "value_error": "取值有误",
    "model_type": "须为 JSON 对象",
}


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Bilingual {"field", "message"} pairs from a pydantic error."""
    errors = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "item"
        zh = _ZH.get(error["type"], "有误")
        errors.append({"field": field, "message": f"{zh} / {error['msg']}"})
    return errors


def check_item(
    model: type[_Item], raw: Any, *, now: datetime
) -> tuple[_Item | None, list[dict[str, str]]]:
    """Validate one raw item; return it or the reasons it is refused."""
    try:
        item = model.model_validate(raw)
    except ValidationError as exc:
        return None, field_errors(exc)
    recorded = getattr(item, "recorded_at", None)
    if recorded is not None and recorded > now + FUTURE_LIMIT:
        return None, [
            {"field": "recorded_at", "message": "时间超前超过24小时 / more than 24 h in the future"}
        ]
    if isinstance(item, TrackItem):
        late = [
            p for p in item.points if p[2] and datetime.fromisoformat(p[2]) > now + FUTURE_LIMIT
        ]
        if late:
            return None, [
                {
                    "field": "points",
                    "message": "点的时间超前超过24小时 / point time more than 24 h in the future",
                }
            ]
    return item, []


def to_task_payload(item: _Item) -> dict[str, Any]:
    """JSON-ready form of a validated item, as the worker receives it."""
    return item.model_dump(mode="json")
