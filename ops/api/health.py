"""Liveness and readiness.

`/healthz` answers from the event loop and touches neither the thread pool nor the database: it
says the process is alive even while every database turn is taken. `/readyz` says whether this
process should get traffic: the database and Redis answer and it is not shedding load.
"""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import Session

from ops.api.database import DatabaseUnavailableError, OverloadedError

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The process is up."""

    status: str


class Readiness(BaseModel):
    """What is ready and what is not."""

    status: str
    database: str
    broker: str
    shedding: bool


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up (answered from the event loop alone)."""
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "not ready: what is down, or shedding"}},
)
async def readyz(request: Request) -> JSONResponse:
    """200 when the database and the broker answer and load is not being shed, else 503."""
    database = request.app.state.database
    shedding = bool(
        database.shedding()
        or request.app.state.intake.shedding()
        or request.app.state.shed.recent()
    )
    checks: dict[str, Any] = {
        "database": await _database(request),
        "broker": await _broker(request),
        "shedding": shedding,
    }
    ready = checks["database"] == "ok" and checks["broker"] == "ok" and not shedding
    body = Readiness(status="ok" if ready else "unavailable", **checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


def _select_one(*, session: Session) -> None:
    from sqlalchemy import text

    session.exec(text("SELECT 1"))  # type: ignore[call-overload]


async def _database(request: Request) -> str:
    try:
        with anyio.fail_after(3):
            await request.app.state.database.run(_select_one)
    except (DatabaseUnavailableError, TimeoutError):
        return "error: unavailable"
    except OverloadedError:
        return "error: busy"
    return "ok"


async def _broker(request: Request) -> str:
    import redis.asyncio
    from redis.exceptions import RedisError

    client = redis.asyncio.Redis.from_url(
        request.app.state.redis_url, socket_connect_timeout=1, socket_timeout=1
    )
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        return f"error: {type(exc).__name__}"
    finally:
        await client.aclose()
    return "ok"
