"""The periodic clock: a valid job table, the right task names at the right local times, one
catch-up run after an outage, and one leader at a time with a standby that takes over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ops.runtime.settings import load_settings
from scheduler.periodic import JobSpec, build_clock, job_table

TZ = ZoneInfo("Asia/Shanghai")


def test_every_job_names_a_task_the_workers_register():
    from ops.runtime.queue import make_client

    app = make_client(
        load_settings(redis_url="redis://127.0.0.1:6379/9"), include=["workers.tasks"]
    )
    app.loader.import_default_modules()
    for spec in job_table():
        assert spec.task in app.tasks, spec.task
        assert spec.misfire_grace_s > 0


def test_jobs_fire_at_local_times_and_enqueue_their_task_names():
    from apscheduler.jobstores.memory import MemoryJobStore

    sent = []
    clock = build_clock(
        job_table(),
        jobstore=MemoryJobStore(),
        enqueue=lambda task, kwargs: sent.append(task),
        timezone="Asia/Shanghai",
    )
    try:
        frozen = datetime(2026, 11, 27, 17, 59, tzinfo=TZ)  # a Friday evening
        fires = {job.id: job.trigger.get_next_fire_time(None, frozen) for job in clock.get_jobs()}
        assert fires["roster_tomorrow"] == datetime(2026, 11, 27, 18, 0, tzinfo=TZ)
        assert fires["weekly_summary"] == datetime(2026, 11, 30, 8, 0, tzinfo=TZ)  # Monday 08:00
        assert clock.get_job("no_show_sweep").trigger.interval == timedelta(minutes=5)
        for job in clock.get_jobs():
            job.func(*job.args, **job.kwargs)
        assert sorted(sent) == sorted(spec.task for spec in job_table())
    finally:
        clock.shutdown(wait=False)


def test_configured_times_change_the_table():
    specs = {s.id: s for s in job_table(roster_at="19:30", sweep_minutes=2, weekly_at="tue 07:15")}
    assert specs["roster_tomorrow"].schedule == {"hour": 19, "minute": 30}
    assert specs["no_show_sweep"].schedule == {"minutes": 2}
    assert specs["weekly_summary"].schedule == {"day_of_week": "tue", "hour": 7, "minute": 15}


def test_restart_after_an_outage_gives_one_catch_up_run(db):
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    sent = []
    spec = JobSpec(
        "every_ten_minutes", "fieldops.sweep.no_shows", "interval", {"minutes": 10}, 6 * 3600
    )

    def clock():
        store = SQLAlchemyJobStore(url=db.url, tablename="apscheduler_jobs")
        return build_clock(
            (spec,),
            jobstore=store,
            enqueue=lambda task, kwargs: sent.append(task),
            timezone="Asia/Shanghai",
        )

    clock().shutdown(wait=True)  # the job is declared and stored
    store = SQLAlchemyJobStore(url=db.url, tablename="apscheduler_jobs")
    store.start(BackgroundScheduler(), "default")
    job = store.lookup_job("every_ten_minutes")
    job._modify(
        next_run_time=datetime.now(UTC) - timedelta(hours=2)
    )  # the outage: twelve runs missed
    store.update_job(job)
    store.shutdown()
    again = clock()
    again.resume()
    try:
        deadline = time.monotonic() + 10
        while not sent and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
        assert sent == ["fieldops.sweep.no_shows"]
        assert again.get_job("every_ten_minutes").next_run_time > datetime.now(UTC)
    finally:
        again.shutdown(wait=False)


@pytest.mark.redis
def test_a_standby_scheduler_takes_over_when_the_leader_dies(db, tmp_path):
    import redis

    from ops.runtime.clock import lock_key

    url = "redis://127.0.0.1:6379/9"
    queue = f"fieldops-test-{uuid.uuid4().hex[:12]}"  # a lock of this test's own
    key = lock_key(load_settings(queue=queue))
    client = redis.Redis.from_url(url)
    env = {
        **os.environ,
        **db.env(),
        "FIELDOPS_REDIS_URL": url,
        "FIELDOPS_SCHEDULER_LOCK_TTL_S": "2",
        "FIELDOPS_QUEUE": queue,
    }

    def start(name):
        log = (tmp_path / f"{name}.log").open("wb")
        return subprocess.Popen(
            [sys.executable, "-m", "ops", "scheduler"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def holder():
        token = client.get(key)
        return int(token.decode().split(":")[1]) if token else None

    leader = start("leader")
    try:
        deadline = time.monotonic() + 30
        while holder() != leader.pid and time.monotonic() < deadline:
            time.sleep(0.1)
        assert holder() == leader.pid
        standby = start("standby")
        try:
            time.sleep(3)
            assert holder() == leader.pid  # the standby waits while the leader renews
            os.killpg(leader.pid, signal.SIGKILL)
            leader.wait()
            deadline = time.monotonic() + 15
            while holder() != standby.pid and time.monotonic() < deadline:
                time.sleep(0.1)
            assert holder() == standby.pid
        finally:
            os.killpg(standby.pid, signal.SIGTERM)
            assert standby.wait(timeout=20) == 0
            assert holder() is None  # a clean stop releases the lock
    finally:
        if leader.poll() is None:
            os.killpg(leader.pid, signal.SIGKILL)
