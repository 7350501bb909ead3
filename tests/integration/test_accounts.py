"""Office accounts through the real `fieldops user ...` CLI, and the sign-in lock, on both backends.

Time is the code's own: `check_signin(now=...)` and `find_session(now=...)` take the moment
they judge, so "15 minutes later" is a later `now`, not a sleep.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest


def run(db: Any, *args: str, stdin: str | None = None) -> Any:
    """`fieldops ARGS...` in-process on the test database, with `stdin` as its standard input."""
    from typer.testing import CliRunner

    from ops.cli import app
    from tests.conftest import CliResult

    result = CliRunner().invoke(app, list(args), input=stdin, env=db.env(), catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def townships(db: Any) -> None:
    from sqlmodel import Session

    from ops.models import Township

    with Session(db.engine) as session:
        session.add_all([Township(name="色务乡"), Township(name="邻乡")])
        session.commit()


def stored_user(db: Any, name: str) -> Any:
    from sqlmodel import Session, select

    from ops.models import OfficeUser

    with Session(db.engine) as session:
        return session.exec(select(OfficeUser).where(OfficeUser.name == name)).first()


def signin(db: Any, name: str, password: str, now: datetime | None = None) -> str:
    """The signed-in account's name, or SigninRefusedError."""
    from sqlmodel import Session

    from ops.identity.accounts import check_signin

    with Session(db.engine) as session:
        return check_signin(session=session, name=name, password=password, now=now).name


def test_user_add_prints_a_generated_password_once_and_stores_only_its_argon2_hash(
    db, townships, production_hashes
):
    from argon2 import PasswordHasher

    added = run(db, "user", "add", "--name", "卓玛", "--role", "dispatcher", "--township", "色务乡")
    assert added.exit_code == 0, added.output
    password = added.stdout.strip()
    assert len(password) == 19 and password.count("-") == 3  # four groups of four, read aloud
    user = stored_user(db, "卓玛")
    assert user.role == "dispatcher" and user.township_id is not None
    # argon2-cffi's defaults, as production hashes (other tests hash cheaply: tests/conftest.py)
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert password not in user.password_hash
    assert PasswordHasher().verify(user.password_hash, password)
    assert password not in str(db.snapshot())  # nowhere in any table in clear
    assert signin(db, "卓玛", password) == "卓玛"


def test_user_add_reads_the_password_from_stdin_and_prints_none(db, townships):
    added = run(
        db, "user", "add", "--name", "county1", "--role", "supervisor", "--county",
        "--password-stdin", stdin="a long enough secret\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert added.stdout == ""  # nothing to show: the person typed it
    user = stored_user(db, "county1")
    assert user.township_id is None and user.role == "supervisor"
    assert "a long enough secret" not in str(db.snapshot())
    assert signin(db, "county1", "a long enough secret") == "county1"


@pytest.mark.parametrize(
    ("args", "stdin", "named"),
    [
        (["--township", "没有这个乡"], None, "没有这个乡"),
        (["--township", "色务乡", "--county"], None, "--township/--county"),
        ([], None, "--township/--county"),
        (["--township", "色务乡", "--password-stdin"], "short\n", "password"),
        (["--township", "色务乡", "--role", "boss"], None, "boss"),
    ],
    ids=["unknown-township", "both-scopes", "no-scope", "short-password", "bad-role"],
)
def test_user_add_refuses_bad_input_by_name_and_writes_nothing(db, townships, args, stdin, named):
    before = db.snapshot()
    role = [] if "--role" in args else ["--role", "dispatcher"]
    refused = run(db, "user", "add", "--name", "x1", *role, *args, stdin=stdin)
    assert refused.exit_code != 0
    assert named in refused.output
    assert "Traceback" not in refused.output
    assert db.snapshot() == before


def test_a_second_account_of_the_same_name_is_refused(db, townships):
    assert run(db, "user", "add", "--name", "a1", "--role", "dispatcher", "--county").exit_code == 0
    before = db.snapshot()
    again = run(db, "user", "add", "--name", "a1", "--role", "supervisor", "-t", "邻乡")
    assert again.exit_code == 1
    assert "--name" in again.output and "exists already" in again.output
    assert db.snapshot() == before


def test_user_list_shows_scope_and_state_and_disable_ends_live_sessions(db, townships):
    from sqlmodel import Session

    from ops.identity.sessions import find_session, start_session

    for name, scope in (("b1", ["-t", "色务乡"]), ("b2", ["--county"])):
        assert run(db, "user", "add", "--name", name, "--role", "dispatcher", *scope).exit_code == 0
    with Session(db.engine) as session:
        cookie = start_session(session=session, user=stored_user(db, "b1"))
        assert find_session(session=session, session_id=cookie) is not None
    disabled = run(db, "user", "disable", "--name", "b1")
    assert disabled.exit_code == 0 and "1 session(s) ended" in disabled.stdout
    listed = run(db, "user", "list").stdout.splitlines()
    assert listed == [
        "b1\tdispatcher\t色务乡\t停用 disabled",
        "b2\tdispatcher\t全县 county\t启用 active",
    ]
    with Session(db.engine) as session:
        assert find_session(session=session, session_id=cookie) is None
    assert "unknown" in run(db, "user", "disable", "--name", "unknown").output


def test_a_disabled_account_cannot_sign_in_even_with_its_password(db, townships):
    from ops.identity.accounts import SigninRefusedError

    run(db, "user", "add", "--name", "c1", "--role", "dispatcher", "--county",
        "--password-stdin", stdin="right-password\n")  # fmt: skip
    run(db, "user", "disable", "--name", "c1")
    with pytest.raises(SigninRefusedError, match="disabled"):
        signin(db, "c1", "right-password")


def test_user_password_replaces_the_old_one_generated_or_from_stdin(db, townships):
    from ops.identity.accounts import SigninRefusedError

    run(db, "user", "add", "--name", "d1", "--role", "dispatcher", "--county",
        "--password-stdin", stdin="first-password\n")  # fmt: skip
    changed = run(db, "user", "password", "--name", "d1")
    assert changed.exit_code == 0, changed.output
    generated = changed.stdout.strip()
    assert signin(db, "d1", generated)
    with pytest.raises(SigninRefusedError):
        signin(db, "d1", "first-password")
    typed = run(
        db, "user", "password", "--name", "d1", "--password-stdin", stdin="third-password\n"
    )
    assert typed.exit_code == 0 and typed.stdout == ""
    assert signin(db, "d1", "third-password")
    assert "nobody" in run(db, "user", "password", "--name", "nobody").output


def test_five_failures_in_15_minutes_lock_the_name_for_15_minutes(db, townships):
    from ops.identity.accounts import SigninRefusedError

    run(db, "user", "add", "--name", "e1", "--role", "dispatcher", "--county",
        "--password-stdin", stdin="right-password\n")  # fmt: skip
    start = datetime.now(UTC)
    for minute in range(4):
        with pytest.raises(SigninRefusedError, match="wrong name or password") as refused:
            signin(db, "e1", "wrong", start + timedelta(minutes=3 * minute))
        assert refused.value.locked_until is None
    fifth = start + timedelta(minutes=14)
    with pytest.raises(SigninRefusedError, match="locked for 15 more minute") as locked:
        signin(db, "e1", "wrong", fifth)
    assert locked.value.locked_until == fifth + timedelta(minutes=15)
    assert str(locked.value).startswith("连续输错 5 次")  # Chinese first
    for later in (timedelta(seconds=1), timedelta(minutes=14, seconds=59)):
        with pytest.raises(SigninRefusedError, match="locked"):
            signin(db, "e1", "right-password", fifth + later)  # the right password too
    assert signin(db, "e1", "right-password", fifth + timedelta(minutes=15)) == "e1"


def test_failures_spread_wider_than_15_minutes_do_not_lock_and_a_success_starts_afresh(
    db, townships
):
    from ops.identity.accounts import SigninRefusedError

    run(db, "user", "add", "--name", "f1", "--role", "dispatcher", "--county",
        "--password-stdin", stdin="right-password\n")  # fmt: skip
    start = datetime.now(UTC)
    for minute in (0, 4, 8, 12, 16):  # the five span 16 minutes
        with pytest.raises(SigninRefusedError, match="wrong name"):
            signin(db, "f1", "wrong", start + timedelta(minutes=minute))
    assert signin(db, "f1", "right-password", start + timedelta(minutes=17))
    for second in range(4):  # four more after a success: not five since it
        with pytest.raises(SigninRefusedError, match="wrong name"):
            signin(db, "f1", "wrong", start + timedelta(minutes=18, seconds=second))
    assert signin(db, "f1", "right-password", start + timedelta(minutes=19))


def test_an_unknown_name_is_refused_like_a_wrong_password_and_can_lock_too(db, townships):
    from ops.identity.accounts import SigninRefusedError

    now = datetime.now(UTC)
    for _ in range(4):
        with pytest.raises(SigninRefusedError, match="wrong name or password"):
            signin(db, "ghost", "whatever1", now)
    with pytest.raises(SigninRefusedError, match="locked"):
        signin(db, "ghost", "whatever1", now)


def test_a_session_ends_after_12_hours_idle_and_activity_keeps_it(db, townships):
    from sqlmodel import Session

    from ops.identity.sessions import end_session, find_session, start_session

    run(db, "user", "add", "--name", "g1", "--role", "dispatcher", "--county")
    with Session(db.engine) as session:
        cookie = start_session(session=session, user=stored_user(db, "g1"))
        now = datetime.now(UTC)
        for hours in (11, 22, 33):  # a request every 11 hours keeps it alive for 33 hours
            assert find_session(
                session=session, session_id=cookie, now=now + timedelta(hours=hours)
            )
        idle = now + timedelta(hours=33 + 12, seconds=1)
        assert find_session(session=session, session_id=cookie, now=idle) is None
        fresh = start_session(session=session, user=stored_user(db, "g1"))
        end_session(session=session, session_id=fresh)
        assert find_session(session=session, session_id=fresh) is None
