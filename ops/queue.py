"""Talk to the Celery workers by task name (ops never imports `workers`).

The Celery configuration lives here so that the API and CLI (which send) and the workers (which
receive) share one definition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from celery import Celery

    from ops.settings import Settings

# Redelivery: a task taken by a worker that dies comes back after the visibility timeout. kombu
# throttles the restore sweep (~100 s by default); these options make it happen on time.
VISIBILITY_TIMEOUT_S = 120
TRANSPORT_OPTIONS = {
    "visibility_timeout": VISIBILITY_TIMEOUT_S,
    "unacked_restore_throttle": 1,
    "unacked_restore_interval": 1,
}

ROSTER_GENERATE = "fieldops.roster.generate"
ROSTER_SOLVE = "fieldops.roster.solve"


def make_client(settings: Settings, *, include: list[str] | None = None) -> Celery:
    """Create a Celery app for these settings (a pure client unless `include` names task modules)."""
    from celery import Celery

    from ops.broker import celery_broker_url

    broker = celery_broker_url(settings)
    app = Celery("fieldops", broker=broker, backend=broker, include=include or [])
    app.conf.update(
        task_acks_late=True,  # ack after the task ran: a crash means redelivery, not loss
        task_reject_on_worker_lost=True,  # a SIGKILLed child requeues its task instead of failing it
        worker_prefetch_multiplier=1,
        broker_transport_options=TRANSPORT_OPTIONS,
        result_backend_transport_options=TRANSPORT_OPTIONS,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=24 * 3600,
        timezone=settings.timezone,
        enable_utc=True,
        worker_hijack_root_logger=False,
    )
    app.conf.fieldops_settings = settings
    return app


def send(client: Celery, name: str, *args: Any, **kwargs: Any) -> Any:
    """Send task `name` and return its AsyncResult."""
    return client.send_task(name, args=args, kwargs=kwargs)
