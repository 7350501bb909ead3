"""The field phone app: plain files served under /app/, with a service worker stamped by version.

No build step: `static/` is what phones load. The service worker's cache name carries a hash of
every file in `static/`, so a changed file changes `sw.js` and phones pick up the new app shell.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

if TYPE_CHECKING:
    from fastapi import FastAPI

STATIC_DIR = Path(__file__).with_name("static")


@cache
def static_version() -> str:
    """A short hash of every shipped file: the app shell's version."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.iterdir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class AppFiles(StaticFiles):
    """Static files that browsers revalidate; offline copies are the service worker's job."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        """Serve a file with `Cache-Control: no-cache` (ETag revalidation stays cheap)."""
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        return response


def mount_app(app: FastAPI) -> None:
    """Serve the phone app at /app/ (and send / there)."""
    worker_js = (STATIC_DIR / "sw.js").read_text(encoding="utf-8")
    worker_js = worker_js.replace("__VERSION__", static_version())

    @app.get("/app/sw.js", include_in_schema=False)
    def service_worker() -> Response:
        return Response(
            worker_js, media_type="text/javascript", headers={"Cache-Control": "no-cache"}
        )

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/app/")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        """Browsers ask for it on every page: the app's icon, not a 404 in the console."""
        return FileResponse(STATIC_DIR / "icon.svg", media_type="image/svg+xml")

    # Compressed, the shell is about a third of its size: seconds saved on a slow 3G link.
    files = GZipMiddleware(AppFiles(directory=STATIC_DIR, html=True), minimum_size=500)
    app.mount("/app", files, name="app")
