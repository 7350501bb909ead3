"""Celery app factory. Entry points build the app from their Settings; nothing connects at import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import Celery

if TYPE_CHECKING:
    from ops.settings import Settings

# Redelivery: a task taken by a worker that dies comes back after the visibility timeout. kombu
# throttles the restore sweep (~100 s by default); these options make it happen on time.
VISIBILITY_TIMEOUT_S = 120
TRANSPORT_OPTIONS = {
    "visibility_timeout": VISIBILITY_TIMEOUT_S,
    "unacked_restore_throttle": 1,
    "unacked_restore_interval": 1,
}


def make_celery(settings: Settings) -> Celery:
    """Create the Celery app for these settings, with the reliability options FieldOps relies on."""
    from ops.broker import celery_broker_url

    broker = celery_broker_url(settings)
    app = Celery(
        "fieldops", broker=broker, backend=_result_backend(broker), include=["workers.tasks"]
    )
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


def _result_backend(broker: str) -> str:
    """Results go to the same Redis as the broker."""
    return broker
