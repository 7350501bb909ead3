"""GET /api/v1/events: live events (Server-Sent Events) within the caller's scope.

The stream never holds a database connection: the caller is known before it starts, catch-up
comes from the Redis Stream and live events from the process's hub (ops.live). Open streams are
bounded per process (`api_max_streams`, then 503 + Retry-After) and are not counted by the load
shedder, which bounds requests that end.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from ops.api.database import OverloadedError
from ops.api.deps import PrincipalDep, SettingsDep
from ops.api.errors import error_responses
from ops.errors import NotFoundError, bilingual
from ops.live.hub import Hub
from ops.runtime.broker import BrokerUnavailableError

router = APIRouter(prefix="/api/v1", tags=["live"])
STREAM_ID = r"^\d{1,15}-\d{1,19}$"  # Redis stream ids: ms time, a 64-bit sequence
STREAM_ID_OR_NONE = r"^(\d{1,15}-\d{1,19})?$"  # a header is a string: empty means none
EVENT_STREAM_DOC = {
    "description": (
        "事件流 / an event stream: `event: checkin|track|hazard|transition`, `data:` JSON with the "
        "item's `id`, `staff_id`, `township_id`; `id:` the stream id (send it back as "
        "Last-Event-ID to resume); `event: ready` once caught up; `event: reset` when too much "
        "was missed to catch up (reload)"
    ),
    "content": {
        "text/event-stream": {
            "schema": {
                "type": "object",
                "description": "one event",
                "properties": {
                    "event": {
                        "type": "string",
                        "enum": ["checkin", "track", "hazard", "transition", "ready", "reset"],
                    },
                    "id": {"type": "string", "description": "the Redis stream id"},
                    "data": {
                        "type": "string",
                        "description": "JSON: the item's id, staff_id, township_id ...",
                    },
                    "retry": {"type": "integer"},
                },
            }
        }
    },
}


def live_hub(request: Request) -> Hub:
    """This process's hub (made on first use)."""
    hub: Hub | None = getattr(request.app.state, "live_hub", None)
    if hub is None:
        hub = request.app.state.live_hub = Hub(request.app.state.settings)
    return hub


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: EVENT_STREAM_DOC, **error_responses(401, 404, 422, 503)},
)
async def get_events(
    *,
    request: Request,
    principal: PrincipalDep,
    settings: SettingsDep,
    last_event_id: Annotated[
        str,
        Header(
            alias="Last-Event-ID", pattern=STREAM_ID_OR_NONE, description="resume after this id"
        ),
    ] = "",
    after: Annotated[
        str | None,
        Query(pattern=STREAM_ID, description="resume after this stream id (a new EventSource)"),
    ] = None,
    township_id: Annotated[
        int | None, Query(ge=1, le=2_147_483_647, description="only this township's events")
    ] = None,
    max_s: Annotated[
        float | None,
        Query(ge=0, le=86_400, description="end the stream after this many seconds (0: catch up)"),
    ] = None,
) -> StreamingResponse:
    """Stored check-ins, track chunks, hazard reports and transitions as they happen (SSE).

    Staff receive their own items; a township's accounts that township's; county accounts all.
    """
    from ops.live.stream import end_streams_on_shutdown, open_stream

    if township_id is not None and not principal.sees_township(township_id):
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    hub = live_hub(request)
    if hub.closing or len(hub.subscribers) >= settings.api_max_streams:
        raise OverloadedError(bilingual("实时连接已满，请稍后重试", "too many live streams: retry"))
    end_streams_on_shutdown(hub)
    limit = settings.api_stream_max_s if max_s is None else min(max_s, settings.api_stream_max_s)
    from redis.exceptions import RedisError

    try:
        body = await open_stream(hub, principal, township_id, last_event_id or after, limit)
    except (TimeoutError, OSError, RedisError) as exc:
        raise _redis_away(exc) from exc
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}  # no proxy buffering
    return StreamingResponse(body, media_type="text/event-stream", headers=headers)


def _redis_away(exc: BaseException) -> BrokerUnavailableError:
    import logging

    logging.getLogger(__name__).warning("live events unavailable: %s", exc)
    return BrokerUnavailableError(
        bilingual("实时事件暂不可用，请稍后重试", "live events unavailable: try again shortly")
    )
