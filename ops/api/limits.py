"""Refuse oversized request bodies with 413, whether or not Content-Length was sent (pure ASGI).

The body is read up to its limit before the app sees it (by the declared length when there is
one, else by counting the chunks as they arrive) and handed on in one piece, so an app never
starts on a body that will turn out too large, and a chunked upload gets the same 413.
"""

from __future__ import annotations

import json
from typing import Any

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_BODY_BYTES = 11 * 1024 * 1024  # a 10 MB photo or file plus its multipart envelope
UPLOAD_SUFFIXES = ("/photos", "/upload", "/attachments")


def body_limit(path: str) -> int:
    """The largest body a request to `path` may carry (bytes)."""
    return MAX_UPLOAD_BODY_BYTES if path.rstrip("/").endswith(UPLOAD_SUFFIXES) else MAX_BODY_BYTES


class BodySizeLimit:
    """413 for bodies over 5 MB (uploads: 11 MB)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away: nothing to answer
            body = message.get("body", b"")
            seen += len(body)
            if seen > limit:
                await _too_large(send, limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        delivered = False

        async def replay() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return whole
            return await receive()  # type: ignore[no-any-return]  # after the body: wait for the disconnect, as servers do

        await self.app(scope, replay, send)


async def _too_large(send: Any, limit: int) -> None:
    megabytes = limit // 1024 // 1024
    body = json.dumps(
        {"detail": f"请求体超过 {megabytes} MB / body over {megabytes} MB", "errors": []},
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})
