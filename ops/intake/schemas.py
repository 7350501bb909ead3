"""The shape of what phones send, checked item by item so one bad item never sinks its batch."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ops.intake.fields import (
    EARLIEST,
    FUTURE_LIMIT,
    Count,
    Lat,
    Lon,
    LongText,
    Metres,
    RecordTime,
    RowId,
    StaffId,
    parse_time,
)

MAX_ITEMS = 500
MAX_POINTS = 20_000
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
HazardCategory = Literal[
    "no_helmet", "no_seatbelt", "speeding", "lane_occupation", "mixed_passenger_cargo",
    "other_traffic", "safety", "petition", "dispute", "other",
]  # fmt: skip


PositionSystem = Literal["wgs84", "cgcs2000", "gcj02", "bd09"]
SHIFTED_SYSTEMS = ("gcj02", "bd09")  # converted to WGS84 at the door; the position as sent is kept


class _Record(BaseModel):
    """Anything sent in a batch: its id is made by the sender, so a resend is stored once."""

    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, str_strip_whitespace=True)

    id: UUID = Field(description="made on the phone; a resend with the same id is stored once")


class _Item(_Record):
    staff_id: StaffId = Field(description="the sender: a staff token submits only its own records")
    crs: PositionSystem = Field(
        default="wgs84",
        description="the system of the positions sent (WeChat and Amap give gcj02, Baidu bd09); "
        "stored in WGS84, the original kept",
    )


class CheckInItem(_Item):
    """One check-in or check-out as the phone sends it."""

    kind: Literal["in", "out"]
    recorded_at: RecordTime
    lon: Lon
    lat: Lat
    accuracy_m: Metres | None = None
    assignment_id: RowId | None = None


TrackPoint = Annotated[
    list[Any],
    Field(
        min_length=2,
        max_length=4,
        description="[lon, lat, ISO time with offset or null, accuracy_m or null]",
    ),
]


class TrackItem(_Item):
    """One chunk of a GPS track: points are [lon, lat, ISO time or null, accuracy_m or null]."""

    points: list[TrackPoint] = Field(min_length=1, max_length=MAX_POINTS)

    @field_validator("points")
    @classmethod
    def _points(cls, points: list[list[Any]]) -> list[list[Any]]:
        return [_track_point(i, p) for i, p in enumerate(points)]


class HazardItem(_Item):
    """One hazard or violation report."""

    category: HazardCategory
    recorded_at: RecordTime
    lon: Lon | None = None  # a report without location permission still counts, marked as such
    lat: Lat | None = None
    description: LongText = ""
    people_reached: Count = 0


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _track_point(index: int, point: list[Any]) -> list[Any]:
    lon, lat = point[0], point[1]
    time = point[2] if len(point) > 2 else None
    accuracy = point[3] if len(point) > 3 else None
    if not (_is_number(lon) and _is_number(lat)):
        raise ValueError(
            f"第{index}个点：经纬度须为数字 / point {index}: lon and lat must be numbers"
        )
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"第{index}个点：坐标超出范围 / point {index}: coordinates out of range")
    if time is not None:
        try:
            moment = parse_time(time)
        except ValueError as exc:
            raise ValueError(f"第{index}个点的时间：{exc} / point {index} time") from exc
        if moment < EARLIEST:
            raise ValueError(f"第{index}个点：时间早于 2000 年 / point {index}: before 2000")
        time = moment.astimezone(UTC).isoformat()
    if accuracy is not None and not (_is_number(accuracy) and 0 <= accuracy <= 100_000):
        raise ValueError(
            f"第{index}个点：精度须为 0 至 100000 的数字 / point {index}: accuracy_m must be a number 0-100000"
        )
    return [float(lon), float(lat), time, None if accuracy is None else float(accuracy)]


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
    "model_attributes_type": "须为 JSON 对象",
    "dict_type": "须为 JSON 对象",
    "list_type": "须为数组",
    "string_type": "须为文本",
    "bool_type": "须为 true 或 false",
    "json_invalid": "不是有效的 JSON",
    "extra_forbidden": "不认识的字段",
    "enum": "取值不在允许范围",
}


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Bilingual {"field", "message"} pairs from a pydantic error."""
    errors = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "item"
        errors.append({"field": field, "message": error_message(error)})
    return errors


def error_message(error: Any) -> str:
    """A bilingual message for one pydantic error (as pydantic or FastAPI reports it)."""
    context = error.get("ctx") or {}
    if error.get("type") == "value_error" and "error" in context:
        return str(context["error"])  # our own validators already speak both languages
    return f"{_ZH.get(error.get('type', ''), '有误')} / {error.get('msg', 'invalid')}"


def check_item(
    model: type[_Record], raw: Any, *, now: datetime
) -> tuple[_Record | None, list[dict[str, str]]]:
    """Validate one raw item; return it or the reasons it is refused."""
    try:
        item = model.model_validate(raw, context={"now": now})
    except ValidationError as exc:
        return None, field_errors(exc)
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


def to_task_payload(item: _Record) -> dict[str, Any]:
    """JSON-ready form of a validated item, as the worker receives it: positions in WGS84.

    A position sent as GCJ-02 or BD-09 is converted here (geo.china_crs), and the position as sent
    is kept beside it (`raw_lon`/`raw_lat`, or `raw_points` for a track chunk).
    """
    payload = item.model_dump(mode="json")
    system = payload.get("crs", "wgs84")
    if system not in SHIFTED_SYSTEMS:
        return payload
    from geo.china_crs import to_wgs84, to_wgs84_batch

    if isinstance(item, TrackItem):
        points = payload["points"]
        lons, lats = to_wgs84_batch(
            [p[0] for p in points], [p[1] for p in points], [system] * len(points)
        )
        payload["raw_points"] = [list(p) for p in points]
        payload["points"] = [
            [float(x), float(y), *p[2:]] for x, y, p in zip(lons, lats, points, strict=True)
        ]
    elif payload.get("lon") is not None and payload.get("lat") is not None:
        payload["raw_lon"], payload["raw_lat"] = payload["lon"], payload["lat"]
        payload["lon"], payload["lat"] = to_wgs84(payload["lon"], payload["lat"], system)
    return payload
