"""The API app factory: one engine, one Celery client, routers, error mapping, body limits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from ops.runtime.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    """Build the FastAPI app for these settings (schema upgraded, broker reachable or embedded)."""
    from ops.api import errors, field, health, intake, reads
    from ops.api.limits import BodySizeLimit
    from ops.fieldapp import mount_app
    from ops.runtime.broker import redis_client_url
    from ops.runtime.db import make_engine
    from ops.runtime.migrate import ensure_schema
    from ops.runtime.queue import make_client

    app = FastAPI(
        title="FieldOps",
        version="0.1.0",
        description="签到、轨迹与隐患上报 / check-ins, patrol tracks and hazard reports",
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    ensure_schema(app.state.engine)
    app.state.celery = make_client(settings, results=False)  # intake is fire-and-forget
    app.state.redis_url = redis_client_url(settings)
    errors.install(app)
    app.include_router(health.router)
    app.include_router(intake.router)
    app.include_router(reads.router)
    app.include_router(field.router)
    app.add_middleware(BodySizeLimit)
    mount_app(app)
    return app
