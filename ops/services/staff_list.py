"""人员: a township's staff list, one person, and the office's hold on a person's phone.

Reads are scoped like every office read (another township's person is "not found"); writes to a
person of another township are refused (ForbiddenError). Sign-in cards and revocation reuse
ops.services.signin and ops.identity.auth, as `fieldops token issue --qr` and `token revoke` do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import ForbiddenError, InputError, NotFoundError, Problem, bilingual
from ops.models import StaffMember, Township, Village
from ops.models.roles import role_label

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.services.signin import Card


def no_such_person(staff_id: str) -> NotFoundError:
    """The answer for a person who does not exist or is outside the caller's scope."""
    return NotFoundError(
        bilingual(f"没有编号为“{staff_id}”的人员", f"no staff member {staff_id!r}")
    )


def person_in_scope(
    session: Session, principal: Principal, staff_id: str, *, write: bool
) -> StaffMember:
    """The person if the caller may see them; another township's: 404 to read, 403 to change."""
    person = session.get(StaffMember, staff_id)
    if person is None:
        raise no_such_person(staff_id)
    if not principal.sees_township(person.township_id):
        if write:
            raise ForbiddenError(
                bilingual("不能更改其他乡镇的人员", "this person belongs to another township")
            )
        raise no_such_person(staff_id)
    return person


def township_for_write(principal: Principal, township_id: int | None) -> int:
    """The township a change is for: the caller's own, or (county callers) the one named (403 else)."""
    if township_id is None:
        if principal.township_id is None:
            message = bilingual("全县账号请指定乡镇", "a county account names the township")
            raise InputError([Problem("query", "township_id", message)])
        return principal.township_id
    if not principal.sees_township(township_id):
        raise ForbiddenError(bilingual("不能更改其他乡镇的数据", "another township's data"))
    return township_id


def get_township_row(session: Session, township_id: int) -> Township:
    """The township row, or 404."""
    township = session.get(Township, township_id)
    if township is None:
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    return township


def _villages(session: Session, township_id: int) -> dict[int, Village]:
    rows = session.exec(select(Village).where(Village.township_id == township_id)).all()
    return {v.id or 0: v for v in rows}


def person_view(person: StaffMember, villages: dict[int, Village]) -> dict[str, Any]:
    """One person as the API and the console show them."""
    home = villages.get(person.home_village_id or 0)
    return {
        "id": person.id,
        "name": person.name,
        "phone": person.phone,
        "roles": list(person.roles),
        "role_labels": [
            {"zh": role_label(r, "zh"), "en": role_label(r, "en")} for r in person.roles
        ],
        "home_village": {"id": home.id, "code": home.code, "name": home.name} if home else None,
        "max_shifts_per_week": person.max_shifts_per_week,
        "active": person.active,
        "township_id": person.township_id,
    }


def list_staff(*, session: Session, township_id: int) -> dict[str, Any]:
    """A township's staff in id order, active or not."""
    township = get_township_row(session, township_id)
    people = session.exec(
        select(StaffMember)
        .where(StaffMember.township_id == township_id)
        .order_by(col(StaffMember.id))
    ).all()
    villages = _villages(session, township_id)
    items = [person_view(p, villages) for p in people]
    return {"township": {"id": township.id, "name": township.name}, "items": items,
            "total": len(items)}  # fmt: skip


def staff_detail(*, session: Session, principal: Principal, staff_id: str) -> dict[str, Any]:
    """One person in the caller's scope (404 otherwise), with their township's name."""
    person = person_in_scope(session, principal, staff_id, write=False)
    township = get_township_row(session, person.township_id)
    return person_view(person, _villages(session, person.township_id)) | {"township": township.name}


def issue_person_card(
    *, session: Session, principal: Principal, staff_id: str, base_url: str, now: datetime,
    valid_for: timedelta,
) -> Card:  # fmt: skip
    """A fresh one-time sign-in card for one person (their older unused cards stop working)."""
    from ops.services.signin import issue_cards

    person = person_in_scope(session, principal, staff_id, write=True)
    return issue_cards(
        session=session, staff_ids=[person.id], base_url=base_url, now=now, valid_for=valid_for
    )[0]


def issue_township_cards(
    *, session: Session, township_id: int, base_url: str, now: datetime, valid_for: timedelta
) -> tuple[str, list[Card]]:
    """Fresh cards for every active person of a township: (township name, cards)."""
    from ops.services.signin import active_staff_ids, issue_cards

    township = get_township_row(session, township_id)
    ids = active_staff_ids(session=session, township_id=township_id)
    if not ids:
        raise InputError(
            [Problem("township_id", str(township_id),
                     bilingual("本乡镇没有在岗人员", "the township has no active staff"))]
        )  # fmt: skip
    cards = issue_cards(
        session=session, staff_ids=ids, base_url=base_url, now=now, valid_for=valid_for
    )
    return township.name, cards


def revoke_phone(
    *, session: Session, principal: Principal, staff_id: str, now: datetime
) -> dict[str, Any]:
    """Revoke every token of a person and void their unused cards (`fieldops token revoke --staff`).

    Returns the counts and the revoked tokens' hashes, which the caller drops from the token
    cache once the database work is done.
    """
    from ops.identity.auth import revoke_tokens
    from ops.services.signin import void_codes

    person = person_in_scope(session, principal, staff_id, write=True)
    hashes = revoke_tokens(session=session, staff_id=person.id)
    voided = void_codes(session=session, staff_id=person.id, now=now)
    return {"staff_id": person.id, "tokens_revoked": len(hashes), "cards_voided": voided,
            "hashes": hashes}  # fmt: skip
