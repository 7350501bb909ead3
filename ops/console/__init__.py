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
    from fastapi import FastAPI, Request


def mount_console(app: FastAPI) -> None:
    """Serve the console's pages and static files, and send signed-out visitors to sign in."""
    from ops.console import pages
    from ops.console.context import STATIC, SignInRequiredError, login_url

    async def sign_in_first(_request: Request, exc: Exception) -> RedirectResponse:
        assert isinstance(exc, SignInRequiredError)
        url = login_url(exc.next_path) + ("&ended=1" if exc.ended else "")
        return RedirectResponse(url, status_code=303)

    app.add_exception_handler(SignInRequiredError, sign_in_first)
    app.include_router(pages.router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
