"""Refuse oversized request bodies with 413 before reading them (pure ASGI middleware)."""

from __future__ import annotations

import json
from typing import Any

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_PHOTO_BODY_BYTES = 11 * 1024 * 1024  # a 10 MB photo plus its multipart envelope


class BodySizeLimit:
    """413 for bodies over 5 MB (photo uploads: 10 MB), by header or by counting the stream."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = MAX_PHOTO_BODY_BYTES if scope["path"].endswith("/photos") else MAX_BODY_BYTES
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        seen = 0
        responded = False

        async def counting_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLargeError
            return message

        async def guarded_send(message: Any) -> None:
            nonlocal responded
            responded = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLargeError:
            if not responded:
                await _too_large(send, limit)


class _TooLargeError(Exception):
    pass


async def _too_large(send: Any, limit: int) -> None:
    body = json.dumps(
        {"detail": f"请求体超过 {limit // 1024 // 1024} MB / body over {limit // 1024 // 1024} MB"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
