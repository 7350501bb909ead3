"""Pure ASGI middleware around every request: a request id, security headers, load shedding.

- Every answer carries `X-Request-ID` (the client's, when it sent a sane one); logs and error
  bodies carry the same id.
- Every answer carries the security headers: a Content-Security-Policy that allows only FieldOps's
  own origin (no inline script), `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`,
  `X-Frame-Options: DENY` (and `frame-ancestors 'none'`).
- Past `api_max_inflight` requests at once, a request is answered 503 with Retry-After at once
  instead of queueing behind the others; `/healthz` and `/readyz` are never shed, and live
  event streams (`/api/v1/events`, never ending) are bounded apart, not counted here.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
NEVER_SHED = ("/healthz", "/readyz")
NOT_COUNTED = ("/api/v1/events",)  # endless streams: bounded apart (api_max_streams)
SHED_RETRY_AFTER_S = 2
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestContext:
    """Request id and security headers on every answer; an extra image source for map tiles."""

    def __init__(self, app: Any, *, extra_img_src: str = "") -> None:
        self.app = app
        policy = CSP.replace(
            "img-src 'self' data: blob:", f"img-src 'self' data: blob: {extra_img_src}".rstrip()
        )
        self.csp = policy.encode()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = sent if _SANE_ID.fullmatch(sent) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append(
                        (b"content-security-policy", self.csp)
                    )  # a route may be stricter
                headers += [*SECURITY_HEADERS, (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ShedRecord:
    """When this process last refused a request for overload (read by /readyz)."""

    def __init__(self) -> None:
        self.total = 0
        self.last = 0.0  # time.monotonic()

    def note(self) -> None:
        """Count one refusal now."""
        self.total += 1
        self.last = time.monotonic()

    def recent(self, within_s: float = 5.0) -> bool:
        """Whether a request was refused in the last `within_s` seconds."""
        return self.total > 0 and time.monotonic() - self.last < within_s


class LoadShedding:
    """503 + Retry-After at once for requests past `max_inflight`; health checks always pass."""

    def __init__(self, app: Any, *, max_inflight: int, record: ShedRecord) -> None:
        self.app = app
        self.max_inflight = max_inflight
        self.inflight = 0
        self.record = record

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] in NEVER_SHED + NOT_COUNTED:
            await self.app(scope, receive, send)
            return
        if self.inflight >= self.max_inflight:
            self.record.note()
            await _busy(send)
            return
        self.inflight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.inflight -= 1


async def _busy(send: Any) -> None:
    body = json.dumps(
        {"detail": "服务繁忙，请稍后重试 / busy: try again shortly", "errors": []},
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", str(SHED_RETRY_AFTER_S).encode()),
                # The request's body was never read: the connection cannot carry the next request
                # (the server would drop it unanswered), so say so and the client reconnects.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
