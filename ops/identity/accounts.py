"""Office accounts: create, list, disable, set a password, and check a sign-in.

Passwords are hashed with argon2id (argon2-cffi's defaults). Five failed sign-ins for one name
within 15 minutes lock that name for 15 minutes, counted from the fifth failure; a locked name
is refused even with the right password, and says so.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, func, select

from ops.errors import FieldOpsError, InputError, NotFoundError, Problem, bilingual
from ops.models import OfficeUser, SigninAttempt, Township
from ops.models.base import utc_now
from ops.models.office import OFFICE_ROLES

if TYPE_CHECKING:
    from argon2 import PasswordHasher

LOCK_AFTER = 5
LOCK_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 8


class SigninRefusedError(FieldOpsError):
    """Wrong name or password, a disabled account, or a locked name."""

    def __init__(self, message: str, *, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


@dataclass(frozen=True)
class Account:
    """An office account as the console and the CLI show it."""

    id: int
    name: str
    role: str
    township_id: int | None
    township: str | None
    disabled: bool


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def new_password() -> str:
    """A generated password that is easy to read out (no 0/O, 1/l)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD or len(password) > 256:
        raise InputError(
            [
                Problem(
                    "password",
                    "",
                    bilingual("密码须为 8 至 256 个字符", "password must be 8-256 characters"),
                )
            ]
        )


def add_account(
    *, session: Session, name: str, role: str, township: str | None, password: str
) -> Account:
    """Create an office account: a township's (`township`) or the county's (None)."""
    name = name.strip()
    problems = []
    if not 1 <= len(name) <= 64:
        problems.append(
            Problem(
                "--name", name, bilingual("名称须为 1 至 64 个字符", "name must be 1-64 characters")
            )
        )
    if role not in OFFICE_ROLES:
        problems.append(
            Problem(
                "--role",
                role,
                bilingual(
                    "角色应为 dispatcher 或 supervisor", "role must be dispatcher or supervisor"
                ),
            )
        )
    if problems:
        raise InputError(problems)
    _check_password(password)
    if session.exec(select(OfficeUser).where(OfficeUser.name == name)).first():
        raise InputError(
            [Problem("--name", name, bilingual("此账号已存在", "that account exists already"))]
        )
    township_id = None
    if township is not None:
        found = session.exec(select(Township).where(Township.name == township)).first()
        if found is None:
            raise NotFoundError(bilingual(f"没有乡镇“{township}”", f"no township {township!r}"))
        township_id = found.id
    user = OfficeUser(
        name=name, role=role, township_id=township_id, password_hash=_hasher().hash(password)
    )
    session.add(user)
    session.commit()
    return describe(session, user)


def describe(session: Session, user: OfficeUser) -> Account:
    """An account as shown to people."""
    township = session.get(Township, user.township_id) if user.township_id else None
    return Account(
        id=user.id or 0, name=user.name, role=user.role, township_id=user.township_id,
        township=township.name if township else None, disabled=user.disabled_at is not None,
    )  # fmt: skip


def list_accounts(*, session: Session) -> list[Account]:
    """Every account, by name."""
    return [
        describe(session, u)
        for u in session.exec(select(OfficeUser).order_by(col(OfficeUser.name)))
    ]


def _named(session: Session, name: str) -> OfficeUser:
    user = session.exec(select(OfficeUser).where(OfficeUser.name == name)).first()
    if user is None:
        raise NotFoundError(bilingual(f"没有账号“{name}”", f"no account {name!r}"))
    return user


def disable_account(*, session: Session, name: str) -> int:
    """Disable an account and end its sessions; return how many sessions ended."""
    from ops.models import OfficeSession

    user = _named(session, name)
    user.disabled_at = user.disabled_at or utc_now()
    session.add(user)
    live = session.exec(
        select(OfficeSession).where(
            OfficeSession.user_id == user.id, col(OfficeSession.ended_at).is_(None)
        )
    ).all()
    for row in live:
        row.ended_at = utc_now()
        session.add(row)
    session.commit()
    return len(live)


def set_password(*, session: Session, name: str, password: str) -> None:
    """Give an account a new password (its sessions go on; its lock is lifted)."""
    _check_password(password)
    user = _named(session, name)
    user.password_hash = _hasher().hash(password)
    session.add(user)
    session.add(SigninAttempt(name=name, ok=True))  # a fresh start for the lockout count
    session.commit()


def check_signin(
    *, session: Session, name: str, password: str, now: datetime | None = None
) -> OfficeUser:
    """The account for a right name and password; SigninRefusedError otherwise (and counted)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    now = now or utc_now()
    name = name.strip()[:64]
    locked_until = _locked_until(session, name, now)
    if locked_until is not None:
        raise SigninRefusedError(_locked_message(locked_until, now), locked_until=locked_until)
    user = session.exec(select(OfficeUser).where(OfficeUser.name == name)).first()
    hasher = _hasher()
    try:
        if user is None:
            hasher.verify(
                _dummy_hash(), password
            )  # same work as a real check: no name probing by time
            raise VerificationError
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        session.add(SigninAttempt(name=name, ok=False, at=now))
        session.commit()
        locked_until = _locked_until(session, name, now)
        if locked_until is not None:
            raise SigninRefusedError(
                _locked_message(locked_until, now), locked_until=locked_until
            ) from None
        raise SigninRefusedError(bilingual("账号或密码不对", "wrong name or password")) from None
    if user.disabled_at is not None:
        raise SigninRefusedError(bilingual("此账号已停用", "this account is disabled"))
    session.add(SigninAttempt(name=name, ok=True, at=now))
    session.commit()
    return user


def _locked_until(session: Session, name: str, now: datetime) -> datetime | None:
    """When the name's lock ends, if five failures fall within 15 minutes since its last success."""
    last_ok = session.exec(
        select(func.max(SigninAttempt.at)).where(SigninAttempt.name == name, SigninAttempt.ok)
    ).one()
    since = now - LOCK_WINDOW * 2
    if last_ok is not None and last_ok > since:
        since = last_ok
    failures = session.exec(
        select(SigninAttempt.at)
        .where(
            SigninAttempt.name == name, col(SigninAttempt.ok).is_(False), SigninAttempt.at > since
        )
        .order_by(col(SigninAttempt.at))
    ).all()
    for index in range(len(failures) - LOCK_AFTER + 1):
        first, fifth = failures[index], failures[index + LOCK_AFTER - 1]
        if fifth - first <= LOCK_WINDOW and now < fifth + LOCK_WINDOW:
            return fifth + LOCK_WINDOW
    return None


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, -int((now - until).total_seconds() // 60))
    return bilingual(
        f"连续输错 5 次，此账号已锁定，请 {minutes} 分钟后再试",
        f"five failed sign-ins: this name is locked for {minutes} more minute(s)",
    )


@functools.cache
def _dummy_hash() -> str:
    """A real hash of a random word: an unknown name costs as much to check as a known one."""
    return _hasher().hash(secrets.token_urlsafe(16))
