"""What a phone gets: a one-time card code exchanged for a token, and the person's own duties.

A card's QR code holds `<public_url>/app/#signin=<code>`. The code is random, stored only as its
SHA-256, and works once: the page trades it for a staff token that then lives only on that phone.
A code stops working when it is used, when it expires, when a newer card for the same person is
printed, or when the person's tokens are revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from ops.errors import GoneError, NotFoundError, bilingual
from ops.identity.auth import hash_token, issue_token
from ops.models import ApiToken, Assignment, SigninCode, StaffMember, Township, Village
from ops.models.base import as_utc

if TYPE_CHECKING:
    from ops.intake.classify import Duty
    from ops.runtime.settings import Settings

CODE_VALID_FOR = timedelta(days=7)
MAX_DUTY_DAYS = 14


class SigninCodeSpentError(GoneError):
    """The code was already used, has expired or was replaced (HTTP 410)."""


@dataclass(frozen=True)
class Card:
    """What a printed card shows: the person, their township and the sign-in link."""

    staff_id: str
    name: str
    township: str
    link: str
    expires_at: datetime


def hash_code(code: str) -> str:
    """The stored form of a sign-in code."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


def signin_link(base_url: str, code: str) -> str:
    """The link a card's QR code carries; the code sits after `#`, so servers never log it."""
    return f"{base_url.rstrip('/')}/app/#signin={code}"


def issue_cards(
    *,
    session: Session,
    staff_ids: list[str],
    base_url: str,
    now: datetime,
    valid_for: timedelta = CODE_VALID_FOR,
) -> list[Card]:
    """Make one fresh code per person (voiding their older unused ones) and return their cards."""
    people = []
    for staff_id in dict.fromkeys(staff_ids):
        person = session.get(StaffMember, staff_id)
        if person is None:
            raise NotFoundError(
                bilingual(f"没有编号为“{staff_id}”的人员", f"no staff member {staff_id!r}")
            )
        people.append(person)
    townships = {t.id: t.name for t in session.exec(select(Township)).all()}
    cards = []
    for person in people:
        _void_unused(session, person.id, now)
        code = secrets.token_urlsafe(16)  # 128 random bits: short enough for a small QR
        expires = now + valid_for
        session.add(
            SigninCode(
                code_hash=hash_code(code), staff_id=person.id, created_at=now, expires_at=expires
            )
        )
        link = signin_link(base_url, code)
        cards.append(
            Card(person.id, person.name, townships.get(person.township_id, ""), link, expires)
        )
    session.commit()
    return cards


def active_staff_ids(*, session: Session, township_id: int) -> list[str]:
    """Ids of a township's active staff, in id order."""
    query = select(StaffMember.id).where(
        StaffMember.township_id == township_id, col(StaffMember.active).is_(True)
    )
    return list(session.exec(query.order_by(col(StaffMember.id))).all())


def void_codes(*, session: Session, staff_id: str, now: datetime) -> int:
    """Void a person's unused codes (their card is lost, or their tokens were revoked)."""
    count = _void_unused(session, staff_id, now)
    session.commit()
    return count


def _void_unused(session: Session, staff_id: str, now: datetime) -> int:
    result = session.execute(
        update(SigninCode)
        .where(col(SigninCode.staff_id) == staff_id)
        .where(col(SigninCode.used_at).is_(None), col(SigninCode.voided_at).is_(None))
        .values(voided_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def redeem_code(*, session: Session, code: str, now: datetime) -> tuple[str, StaffMember]:
    """Trade a live code for a new staff token; a code already used, expired or replaced is refused."""
    row = session.exec(select(SigninCode).where(SigninCode.code_hash == hash_code(code))).first()
    if row is None:
        raise NotFoundError(
            bilingual("登录码无效，请扫描工作卡上的二维码", "unknown sign-in code: scan your card")
        )
    _refuse_dead(row, now)
    # Claim the code in one statement so that two phones scanning at once cannot both win.
    claimed = session.execute(
        update(SigninCode)
        .where(col(SigninCode.id) == row.id, col(SigninCode.used_at).is_(None))
        .where(col(SigninCode.voided_at).is_(None))
        .values(used_at=now)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        session.rollback()
        raise _spent()
    token = issue_token(session=session, role="staff", staff_id=row.staff_id)  # commits
    token_row = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).one()
    session.execute(
        update(SigninCode).where(col(SigninCode.id) == row.id).values(token_id=token_row.id)
    )
    session.commit()
    person = session.get(StaffMember, row.staff_id)
    assert person is not None  # the foreign key holds it
    return token, person


def _refuse_dead(row: SigninCode, now: datetime) -> None:
    if row.used_at is not None:
        raise _spent()
    if row.voided_at is not None:
        raise SigninCodeSpentError(
            bilingual(
                "此工作卡已作废（已补发新卡或已注销），请向调度员领取新卡",
                "this card was replaced or revoked: ask the dispatcher for a new card",
            )
        )
    if as_utc(row.expires_at) <= now:
        raise SigninCodeSpentError(
            bilingual(
                "此工作卡的登录码已过期，请向调度员领取新卡",
                "this card's sign-in code has expired: ask the dispatcher for a new card",
            )
        )


def _spent() -> SigninCodeSpentError:
    return SigninCodeSpentError(
        bilingual(
            "此登录码已经用过，每张卡只能登录一次；如需在新手机上登录，请向调度员领取新卡",
            "this sign-in code was already used; each card signs in once: ask for a new card",
        )
    )


def describe_staff(*, session: Session, staff_id: str) -> dict[str, Any]:
    """Who a staff token belongs to: id, name, township, roles."""
    person = session.get(StaffMember, staff_id)
    if person is None:
        raise NotFoundError(bilingual(f"没有编号为“{staff_id}”的人员", "unknown staff member"))
    township = session.get(Township, person.township_id)
    return {
        "id": person.id,
        "name": person.name,
        "township": township.name if township else "",
        "roles": list(person.roles),
    }


def home_villages(*, session: Session, staff_id: str) -> list[dict[str, Any]]:
    """The villages of a person's township (id, name), in code order: the visit form's choices."""
    person = session.get(StaffMember, staff_id)
    if person is None:
        return []
    query = select(Village.id, Village.name).where(Village.township_id == person.township_id)
    return [
        {"id": vid, "name": name} for vid, name in session.exec(query.order_by(col(Village.code)))
    ]


def my_duties(
    *, session: Session, staff_id: str, today: date, days: int, settings: Settings
) -> list[dict[str, Any]]:
    """A person's assignments in force from local `today` for `days` days, with teammates' names."""
    from ops.intake.classify import duties_for
    from ops.services.rosters import local_day_bounds

    begin, end = local_day_bounds(today, days, settings)
    # Start a day early so that a shift running past midnight into today is still listed.
    found = duties_for(session, [staff_id], begin - timedelta(days=1), end, settings)
    duties = sorted(
        (d for d in found.get(staff_id, []) if as_utc(d.ends_at) > begin),
        key=lambda d: as_utc(d.starts_at),
    )
    teams = _teammates(session, [d.assignment_id for d in duties], staff_id)
    return [_duty_view(d, teams.get(d.assignment_id, []), settings) for d in duties]


def _teammates(session: Session, assignment_ids: list[int], staff_id: str) -> dict[int, list[str]]:
    """assignment id -> names of the others on the same roster shift."""
    if not assignment_ids:
        return {}
    mine = session.exec(select(Assignment).where(col(Assignment.id).in_(assignment_ids))).all()
    by_shift = {a.roster_shift_id: a.id or 0 for a in mine}
    rows = session.exec(
        select(Assignment.roster_shift_id, StaffMember.name)
        .where(col(Assignment.roster_shift_id).in_(list(by_shift)))
        .where(Assignment.staff_id == StaffMember.id, Assignment.staff_id != staff_id)
        .order_by(col(StaffMember.id))
    ).all()
    teams: dict[int, list[str]] = {}
    for shift_id, name in rows:
        teams.setdefault(by_shift[shift_id], []).append(name)
    return teams


def _duty_view(duty: Duty, teammates: list[str], settings: Settings) -> dict[str, Any]:
    post = duty.post
    return {
        "assignment_id": duty.assignment_id,
        "post": {
            "id": post.id,
            "code": post.code,
            "name": post.name,
            "kind": post.kind,
            "lon": post.lon,
            "lat": post.lat,
            "radius_m": (
                post.radius_m or settings.default_crossing_radius_m
                if post.kind == "intersection"
                else None
            ),
        },
        "start": as_utc(duty.starts_at).astimezone(settings.tz).isoformat(),
        "end": as_utc(duty.ends_at).astimezone(settings.tz).isoformat(),
        "teammates": teammates,
    }


def clamp_days(days: int) -> int:
    """Between 1 and 14 days of duties."""
    return max(1, min(days, MAX_DUTY_DAYS))
