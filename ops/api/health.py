"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """200 when the database and the broker answer, else 503 naming what is down."""
    checks: dict[str, Any] = {"database": _database(request), "broker": _broker(request)}
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status_code=200 if ready else 503
    )


def _database(request: Request) -> str:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


def _broker(request: Request) -> str:
    import redis

    try:
        redis.Redis.from_url(
            request.app.state.redis_url, socket_connect_timeout=1, socket_timeout=1
        ).ping()
    except (redis.RedisError, OSError) as exc:
        return f"error: {type(exc).__name__}"
    return "ok"
