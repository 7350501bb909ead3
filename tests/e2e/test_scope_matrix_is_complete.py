"""Every route of the app — the API document's and the console's pages — has a matrix row."""

from __future__ import annotations

import importlib
from pathlib import Path

HERE = Path(__file__).parent
NOT_ROUTES = {"/docs", "/favicon.ico", "/", "/app/sw.js", "/openapi.json"}  # public files, no data


def declared_rows() -> set[tuple[str, str]]:
    """(method, template) of every row in tests/e2e/test_scope_*.py."""
    found: set[tuple[str, str]] = set()
    for path in sorted(HERE.glob("test_scope_*.py")):
        module = importlib.import_module(f"tests.e2e.{path.stem}")
        found |= {(r.method, r.template) for r in getattr(module, "ROWS", [])}
    return found


def app_routes(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, template) of every route: the API document's operations and the console's pages."""
    routes = {
        (method.upper(), template)
        for template, operations in app.openapi()["paths"].items()
        for method in operations
    }
    from ops.console import pages_routes

    routes |= pages_routes(app)
    return {r for r in routes if r[1] not in NOT_ROUTES}


def test_every_route_is_in_the_matrix(app_settings) -> None:
    from ops.api.app import create_app

    app = create_app(app_settings)
    missing = app_routes(app) - declared_rows()
    app.state.engine.dispose()
    assert not missing, f"routes without a scope matrix row: {sorted(missing)}"
