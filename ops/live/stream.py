"""One connection's text/event-stream: catch-up from the Redis Stream, then live events.

    retry: 2000                      how long a browser waits before reconnecting
    event: reset                     (only when too much was missed: reload the page's data)
    id: <stream id> / event: checkin|track|hazard|transition / data: {"id": ..., ...}
    id: <stream id> / event: ready   caught up; live from here
    : keep-alive                     every 15 s, so proxies keep the connection open

The stream ends by itself after `api_stream_max_s`, when the server shuts down, or when it falls
too far behind; the browser reconnects with Last-Event-ID and misses nothing kept.
"""

from __future__ import annotations

import asyncio
import json
import signal
import threading
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from ops.live.hub import Entry, Hub, Subscriber, sees, stream_order

if TYPE_CHECKING:
    from ops.identity.auth import Principal

HEARTBEAT_S = 15.0
RETRY_MS = 2000
_hooked: set[int] = set()  # ids of hubs whose shutdown hook is installed


def frame(name: str, data: dict[str, Any], stream_id: str | None = None) -> bytes:
    """One SSE event (JSON on one line: SSE splits data at line breaks, JSON escapes them)."""
    head = f"id: {stream_id}\n" if stream_id else ""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"{head}event: {name}\ndata: {body}\n\n".encode()


def end_streams_on_shutdown(hub: Hub) -> None:
    """End open streams as soon as the server is told to stop (SIGTERM/SIGINT), before its grace.

    uvicorn waits for open responses before it exits; a stream never ends by itself, so without
    this every shutdown would take the whole graceful timeout. The server's own handler runs too.
    """
    if id(hub) in _hooked or threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)

        def handler(number: int, frame_: Any, previous: Any = previous) -> None:
            loop.call_soon_threadsafe(hub.close_all)
            if callable(previous):
                previous(number, frame_)

        signal.signal(sig, handler)
    _hooked.add(id(hub))


async def open_stream(
    hub: Hub, principal: Principal, township_id: int | None, after: str | None, max_s: float
) -> AsyncIterator[bytes]:
    """Subscribe and read the catch-up first (errors surface before any byte is sent); the stream."""
    subscriber = await hub.subscribe(principal, township_id)
    try:
        if after is None:
            backlog: list[Entry] = []
            complete, since = True, hub.last_id or "0-0"
        else:
            backlog, complete = await hub.backlog(after)
            since = backlog[-1][0] if backlog else after
    except BaseException:
        hub.unsubscribe(subscriber)
        raise
    return _events(
        hub,
        subscriber,
        backlog,
        since=since,
        complete=complete,
        max_s=max_s,
        dedupe=after is not None,
    )


async def _events(
    hub: Hub, subscriber: Subscriber, backlog: list[Entry], *, since: str, complete: bool,
    max_s: float, dedupe: bool,
) -> AsyncIterator[bytes]:  # fmt: skip
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_s
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        if not complete:
            yield frame("reset", {"id": None, "reason": "missed too much: reload"}, since)
        for stream_id, event in backlog:
            if sees(subscriber.principal, subscriber.township_id, event):
                yield frame(event["type"], event, stream_id)
        yield frame("ready", {"id": None, "last_event_id": since}, since)
        while not (subscriber.ended and subscriber.queue.empty()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            try:
                entry = await asyncio.wait_for(subscriber.queue.get(), min(HEARTBEAT_S, remaining))
            except TimeoutError:
                yield b": keep-alive\n\n"
                continue
            if entry is None:
                break
            if dedupe and stream_order(entry[0]) <= stream_order(since):
                continue  # already sent from the catch-up
            since = entry[0]
            yield frame(entry[1]["type"], entry[1], entry[0])
    finally:
        hub.unsubscribe(subscriber)
