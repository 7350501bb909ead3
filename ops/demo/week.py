"""The demo's week, step by step (see ops.demo.run for the processes and the phones' HTTP client)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from ops.demo.build import DEMO_TOWNSHIP, build_demo
from ops.demo.run import Api, DemoRedis, Processes, tiny_png
from ops.demo.year import send_year, write_year
from ops.models import CheckIn, Hazard, Township, TrackChunk
from ops.models.base import utc_now
from ops.runtime.settings import Settings

WEEKS = 2  # the week reported on and the one before it, so the summary shows a change
OUTAGE_REFUSALS = 3  # Redis comes back after a phone has been refused (503) this many times


@dataclass
class DemoWeek:
    """Where the summary is, and what went through the system."""

    report_folder: Path
    settings: Settings  # the demo's own data directory and database
    summary: dict[str, Any]
    sent: dict[str, int]
    seconds: float
    year_folder: Path | None = None  # this year's figures to date (figures.docx/.xlsx/.json)
    year_sentences: list[str] | None = None


def run_demo_week(base: Settings, *, say: Callable[[str], None]) -> DemoWeek:
    """Build the demo township, run two weeks of field work through the real system, write last week's summary."""
    from ops.runtime.db import make_engine

    started = time.monotonic()
    now = utc_now()
    today = now.astimezone(base.tz).date()
    monday = today - timedelta(days=today.weekday() + 7 * WEEKS)
    demo = build_demo(base, today=today)
    settings = demo.settings
    say(f"1/6 演示乡镇已建好 demo township loaded: {settings.effective_database_url}")
    own_redis = None if settings.redis_url else DemoRedis(settings.data_dir).start()
    if own_redis is not None:
        settings = settings.model_copy(update={"redis_url": own_redis.url})
        say(f"  演示用 Redis demo Redis: {own_redis.url}")
    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        _rosters(session, settings, monday, days=7 * WEEKS + 7, say=say)
        phones = _phones(session, settings, monday, now)
        tokens = _tokens(session, phones)
    try:
        with Processes(settings, say) as running:
            sent = _send_everything(running.api, phones, tokens, own_redis, say)
            _wait_for_storage(engine, sent, say, running.keep_worker_alive)
            _dispatch_hazards(running.api, tokens["dispatcher"], now, say)
            send_year(api=running.api, tokens=tokens, engine=engine, today=today, tz=settings.tz,
                      say=say, supervise=running.keep_worker_alive, post=_post)  # fmt: skip
            _wait_for_queue(settings, running.keep_worker_alive)
            _as_if_during_the_week(engine)
    finally:
        if own_redis is not None:
            own_redis.stop()
    with Session(engine, expire_on_commit=False) as session:
        report = _summary(session, settings, today, now, say)
        year = write_year(session=session, settings=settings, today=today, now=now)
    engine.dispose()
    sentences = [area["sentence"] for area in year.summary["areas"]]
    return DemoWeek(report.folder, settings, report.summary, sent, time.monotonic() - started,
                    year.folder, sentences)  # fmt: skip


def _rosters(
    session: Session, settings: Settings, monday: date, *, days: int, say: Callable[[str], None]
) -> None:
    from ops.services.rosters import generate_roster

    roster, result = generate_roster(
        session=session,
        township_name=DEMO_TOWNSHIP,
        start=monday,
        days=days,
        settings=settings,
        time_limit=None,
    )
    say(f"2/6 排班 roster v{roster.version}: {monday} 起 {days} 天, {len(result.assignments)} 人次 assignments, "
        f"缺员 shortfall {result.shortfall}, {result.status}, {result.solve_seconds}s")  # fmt: skip


def _phones(session: Session, settings: Settings, monday: date, now: datetime) -> dict[str, Any]:
    from ops.demo.simulate import simulate_period

    township = session.exec(select(Township).where(Township.name == DEMO_TOWNSHIP)).one()
    assert township.id is not None
    return simulate_period(
        session=session,
        township_id=township.id,
        first=monday,
        days=7 * WEEKS,
        settings=settings,
        now=now,
    )


def _tokens(session: Session, phones: dict[str, Any]) -> dict[str, str]:
    from ops.identity.auth import issue_token

    tokens = {
        staff_id: issue_token(session=session, role="staff", staff_id=staff_id)
        for staff_id in phones
    }
    tokens["dispatcher"] = issue_token(session=session, role="dispatcher", name="乡综治办调度员")
    return tokens


def _post(
    api: Api, path: str, token: str, items: list[dict[str, Any]], hiccup: Callable[[], Any] | None
) -> int:
    """Send one batch like a phone: on 503 wait (Retry-After) and send again; return the 503s seen.

    `hiccup` ends an outage once the phone has been refused OUTAGE_REFUSALS times.
    """
    refused = 0
    while True:
        status, body, headers = api.call("POST", path, token, {"items": items})
        if status == 202:
            if body["rejected"]:
                raise RuntimeError(f"demo data refused: {body['rejected'][:2]}")
            return refused
        if status != 503:
            raise RuntimeError(f"demo: {path} answered {status}: {body}")
        refused += 1
        if "retry-after" not in {k.lower() for k in headers}:
            raise RuntimeError(f"demo: a 503 from {path} without Retry-After")
        if hiccup is not None and refused >= OUTAGE_REFUSALS:
            hiccup()  # the outage ends while the phone waits
            hiccup = None
        time.sleep(min(float(headers.get("Retry-After", "1")), 1.0))


def _batches(phones: dict[str, Any], rng: random.Random) -> list[tuple[str, str, list[Any]]]:
    """Every phone's outbox as (staff id, path, items) batches, in a shuffled order."""
    batches = []
    for staff, phone in sorted(phones.items()):
        for kind, items, size in (
            ("checkins", phone.checkins, 100), ("tracks", phone.tracks, 10), ("hazards", phone.hazards, 50)
        ):  # fmt: skip
            batches += [
                (staff, f"/api/v1/{kind}", items[i : i + size]) for i in range(0, len(items), size)
            ]
    rng.shuffle(batches)
    return batches


def _send_everything(
    api: Api, phones: dict[str, Any], tokens: dict[str, str], outage: DemoRedis | None,
    say: Callable[[str], None],
) -> dict[str, int]:  # fmt: skip
    """Every phone sends its outbox; 10% of batches twice; the demo's Redis stops once halfway."""
    rng = random.Random(11)
    batches = _batches(phones, rng)
    sent = {"checkins": 0, "tracks": 0, "hazards": 0, "resends": 0, "refused_503": 0, "photos": 0}
    for number, (staff, path, items) in enumerate(batches):
        hiccup = None
        if number == len(batches) // 2 and outage is not None:
            outage.stop()  # writes its append-only file first: queued tasks survive
            say(
                "4/6 Redis 中断 Redis stopped mid-run: phones get 503, keep their items and send again"
            )
            hiccup = outage.start
        sent["refused_503"] += _post(api, path, tokens[staff], items, hiccup)
        sent[path.rsplit("/", 1)[1]] += len(items)
        if rng.random() < 0.1:  # the phone never saw the answer and sends again
            _post(api, path, tokens[staff], items, None)
            sent["resends"] += len(items)
        if number == 0:
            say(f"3/6 手机上报中 phones sending {len(batches)} batches through the API …")
    for staff, phone in sorted(phones.items()):
        for hazard_id in phone.photos:
            sent["photos"] += api.photo(hazard_id, tokens[staff], tiny_png()) == 201
    refused = sent["refused_503"]
    say(
        f"  已发送 sent: {sent['checkins']} 签到 check-ins, {sent['tracks']} 轨迹段 track chunks, "
        f"{sent['hazards']} 上报 reports, {sent['photos']} 照片 photos; 重发 resent {sent['resends']}; "
        + (f"Redis 中断期间 503 应答 {refused} 次，均已重发 / {refused} answered 503 during the outage, all sent again"
           if outage is not None else "使用已配置的 Redis，未模拟中断 / the configured Redis: no outage simulated")
    )  # fmt: skip
    return sent


def _dispatch_hazards(api: Api, token: str, now: datetime, say: Callable[[str], None]) -> None:
    """The dispatcher works the ledger: most reports dispatched, many closed, a few left overdue."""
    rng = random.Random(5)
    _, body, _ = api.call("GET", "/api/v1/hazards?status=reported", token)
    moved = 0
    for hazard in body["items"] if body else []:
        if rng.random() < 0.2:
            continue
        due = (
            datetime.fromisoformat(hazard["recorded_at"]) + timedelta(days=rng.choice([1, 2, 3]))
        ).isoformat()
        path = f"/api/v1/hazards/{hazard['id']}/transitions"
        api.call(
            "POST",
            path,
            token,
            {
                "to": "dispatched",
                "assignee": rng.choice(["次仁多吉", "王海军", "卓玛"]),
                "due": due,
            },
        )
        steps = ["in_progress", "verifying", "closed"][: rng.choice([0, 1, 3, 3, 3])]
        for step in steps:
            api.call(
                "POST", path, token, {"to": step, "note": "已处置" if step == "closed" else ""}
            )
        moved += 1
    say(f"5/6 调度员处理隐患 dispatcher moved {moved} reports along the closed loop")


def _as_if_during_the_week(engine: Any, seed: int = 5) -> None:
    """The simulated dispatcher worked the ledger just now; date each step to when it would have
    happened (hours after the report), as the check-ins and reports themselves are dated."""
    from ops.models import HazardTransition

    rng = random.Random(seed)
    with Session(engine) as session:
        reported = {h.id: h.recorded_at for h in session.exec(select(Hazard))}
        hours = 0.0
        for step in session.exec(
            select(HazardTransition).order_by(
                col(HazardTransition.hazard_id), col(HazardTransition.id)
            )
        ):
            hours = (
                rng.uniform(1, 6) if step.from_status == "reported" else hours + rng.uniform(2, 20)
            )
            step.at = reported[step.hazard_id] + timedelta(hours=hours)
            session.add(step)
        session.commit()


def _wait_for_storage(
    engine: Any, sent: dict[str, int], say: Callable[[str], None], supervise: Callable[[], None]
) -> None:
    from ops.demo.run import wait_until

    def stored() -> bool:
        supervise()
        with Session(engine) as session:
            counts = [
                session.exec(select(func.count()).select_from(m)).one()
                for m in (CheckIn, TrackChunk, Hazard)
            ]
        return counts == [sent["checkins"], sent["tracks"], sent["hazards"]]

    wait_until("every item to be stored exactly once", stored, 180)
    say("  每条记录均已入库且仅一次 every item stored exactly once")


def _wait_for_queue(settings: Settings, supervise: Callable[[], None]) -> None:
    """Let the workers finish the coverage refreshes the track chunks queued."""
    import redis

    from ops.demo.run import wait_until
    from ops.runtime.broker import redis_client_url

    client = redis.Redis.from_url(redis_client_url(settings))

    def drained() -> bool:
        supervise()
        return bool(client.llen(settings.queue) == 0)

    wait_until("the queue to drain", drained, 180)
    time.sleep(1.0)


def _summary(
    session: Session, settings: Settings, today: date, now: datetime, say: Callable[[str], None]
) -> Any:
    from ops.reports.weekly import week_label
    from ops.reports.weekly_files import write_weekly
    from ops.services.attendance import sweep_no_shows

    counts = sweep_no_shows(session=session, now=now, settings=settings)
    last_monday = today - timedelta(days=today.weekday() + 7)
    folder = settings.data_dir / "reports" / week_label(last_monday) / DEMO_TOWNSHIP  # as the clock
    report = write_weekly(
        session=session,
        township=DEMO_TOWNSHIP,
        monday=last_monday,
        out=folder,
        settings=settings,
        now=now,
    )
    say(
        f"6/6 未到岗检查 no-show sweep: {counts['missed']} missed; "
        f"周报 weekly summary {week_label(last_monday)} written"
    )
    return report
