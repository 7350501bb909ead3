"""Signing in to the console over HTTP: cookie flags, the lock, sign-out, idle expiry, CSRF, and
the township scope of `fieldops token issue --township` tokens.

"Fifteen minutes later" and "twelve hours idle" are made by moving the stored times back (the
server reads the real clock), never by sleeping.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.scope import call, sign_in
from tests.e2e.services import Server

pytestmark = pytest.mark.redis


@pytest.fixture
def account(db: Any, fieldops: Any) -> str:
    """A dispatcher of 色务乡 made with the CLI; its password."""
    from sqlmodel import Session

    from ops.models import Township

    with Session(db.engine) as session:
        session.add(Township(name="色务乡"))
        session.commit()
    added = fieldops("user", "add", "--name", "卓玛", "--role", "dispatcher", "-t", "色务乡")
    assert added.exit_code == 0, added.output
    return str(added.stdout.strip())


def login_form(client: Any) -> str:
    page = client.get("/console/login")
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def post_login(client: Any, name: str, password: str) -> Any:
    return client.post(
        "/console/login",
        data={"username": name, "password": password, "csrf_token": login_form(client)},
        follow_redirects=False,
    )


def set_cookie(answer: Any, name: str) -> str:
    """The Set-Cookie header that sets `name`."""
    found = [h for h in answer.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert len(found) == 1, answer.headers
    return str(found[0])


def flags(header: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}


def session_cookie(api: Any, name: str, password: str) -> dict[str, str]:
    cookie, csrf = sign_in(api, name, password)
    return {"Cookie": f"fieldops_session={cookie}", "X-CSRF-Token": csrf}


def age(db: Any, model: str, column: str, by: timedelta) -> None:
    """Move every stored time of `model.column` back by `by` (as if that much time had passed)."""
    from sqlmodel import Session, select

    import ops.models

    kind = getattr(ops.models, model)
    with Session(db.engine) as session:
        for row in session.exec(select(kind)).all():
            setattr(row, column, getattr(row, column) - by)
            session.add(row)
        session.commit()


def test_over_http_the_cookie_is_httponly_and_lax_and_not_secure(api, account):
    answer = post_login(api, "卓玛", account)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/"
    header = set_cookie(answer, "fieldops_session")
    assert {"httponly", "samesite", "path"} <= flags(header)
    assert "samesite=lax" in header.lower()
    assert "secure" not in flags(header)
    assert "max-age" not in flags(header)  # the server ends it after 12 h idle, not the browser


def test_over_https_the_cookies_are_secure(app_settings, account):
    from fastapi.testclient import TestClient

    from ops.api.app import create_app

    app = create_app(app_settings)
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/console/login")
        assert "secure" in flags(set_cookie(page, "fieldops_login"))
        answer = post_login(client, "卓玛", account)
        assert answer.status_code == 303
        header = set_cookie(answer, "fieldops_session")
        assert {"secure", "httponly"} <= flags(header) and "samesite=lax" in header.lower()
    app.state.engine.dispose()


def _signin_through(base: str, password: str, proto: str) -> str:
    """Sign in as a browser behind the proxy would (it sends Secure cookies: it speaks HTTPS)."""
    with httpx.Client(base_url=base, headers={"X-Forwarded-Proto": proto}) as client:
        page = client.get("/console/login")
        form = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        client.cookies.clear()
        answer = client.post(
            "/console/login", data={"username": "卓玛", "password": password, "csrf_token": form},
            headers={"Cookie": f"fieldops_login={form}"}, follow_redirects=False,
        )  # fmt: skip
        assert answer.status_code == 303, answer.text
        return set_cookie(answer, "fieldops_session")


@pytest.mark.slow
def test_behind_a_trusted_proxy_forwarded_https_makes_the_cookie_secure(
    account, worker_env, tmp_path
):
    trusting = Server(worker_env, tmp_path / "trusting.log").start()  # trusts 127.0.0.1 by default
    try:
        assert "secure" in flags(_signin_through(trusting.base, account, "https"))
        assert "secure" not in flags(_signin_through(trusting.base, account, "http"))
    finally:
        trusting.stop()
    env = worker_env | {"FIELDOPS_FORWARDED_ALLOW_IPS": "10.9.9.9"}  # not the proxy in front
    wary = Server(env, tmp_path / "wary.log").start()
    try:
        assert "secure" not in flags(_signin_through(wary.base, account, "https"))
    finally:
        wary.stop()


def test_a_bad_password_is_refused_with_its_reason_and_no_session(api, account, db):
    answer = post_login(api, "卓玛", "not-the-password")
    assert answer.status_code == 200  # the form again, with the reason
    assert "账号或密码不对 / wrong name or password" in answer.text
    assert "fieldops_session=" not in "".join(answer.headers.get_list("set-cookie"))
    assert db.count("office_session") == 0


def test_signin_without_the_forms_csrf_token_is_refused(api, account, db):
    login_form(api)
    answer = api.post("/console/login", data={"username": "卓玛", "password": account},
                      follow_redirects=False)  # fmt: skip
    assert answer.status_code == 403
    assert db.count("office_session") == 0


def test_five_failures_lock_the_name_the_right_password_too_until_15_minutes_pass(api, account, db):
    for _ in range(4):
        assert "wrong name or password" in post_login(api, "卓玛", "wrong-one").text
    fifth = post_login(api, "卓玛", "wrong-one")
    assert fifth.status_code == 200
    assert "连续输错 5 次，此账号已锁定" in fifth.text and "locked for 15 more minute" in fifth.text
    sixth = post_login(api, "卓玛", account)
    assert sixth.status_code == 200 and "已锁定" in sixth.text
    assert db.count("office_session") == 0
    age(db, "SigninAttempt", "at", timedelta(minutes=14))
    assert "locked for 1 more minute" in post_login(api, "卓玛", account).text
    age(db, "SigninAttempt", "at", timedelta(minutes=1))
    assert post_login(api, "卓玛", account).status_code == 303


def test_sign_out_ends_the_session_on_the_server_and_the_old_cookie_is_refused(api, account):
    headers = session_cookie(api, "卓玛", account)
    assert call_with(api, "GET", "/api/v1/me", headers).status_code == 200
    refused = call_with(api, "POST", "/console/logout", headers, data={"csrf_token": "wrong"})
    assert refused.status_code == 403  # a sign-out from another site does nothing
    assert call_with(api, "GET", "/api/v1/me", headers).status_code == 200
    out = call_with(api, "POST", "/console/logout", headers,
                    data={"csrf_token": headers["X-CSRF-Token"]})  # fmt: skip
    assert out.status_code == 303 and out.headers["location"] == "/console/login"
    assert "max-age=0" in set_cookie(out, "fieldops_session").lower()
    assert call_with(api, "GET", "/api/v1/me", headers).status_code == 401
    page = call_with(api, "GET", "/console/today", headers)
    assert page.status_code == 303 and "ended=1" in page.headers["location"]


def call_with(api: Any, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> Any:
    api.cookies.clear()
    return api.request(method, path, headers=headers, follow_redirects=False, **kwargs)


def test_a_session_idle_for_12_hours_is_refused_and_one_idle_for_less_is_not(api, account, db):
    headers = session_cookie(api, "卓玛", account)
    age(db, "OfficeSession", "last_seen_at", timedelta(hours=11, minutes=59))
    assert call_with(api, "GET", "/api/v1/me", headers).status_code == 200  # and seen again now
    age(db, "OfficeSession", "last_seen_at", timedelta(hours=11, minutes=59))
    assert call_with(api, "GET", "/api/v1/me", headers).status_code == 200
    age(db, "OfficeSession", "last_seen_at", timedelta(hours=12, seconds=5))
    assert call_with(api, "GET", "/api/v1/me", headers).status_code == 401
    page = call_with(api, "GET", "/console/hazards", headers)
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login")


def test_disabling_an_account_stops_its_live_session_at_once(api, account, fieldops):
    headers = session_cookie(api, "卓玛", account)
    assert call_with(api, "GET", "/console/hazards", headers).status_code == 200
    assert fieldops("user", "disable", "--name", "卓玛").exit_code == 0
    assert call_with(api, "GET", "/console/hazards", headers).status_code == 303
    assert call_with(api, "GET", "/api/v1/me", headers).status_code == 401
    again = post_login(api, "卓玛", account)
    assert again.status_code == 200 and "此账号已停用" in again.text


def test_console_and_api_writes_with_the_session_need_its_csrf_token(api, account, db):
    from sqlmodel import Session, select

    from ops.models import OfficeSession

    headers = session_cookie(api, "卓玛", account)
    bare = {"Cookie": headers["Cookie"]}
    township = call_with(api, "POST", "/console/township", bare, data={"township_id": 1})
    assert township.status_code == 403
    with Session(db.engine) as session:
        assert session.exec(select(OfficeSession.ended_at)).one() is None
    # An /api/v1 write made with the cookie alone (as a forged cross-site form would) is refused
    # before anything is looked at; with the header it reaches the route (404: no such report).
    path = "/api/v1/hazards/00000000-0000-4000-8000-000000000000/transitions"
    assert call_with(api, "POST", path, bare, json={"to": "dispatched"}).status_code == 403
    forged = bare | {"X-CSRF-Token": "not-the-token"}
    assert call_with(api, "POST", path, forged, json={"to": "dispatched"}).status_code == 403
    assert call_with(api, "POST", path, headers, json={"to": "dispatched"}).status_code == 404


@pytest.mark.slow
def test_cli_tokens_issued_for_a_township_reach_only_that_township(db, township, api, fieldops):
    from tests.e2e.scope import Actor, build_world

    world = build_world(db, api)
    t, o = world.ids["hazard_T"], world.ids["hazard_O"]

    def token(*args: str) -> Actor:
        issued = fieldops("token", "issue", *args)
        assert issued.exit_code == 0, issued.output
        return Actor(
            "cli", headers={"Authorization": f"Bearer {issued.stdout.strip().splitlines()[-1]}"}
        )

    of_o = token("--role", "dispatcher", "--name", "邻乡调度", "--township", "邻乡")
    reader_o = token("--role", "supervisor", "--name", "邻乡督导", "--township", "邻乡")
    county = token("--role", "dispatcher", "--name", "县调度")
    staff = token("--staff", "SW-001")

    def listed(actor: Actor) -> set[str]:
        return {h["id"] for h in call(api, actor, "GET", "/api/v1/hazards").json()["items"]}

    assert listed(of_o) == listed(reader_o) == {o} and listed(county) == {t, o}
    assert listed(staff) == {t}
    for actor in (of_o, reader_o):
        assert call(api, actor, "GET", f"/api/v1/hazards/{t}").status_code == 404
        assert call(api, actor, "GET", f"/api/v1/hazards/{o}").status_code == 200
    assert call(api, staff, "GET", f"/api/v1/hazards/{o}").status_code == 404
    move = {"json": {"to": "dispatched"}}
    assert call(api, of_o, "POST", f"/api/v1/hazards/{t}/transitions", **move).status_code == 403
    assert (
        call(api, reader_o, "POST", f"/api/v1/hazards/{o}/transitions", **move).status_code == 403
    )
    assert call(api, of_o, "POST", f"/api/v1/hazards/{o}/transitions", **move).status_code == 200
    assert call(api, county, "GET", f"/api/v1/hazards/{t}").status_code == 200
    unknown = fieldops(
        "token", "issue", "--role", "dispatcher", "--name", "x", "--township", "无此乡"
    )
    assert unknown.exit_code == 1 and "无此乡" in unknown.output


def test_a_township_account_cannot_pick_another_township_and_a_county_one_can(
    api, account, db, fieldops
):
    from sqlmodel import Session, select

    from ops.models import OfficeSession, OfficeUser, Township

    with Session(db.engine) as session:
        other = Township(name="邻乡")
        session.add(other)
        session.commit()
        other_id = other.id
    assert (
        fieldops("user", "add", "--name", "县", "--role", "supervisor", "--county").exit_code == 0
    )
    county_password = fieldops("user", "password", "--name", "县").stdout.strip()
    for name, password, sees in (("卓玛", account, "色务乡"), ("县", county_password, "邻乡")):
        headers = session_cookie(api, name, password)
        picked = call_with(api, "POST", "/console/township", headers,
                           data={"township_id": other_id, "csrf_token": headers["X-CSRF-Token"]})  # fmt: skip
        assert picked.status_code == 303
        page = call_with(api, "GET", "/console/hazards", headers)
        assert f"· {sees}</title>" in page.text
        with Session(db.engine) as session:
            user = session.exec(select(OfficeUser).where(OfficeUser.name == name)).one()
            in_view = session.exec(
                select(OfficeSession.township_id).where(OfficeSession.user_id == user.id)
            ).one()
            assert (in_view == other_id) == (sees == "邻乡")
