"""GET /api/v1/events: one event per stored item, scoped per caller, resumable with Last-Event-ID."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from tests.e2e.conftest import bearer
from tests.e2e.live import checkin_item, hazard_item, parse_events, store_as_worker

pytestmark = pytest.mark.redis


@pytest.fixture
def office(db: Any, township: Any) -> dict[str, str]:
    """Tokens: county and township dispatchers, a dispatcher of another township, two staff."""
    from sqlmodel import Session, select

    from ops.identity.auth import issue_token
    from ops.models import StaffMember, Township

    with Session(db.engine) as session:
        other = Township(name="邻乡")
        session.add(other)
        session.commit()
        session.add(
            StaffMember(id="O-001", township_id=other.id or 0, name="邻乡人", roles=["patrol"])
        )
        session.commit()
        sewu = session.exec(select(Township).where(Township.name == "色务乡")).one()
        return {
            "county": issue_token(session=session, role="dispatcher", name="县调度"),
            "sewu": issue_token(
                session=session, role="supervisor", name="乡督导", township_id=sewu.id
            ),
            "other": issue_token(
                session=session, role="dispatcher", name="邻乡调度", township_id=other.id
            ),
            "SW-001": issue_token(session=session, role="staff", staff_id="SW-001"),
            "O-001": issue_token(session=session, role="staff", staff_id="O-001"),
        }


def caught_up(api: Any, token: str, after: str = "0-0", **params: Any) -> list[Any]:
    """Every event after `after` that `token` may see (a stream that ends once caught up)."""
    answer = api.get(
        "/api/v1/events", params={"max_s": 0, **params},
        headers=bearer(token) | {"Last-Event-ID": after},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/event-stream")
    return parse_events(answer.text)


def items_of(events: list[Any], name: str) -> list[str]:
    return [e.data["id"] for e in events if e.name == name]


def test_each_stored_checkin_is_one_event_carrying_its_id_and_a_resend_adds_none(
    api, db, app_settings, office
):
    items = [checkin_item("SW-001"), checkin_item("SW-002")]
    store_as_worker(db.engine, app_settings, "checkin", items)
    store_as_worker(db.engine, app_settings, "checkin", items)  # the phone resent them
    events = caught_up(api, office["county"])
    assert sorted(items_of(events, "checkin")) == sorted(i["id"] for i in items)
    first = next(e for e in events if e.name == "checkin")
    assert first.id and first.data["township_id"] and first.data["staff_id"] in ("SW-001", "SW-002")
    assert events[-1].name == "ready"


def test_staff_get_their_own_items_and_a_township_only_its_own(api, db, app_settings, office):
    mine, colleague, elsewhere = (
        checkin_item("SW-001"),
        checkin_item("SW-002"),
        checkin_item("O-001"),
    )
    store_as_worker(db.engine, app_settings, "checkin", [mine, colleague, elsewhere])
    seen = {name: set(items_of(caught_up(api, token), "checkin")) for name, token in office.items()}
    assert seen["SW-001"] == {mine["id"]} and seen["O-001"] == {elsewhere["id"]}
    assert seen["sewu"] == {mine["id"], colleague["id"]} and seen["other"] == {elsewhere["id"]}
    assert seen["county"] == {mine["id"], colleague["id"], elsewhere["id"]}


def test_a_county_account_can_narrow_to_one_township_and_a_township_cannot_look_elsewhere(
    api, db, app_settings, office
):
    from sqlmodel import Session, select

    from ops.models import Township

    store_as_worker(
        db.engine, app_settings, "checkin", [checkin_item("SW-001"), checkin_item("O-001")]
    )
    with Session(db.engine) as session:
        other = session.exec(select(Township).where(Township.name == "邻乡")).one().id
    narrowed = caught_up(api, office["county"], township_id=other)
    assert {e.data["staff_id"] for e in narrowed if e.name == "checkin"} == {"O-001"}
    refused = api.get(f"/api/v1/events?max_s=0&township_id={other}", headers=bearer(office["sewu"]))
    assert refused.status_code == 404


def test_a_report_and_each_of_its_transitions_are_events_in_order(api, db, app_settings, office):
    report = hazard_item("SW-001")
    store_as_worker(db.engine, app_settings, "hazard", [report])
    path = f"/api/v1/hazards/{report['id']}/transitions"
    moved = api.post(
        path, json={"to": "dispatched", "assignee": "王海军"}, headers=bearer(office["county"])
    )
    assert moved.status_code == 200, moved.text
    events = [e for e in caught_up(api, office["SW-001"]) if e.name in ("hazard", "transition")]
    assert [(e.name, e.data["id"]) for e in events] == [
        ("hazard", report["id"]),
        ("transition", report["id"]),
    ]
    assert events[1].data["to"] == "dispatched" and events[1].data["assignee"] == "王海军"


def test_last_event_id_resumes_exactly_after_the_event_it_names(api, db, app_settings, office):
    first, second = checkin_item("SW-001"), checkin_item("SW-001")
    store_as_worker(db.engine, app_settings, "checkin", [first])
    mark = next(e.id for e in caught_up(api, office["county"]) if e.name == "checkin")
    store_as_worker(db.engine, app_settings, "checkin", [second])
    assert items_of(caught_up(api, office["county"], after=mark), "checkin") == [second["id"]]
    query_form = api.get(f"/api/v1/events?max_s=0&after={mark}", headers=bearer(office["county"]))
    assert items_of(parse_events(query_form.text), "checkin") == [second["id"]]


def test_an_open_stream_receives_a_checkin_stored_while_it_is_open(api, db, app_settings, office):
    item = checkin_item("SW-002")
    received: list[Any] = []

    def store_soon() -> None:
        time.sleep(1.0)
        store_as_worker(db.engine, app_settings, "checkin", [item])

    threading.Thread(target=store_soon, daemon=True).start()
    started = time.monotonic()
    with api.stream("GET", "/api/v1/events?max_s=20", headers=bearer(office["sewu"])) as stream:
        text = ""
        for chunk in stream.iter_text():
            text += chunk
            received = [e for e in parse_events(text) if e.name == "checkin"]
            if received:
                break
    assert [e.data["id"] for e in received] == [item["id"]]
    assert time.monotonic() - started < 10  # live, not at the stream's end


def test_streams_past_the_bound_are_refused_with_retry_after(db, township, app_settings, office):
    from fastapi.testclient import TestClient

    from ops.api.app import create_app

    app = create_app(app_settings.model_copy(update={"api_max_streams": 1}))
    with TestClient(app) as client:
        opened = threading.Event()

        def hold() -> None:
            with client.stream(
                "GET", "/api/v1/events?max_s=3", headers=bearer(office["county"])
            ) as s:
                for _ in s.iter_text():
                    opened.set()

        holder = threading.Thread(target=hold, daemon=True)
        holder.start()
        assert opened.wait(10)
        refused = client.get("/api/v1/events?max_s=0", headers=bearer(office["county"]))
        assert refused.status_code == 503 and int(refused.headers["retry-after"]) > 0
        assert client.get("/healthz").status_code == 200
        holder.join(10)
    app.state.engine.dispose()


def test_a_malformed_last_event_id_is_refused_naming_it(api, township, office):
    answer = api.get(
        "/api/v1/events?max_s=0", headers=bearer(office["county"]) | {"Last-Event-ID": "x"}
    )
    assert answer.status_code == 422 and "Last-Event-ID" in answer.text


def test_an_open_stream_is_not_counted_as_a_request_in_flight(db, township, app_settings, office):
    from fastapi.testclient import TestClient

    from ops.api.app import create_app

    app = create_app(app_settings.model_copy(update={"api_max_inflight": 1}))
    with TestClient(app) as client:
        opened = threading.Event()

        def hold() -> None:
            with client.stream(
                "GET", "/api/v1/events?max_s=3", headers=bearer(office["county"])
            ) as s:
                for _ in s.iter_text():
                    opened.set()

        holder = threading.Thread(target=hold, daemon=True)
        holder.start()
        assert opened.wait(10)
        assert client.get("/api/v1/me", headers=bearer(office["county"])).status_code == 200
        holder.join(10)
    app.state.engine.dispose()


def test_sigterm_ends_open_streams_and_the_server_exits_well_within_its_grace(
    db, township, worker_env, office, tmp_path
):
    import os
    import signal

    import httpx

    from tests.e2e.services import Server

    server = Server(worker_env, tmp_path / "serve.log").start()
    opened, ended = threading.Event(), threading.Event()

    def listen() -> None:
        try:
            with httpx.stream("GET", f"{server.base}/api/v1/events", headers=bearer(office["county"]),
                              timeout=60) as stream:  # fmt: skip
                for _ in stream.iter_text():
                    opened.set()
        except httpx.HTTPError:
            pass
        ended.set()

    threads = [threading.Thread(target=listen, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert opened.wait(20)
    started = time.monotonic()
    assert server.proc is not None
    os.killpg(server.proc.pid, signal.SIGTERM)
    server.proc.wait(timeout=15)
    took = time.monotonic() - started
    assert ended.wait(5) and took < 8, took  # streams end at once: no waiting out the 10 s grace
