"""The field types every request is checked against, at the door.

What the API accepts, a worker must be able to store, so the door is strict:
- numbers are JSON numbers (no booleans, no numeric strings); integers fit the database's columns;
- times are ISO 8601 strings with an offset (no epoch numbers, no naive times), inside a sane
  window: records from 2000 to 24 h ahead of the server's clock, due dates up to 2100;
- dates are `YYYY-MM-DD`, from 2000 to 2100;
- text holds no NUL and no lone surrogate (PostgreSQL and UTF-8 cannot store them); other
  characters are kept as sent and made safe by each writer.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict, ValidationInfo

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
FUTURE_LIMIT = timedelta(hours=24)
INT32_MAX = 2_147_483_647  # INTEGER columns on PostgreSQL

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})"
)


def check_text(value: str) -> str:
    """Refuse NUL and lone surrogates (nothing downstream can store them); keep everything else."""
    if "\x00" in value:
        raise ValueError("含有空字符 NUL / contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            "含有无效的 Unicode 字符 / contains an invalid (lone surrogate) character"
        ) from exc
    return value


def parse_time(value: Any) -> datetime:
    """An aware datetime from an ISO 8601 string with an offset, inside 2000–2100; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(
            "须为带时区的 ISO 8601 时间字符串 / must be an ISO 8601 string with an offset"
        )
    text = value.strip()
    if not _ISO_TIME.fullmatch(text):
        raise ValueError(
            "须为带时区的 ISO 8601 时间，如 2026-12-01T08:00:00+08:00 / "
            "must be ISO 8601 with an offset, e.g. 2026-12-01T08:00:00+08:00"
        )
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError as exc:
        raise ValueError("不是有效的时间 / not a valid time") from exc
    # Compare the calendar year before any conversion: year 9999 at -14:00 overflows in UTC.
    if not EARLIEST.year <= moment.year <= LATEST.year:
        raise ValueError("时间须在 2000 至 2100 年之间 / time must be between 2000 and 2100")
    return moment


def parse_date(value: Any) -> date:
    """A date from `YYYY-MM-DD`, inside 2000–2100; ValueError otherwise."""
    if isinstance(value, date) and not isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            moment = date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError("不是有效的日期 / not a valid date") from exc
    else:
        raise ValueError("日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD")
    if not EARLIEST.year <= moment.year <= LATEST.year:
        raise ValueError("日期须在 2000 至 2100 年之间 / date must be between 2000 and 2100")
    return moment


def _not_in_future(moment: datetime, info: ValidationInfo) -> datetime:
    """Records may be at most 24 h ahead of the server's clock (phones' clocks drift)."""
    now = (info.context or {}).get("now") or datetime.now(UTC)
    if moment > now + FUTURE_LIMIT:
        raise ValueError("时间超前超过24小时 / more than 24 h in the future")
    return moment


def _not_before_2000(moment: datetime) -> datetime:
    if moment < EARLIEST:
        raise ValueError("时间早于 2000 年 / before the year 2000")
    return moment


def _not_after_2100(moment: datetime) -> datetime:
    if moment > LATEST:
        raise ValueError("时间晚于 2100 年 / after the year 2100")
    return moment


_RECORD_TIME = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with an offset, from 2000 to 24 h ahead / 带时区，2000年起，不超前24小时",
}
_OFFICE_TIME = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with an offset, 2000-2100 / 带时区的时间，2000至2100年",
}
_DATE_SCHEMA = {
    "type": "string",
    "format": "date",
    "description": "YYYY-MM-DD, 2000-2100 / 日期，2000至2100年",
}

# A time a phone recorded: with an offset, from 2000 to 24 h ahead of now.
RecordTime = Annotated[
    datetime,
    BeforeValidator(parse_time),
    AfterValidator(_not_before_2000),
    AfterValidator(_not_in_future),
    Field(json_schema_extra=_RECORD_TIME),
]
# A time an office sets (a due date) or asks about (a query bound): with an offset, 2000–2100.
OfficeTime = Annotated[
    datetime,
    BeforeValidator(parse_time),
    AfterValidator(_not_before_2000),
    AfterValidator(_not_after_2100),
    Field(json_schema_extra=_OFFICE_TIME),
]
Day = Annotated[date, BeforeValidator(parse_date), Field(json_schema_extra=_DATE_SCHEMA)]
Lon = Annotated[float, Strict(), Field(ge=-180, le=180, allow_inf_nan=False)]
Lat = Annotated[float, Strict(), Field(ge=-90, le=90, allow_inf_nan=False)]
Metres = Annotated[float, Strict(), Field(ge=0, le=100_000, allow_inf_nan=False)]
Count = Annotated[int, Strict(), Field(ge=0, le=100_000)]
RowId = Annotated[int, Strict(), Field(ge=1, le=INT32_MAX)]
QueryRowId = Annotated[int, Field(ge=1, le=INT32_MAX)]  # a row id in a query string (text to int)

_Text = Annotated[str, Strict(), AfterValidator(check_text)]
StaffId = Annotated[_Text, Field(min_length=1, max_length=64)]
Name = Annotated[_Text, Field(max_length=100)]  # a person's name, an assignee
Reason = Annotated[_Text, Field(min_length=1, max_length=500)]  # why (required where asked)
LongText = Annotated[_Text, Field(max_length=2000)]  # descriptions and notes
