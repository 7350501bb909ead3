"""Every page FieldOps serves carries its security headers; /docs works offline; docs can be off."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.redis

HTML_PAGES = ["/app/", "/docs", "/no/such/page", "/api/v1/nothing-here"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_pages_and_error_pages_carry_the_security_headers(api, path):
    answer = api.get(path)
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-request-id"]


def test_public_docs_can_be_turned_off(app_settings):
    from fastapi.testclient import TestClient

    from ops.api.app import create_app

    app = create_app(app_settings.model_copy(update={"public_docs": False}))
    with TestClient(app) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/openapi.json").status_code == 404
        assert client.get("/healthz").status_code == 200
    app.state.engine.dispose()


def test_docs_page_runs_from_our_own_files_without_console_errors(app_settings, tmp_path):
    """Swagger UI in headless Chromium: every request stays on FieldOps's origin."""
    import threading

    import uvicorn

    from ops.api.app import create_app
    from tests.e2e.services import free_port
    from tests.e2e.test_field_app import CHROMIUM, CHROMIUM_ARGS

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(app_settings), port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import wait_for

    wait_for(lambda: server.started, timeout=30)
    origin = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            errors: list[str] = []
            elsewhere: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on(
                "request",
                lambda r: (
                    elsewhere.append(r.url) if not r.url.startswith((origin, "data:")) else None
                ),
            )
            page.goto(f"{origin}/docs")
            expect(page.locator(".swagger-ui .info .title")).to_contain_text(
                "FieldOps", timeout=20_000
            )
            expect(page.locator(".opblock-summary-path").first).to_be_visible()
            page.screenshot(path=str(tmp_path / "docs.png"))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert errors == [] and elsewhere == []
