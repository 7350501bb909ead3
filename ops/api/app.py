"""The API app factory: one engine, bounded database work, the token cache, routers, middleware."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)
MAX_WAITING_FACTOR = 8  # requests that may queue for the database, per turn, before 503


def create_app(settings: Settings) -> FastAPI:
    """Build the FastAPI app for these settings (schema upgraded, broker reachable or embedded)."""
    from ops.api import (
        coverage,
        errors,
        events,
        field,
        health,
        intake,
        leave,
        ledger,
        openapi,
        reads,
        record_files,
        records,
        rosters,
        staff,
        today,
        uploads,
    )
    from ops.api.database import BoundedWork, DatabaseWork
    from ops.api.docs import mount_docs
    from ops.api.limits import BodySizeLimit
    from ops.api.middleware import LoadShedding, RequestContext, ShedRecord
    from ops.api.principals import PrincipalResolver
    from ops.console import mount_console
    from ops.fieldapp import mount_app
    from ops.live.publish import use as publish_events
    from ops.runtime.broker import redis_client_url
    from ops.runtime.db import make_engine
    from ops.runtime.migrate import ensure_schema
    from ops.runtime.queue import make_client

    docs = settings.public_docs
    app = FastAPI(
        title="FieldOps",
        version="0.1.0",
        description="签到、轨迹与隐患上报 / check-ins, patrol tracks and hazard reports",
        docs_url=None,  # ops.api.docs serves /docs from vendored files
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    engine = make_engine(settings, pool_size=settings.api_db_concurrency)
    ensure_schema(engine)
    app.state.engine = engine
    waiting = settings.api_db_concurrency * MAX_WAITING_FACTOR
    app.state.database = DatabaseWork(
        engine,
        limit=settings.api_db_concurrency,
        wait_s=settings.api_db_wait_s,
        max_waiting=waiting,
    )
    # Validating and queueing batches needs no database: its own threads, bounded the same way.
    app.state.intake = BoundedWork(limit=16, wait_s=settings.api_db_wait_s, max_waiting=16 * 16)
    app.state.celery = make_client(settings, results=False)  # intake is fire-and-forget
    app.state.redis_url = redis_client_url(settings)
    app.state.principals = PrincipalResolver(settings, app.state.database, app.state.redis_url)
    if settings.bench_discard_intake:
        log.warning("FIELDOPS_BENCH_DISCARD_INTAKE is on: intake keeps NOTHING (benchmarks only)")
    errors.install(app)
    publish_events(settings)  # hazard transitions and make-up check-ins are announced live
    for router in (health.router, intake.router, reads.router, field.router):
        app.include_router(router)
    for router in (events.router, today.router, ledger.router, coverage.router, rosters.router):
        app.include_router(router)
    for router in (staff.router, leave.router, uploads.router, records.router, record_files.router):
        app.include_router(router)
    openapi.install(app, intake.ITEM_MODELS + records.RECORD_MODELS)
    if docs:
        mount_docs(app)
    mount_app(app)
    mount_console(app)
    app.add_middleware(BodySizeLimit)
    app.state.shed = ShedRecord()
    app.add_middleware(LoadShedding, max_inflight=settings.api_max_inflight, record=app.state.shed)
    app.add_middleware(RequestContext, extra_img_src=settings.tile_origin)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.engine.dispose()  # connections close with the process's last request
