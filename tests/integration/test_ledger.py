"""The intake ledger on real Redis: written before enqueueing, crossed out once stored, and a batch
that stays on it too long is sent again (with the same task id)."""

from __future__ import annotations

import json
import time
import uuid

import pytest
import redis

from ops.intake.ledger import cross_out, resend_stale, send_batch
from ops.runtime.queue import make_client
from ops.runtime.settings import load_settings

pytestmark = pytest.mark.redis
URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def setup():
    settings = load_settings(redis_url=URL, queue=f"fieldops-test-{uuid.uuid4().hex[:12]}")
    client = make_client(settings, results=False)
    server = redis.Redis.from_url(URL)
    yield settings, client, server
    server.delete(f"fieldops:ledger:{settings.queue}", settings.queue)


def queued_ids(server, queue):
    return [json.loads(m)["headers"]["id"] for m in server.lrange(queue, 0, -1)]


def test_a_batch_is_on_the_ledger_until_crossed_out(setup):
    settings, client, server = setup
    task_id = send_batch(client, settings, "fieldops.intake.checkins", [{"id": "a"}])
    assert queued_ids(server, settings.queue) == [task_id]
    assert server.hexists(f"fieldops:ledger:{settings.queue}", task_id)
    cross_out(settings, task_id)
    assert not server.hexists(f"fieldops:ledger:{settings.queue}", task_id)


def test_only_batches_left_on_the_ledger_too_long_are_sent_again(setup):
    settings, client, server = setup
    old = send_batch(client, settings, "fieldops.intake.checkins", [{"id": "a"}])
    server.delete(settings.queue)  # the message vanished between Redis and a dead worker
    assert resend_stale(client, settings, older_than_s=60) == 0  # too young to tell
    assert resend_stale(client, settings, older_than_s=60, now=time.time() + 61) == 1
    assert queued_ids(server, settings.queue) == [old]
    assert (
        resend_stale(client, settings, older_than_s=60, now=time.time() + 62) == 0
    )  # not again at once
