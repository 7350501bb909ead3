"""Live events: what workers and the API store, told to open console pages within seconds.

    worker / API (after commit) ──announce──▶ Redis: XADD to a capped stream + PUBLISH, atomically
    API process: one Hub per process ──SUBSCRIBE──▶ fans out to every open /api/v1/events stream
    a stream that reconnects with Last-Event-ID (the stream id) catches up from the stream (XRANGE)

- `ops.live.events`   the event payloads (one per stored check-in, track chunk, hazard, transition)
- `ops.live.publish`  the writer side: `announce(session, kind, ids)` after a commit
- `ops.live.hub`      the reader side in each API process, and per-connection catch-up
- `ops.live.stream`   the text/event-stream of one connection, filtered to the caller's scope
"""

from __future__ import annotations


def stream_key(queue: str) -> str:
    """The Redis Stream that keeps recent events (capped) for catch-up after a reconnect."""
    return f"fieldops:events:{queue}"


def channel_name(queue: str) -> str:
    """The pub/sub channel every API process listens on."""
    return f"fieldops:events:{queue}:live"
