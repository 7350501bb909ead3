"""Celery tasks for the township's records: visits, dispute cases, petitions, events.

Thin and idempotent like the intake tasks (workers.tasks): acked late, inserts ignore known ids,
retried only on transient database errors; a poison item becomes a rejection, the rest is stored.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from ops.runtime.queue import INTAKE_DISPUTES, INTAKE_EVENTS, INTAKE_PETITIONS, INTAKE_VISITS
from workers.tasks import RETRY, _store


@shared_task(name=INTAKE_VISITS, acks_late=True, ignore_result=True, **RETRY)
def store_visits(items: list[dict[str, Any]]) -> dict[str, int]:
    """Store a batch of household visits."""
    from ops.records.store import store_visits as store

    return _store("visit", store, items)


@shared_task(name=INTAKE_DISPUTES, acks_late=True, ignore_result=True, **RETRY)
def store_disputes(items: list[dict[str, Any]]) -> dict[str, int]:
    """Store a batch of dispute cases."""
    from ops.records.store import store_disputes as store

    return _store("dispute", store, items)


@shared_task(name=INTAKE_PETITIONS, acks_late=True, ignore_result=True, **RETRY)
def store_petitions(items: list[dict[str, Any]]) -> dict[str, int]:
    """Store a batch of petitions."""
    from ops.records.store import store_petitions as store

    return _store("petition", store, items)


@shared_task(name=INTAKE_EVENTS, acks_late=True, ignore_result=True, **RETRY)
def store_events(items: list[dict[str, Any]]) -> dict[str, int]:
    """Store a batch of law-publicity, training and study events."""
    from ops.records.store import store_events as store

    return _store("event", store, items)
