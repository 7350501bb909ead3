"""The office console: server-rendered pages under /console/ for dispatchers and supervisors.

Its own room: templates and static files beside the page modules. Every action a page offers is
an `/api/v1` endpoint too (the console is one client of the API); the pages add reading and
layout, never a second implementation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

if TYPE_CHECKING:
    from fastapi import APIRouter, FastAPI, Request


def routers() -> list[APIRouter]:
    """The console's page routers (each page module has one)."""
    from ops.console import coverage, hazards, pages, records, roster, staff, today

    return [
        pages.router, today.router, hazards.router, coverage.router, roster.router, staff.router,
        records.router,
    ]  # fmt: skip


def pages_routes(_app: FastAPI | None = None) -> set[tuple[str, str]]:
    """(method, path) of every console page (for the authorization matrix's completeness check)."""
    return {
        (method, str(getattr(route, "path", "")))
        for router in routers()
        for route in router.routes
        for method in getattr(route, "methods", set()) - {"HEAD"}
    }


def mount_console(app: FastAPI) -> None:
    """Serve the console's pages and static files, and send signed-out visitors to sign in."""
    from ops.console.context import STATIC, SignInRequiredError, login_url

    async def sign_in_first(_request: Request, exc: Exception) -> RedirectResponse:
        assert isinstance(exc, SignInRequiredError)
        url = login_url(exc.next_path) + ("&ended=1" if exc.ended else "")
        return RedirectResponse(url, status_code=303)

    app.add_exception_handler(SignInRequiredError, sign_in_first)
    for router in routers():
        app.include_router(router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
