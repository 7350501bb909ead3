"""Interactive API docs at /docs from FieldOps's own vendored Swagger UI (no CDN, no inline script).

Served only when `FIELDOPS_PUBLIC_DOCS` is true (the default, for operators); production may turn
it off together with /openapi.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

if TYPE_CHECKING:
    from fastapi import FastAPI

STATIC = Path(__file__).with_name("static")
# Swagger UI sets style attributes on its elements: inline styles, never inline scripts.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)
PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>FieldOps API 文档 / API docs</title>
<link rel="stylesheet" href="/api-docs/swagger-ui/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="/api-docs/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/api-docs/docs-init.js"></script>
</body></html>
"""


def mount_docs(app: FastAPI) -> None:
    """Serve /docs and its assets under /api-docs/."""

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(PAGE, headers={"Content-Security-Policy": DOCS_CSP})

    app.mount("/api-docs", StaticFiles(directory=STATIC), name="api-docs")
