"""The reader side of live events in one API process: one pub/sub connection, many open streams.

The hub keeps a single Redis pub/sub subscription per process and hands each event to the open
streams whose caller may see it (a bounded queue each). After its own connection drops it reads
what it missed from the Redis Stream before going on, so a Redis restart loses nothing that was
kept. A stream that falls too far behind is ended; its page reconnects with Last-Event-ID and
catches up from the Redis Stream.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ops.live import channel_name, stream_key
from ops.live.publish import redis_url

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings

log = logging.getLogger(__name__)
QUEUE_MAX = 1000  # events waiting for one slow stream before it is ended (and catches up)
BACKLOG_MAX = 5000  # events one reconnect may catch up; past it the page reloads instead
Entry = tuple[str, dict[str, Any]]  # (stream id, event)


def stream_order(stream_id: str) -> tuple[int, int]:
    """A Redis Stream id ("<ms>-<seq>") as a sortable pair."""
    ms, _, seq = stream_id.partition("-")
    return int(ms), int(seq or 0)


def sees(principal: Principal, township_id: int | None, event: dict[str, Any]) -> bool:
    """Whether the caller (narrowed to `township_id` if given) may see this event."""
    if principal.is_staff:
        return bool(event.get("staff_id") == principal.staff_id)
    if principal.township_id is not None and event.get("township_id") != principal.township_id:
        return False
    return township_id is None or event.get("township_id") == township_id


@dataclass(eq=False)
class Subscriber:
    """One open stream: who is listening, and what waits for it (None: the stream must end)."""

    principal: Principal
    township_id: int | None
    queue: asyncio.Queue[Entry | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_MAX)
    )
    ended: bool = False

    def offer(self, entry: Entry | None) -> None:
        """Queue an event (or the end); a full queue ends the stream, to be caught up on reconnect."""
        if self.ended:
            return
        try:
            self.queue.put_nowait(entry)
        except asyncio.QueueFull:
            self.ended = True
        if entry is None:
            self.ended = True


class Hub:
    """Fan-out of the Redis channel to this process's open event streams."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = redis_url(settings)
        self.stream = stream_key(settings.queue)
        self.subscribers: set[Subscriber] = set()
        self.last_id: str | None = None
        self.closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: Any = None
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()  # set while the channel is followed

    def client(self) -> Any:
        """An asyncio Redis client bound to the running loop (test clients start new loops)."""
        import redis.asyncio

        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._task, self.subscribers = loop, None, set()
            self._client = redis.asyncio.Redis.from_url(
                self.url, socket_connect_timeout=1, health_check_interval=10
            )
        return self._client

    async def subscribe(
        self, principal: Principal, township_id: int | None, *, wait_s: float = 2.0
    ) -> Subscriber:
        """Register an open stream once the hub follows the channel; TimeoutError if Redis is away."""
        self.client()
        if self._task is None or self._task.done():
            assert self._loop is not None
            self._ready = asyncio.Event()
            self._task = self._loop.create_task(self._listen(), name="fieldops-live-hub")
        subscriber = Subscriber(principal, township_id)
        self.subscribers.add(subscriber)
        try:
            await asyncio.wait_for(self._ready.wait(), wait_s)
        except TimeoutError:
            self.subscribers.discard(subscriber)
            raise
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """Forget a stream that ended."""
        self.subscribers.discard(subscriber)

    def close_all(self) -> None:
        """The server is shutting down: end every open stream now and refuse new ones."""
        self.closing = True
        for subscriber in list(self.subscribers):
            subscriber.offer(None)

    def dispatch(self, entry: Entry) -> None:
        """Hand one event to every stream whose caller may see it."""
        self.last_id = entry[0]
        for subscriber in list(self.subscribers):
            if sees(subscriber.principal, subscriber.township_id, entry[1]):
                subscriber.offer(entry)

    async def _listen(self) -> None:
        """Follow the channel for as long as streams are open; reconnect and catch up after a drop."""
        from redis.exceptions import RedisError

        pause = 0.5
        while True:
            pubsub = self.client().pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(channel_name(self.settings.queue))
                if self.last_id is None:
                    self.last_id = await self.latest_id()
                else:  # what was published while we were away
                    entries, _complete = await self.backlog(self.last_id)
                    for entry in entries:
                        self.dispatch(entry)
                pause = 0.5
                self._ready.set()
                await self._follow(pubsub)
            except (RedisError, OSError) as exc:
                log.warning("live events: Redis unavailable (%s); retrying", exc)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)
            finally:
                self._ready.clear()
                await pubsub.aclose()
            if not self.subscribers:
                self.last_id = None
                return

    async def _follow(self, pubsub: Any) -> None:
        while self.subscribers:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5.0)
            if message is None or message.get("type") != "message":
                continue
            raw = (
                message["data"].decode() if isinstance(message["data"], bytes) else message["data"]
            )
            stream_id, _, payload = raw.partition(" ")
            if self.last_id and stream_order(stream_id) <= stream_order(self.last_id):
                continue
            self.dispatch((stream_id, json.loads(payload)))

    async def latest_id(self) -> str:
        """The newest stream id ("0-0" when nothing was ever announced)."""
        newest = await self.client().xrevrange(self.stream, count=1)
        return _text(newest[0][0]) if newest else "0-0"

    async def backlog(self, after: str) -> tuple[list[Entry], bool]:
        """Events after stream id `after`, oldest first, and whether none were trimmed or cut."""
        client = self.client()
        rows = await client.xrange(self.stream, min=f"({after}", count=BACKLOG_MAX + 1)
        entries = [(_text(i), json.loads(_text(fields[b"e"]))) for i, fields in rows]
        complete = len(entries) <= BACKLOG_MAX
        if complete and after != "0-0":
            oldest = await client.xrange(self.stream, count=1)
            length = await client.xlen(self.stream)
            trimmed = length >= self.settings.events_keep * 0.9  # MAXLEN ~ has been cutting
            if oldest and trimmed and stream_order(_text(oldest[0][0])) > stream_order(after):
                complete = False
        return entries[:BACKLOG_MAX], complete


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
