"""人员 in the API: a township's staff, one person, sign-in cards, and revoking a person's phone.

Dispatchers and supervisors read their township's staff (county accounts name one); a staff token
is refused. Issuing cards and revoking a phone change things: dispatchers only, within their
township. Cards and revocation are `fieldops token issue --qr/--qr-sheet` and `token revoke --staff`.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel

from ops.api.deps import DatabaseDep, DispatcherDep, ReaderDep, SettingsDep
from ops.api.errors import error_responses
from ops.api.today import TownshipQuery
from ops.intake.fields import check_text
from ops.services.staff_list import (
    issue_person_card,
    issue_township_cards,
    list_staff,
    revoke_phone,
    staff_detail,
    township_for_write,
)
from ops.services.township_map import township_in_view

router = APIRouter(prefix="/api/v1", tags=["staff"])
StaffPath = Annotated[
    str,
    Path(min_length=1, max_length=64, description="the person's id"),
    AfterValidator(check_text),
]
ValidDays = Annotated[int, Query(ge=1, le=90, description="days the card's code stays valid")]
TownshipPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
CARD_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
SHEET_TYPES = {"pdf": "application/pdf", "html": "text/html"}
# The printable HTML sheet styles itself inline and runs no script.
SHEET_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


class StaffPerson(BaseModel):
    """A person: roles (codes and labels), phone, home village, weekly maximum, active."""

    id: str
    name: str
    phone: str | None
    roles: list[str]
    role_labels: list[dict[str, str]]
    home_village: dict[str, Any] | None
    max_shifts_per_week: int | None
    active: bool
    township_id: int
    township: str | None = None


class StaffList(BaseModel):
    """A township's staff in id order."""

    township: dict[str, Any]
    items: list[StaffPerson]
    total: int


class RevokeAnswer(BaseModel):
    """What revoking a phone did: the person's tokens revoked, their unused cards voided."""

    staff_id: str
    tokens_revoked: int
    cards_voided: int


def _file_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)[:80] or "card"


@router.get("/staff", response_model=StaffList, responses=error_responses(401, 403, 404, 422, 503))
async def get_staff(
    database: DatabaseDep, principal: ReaderDep, township_id: TownshipQuery = None
) -> StaffList:
    """The township's staff: roles, phone, home village, weekly maximum, active."""
    chosen = township_in_view(principal, township_id)
    return StaffList(**await database.run(list_staff, township_id=chosen))


@router.get(
    "/staff/{staff_id}",
    response_model=StaffPerson,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def get_person(
    staff_id: StaffPath, database: DatabaseDep, principal: ReaderDep
) -> StaffPerson:
    """One person in the caller's scope (another township's: 404)."""
    found = await database.run(staff_detail, principal=principal, staff_id=staff_id)
    return StaffPerson(**found)


@router.post(
    "/staff/{staff_id}/card",
    response_class=Response,
    responses={
        200: {"content": {t: {} for t in CARD_TYPES.values()}, "description": "the QR code"},
        **error_responses(401, 403, 404, 422, 503),
    },
)
async def post_card(
    *, staff_id: StaffPath, database: DatabaseDep, settings: SettingsDep, principal: DispatcherDep,
    format: Annotated[Literal["png", "svg"], Query(description="png or svg")] = "png",
    valid_days: ValidDays = 7,
) -> Response:  # fmt: skip
    """A fresh one-time sign-in QR code for one person; their older unused cards stop working.

    The `X-Signin-Expires` header says until when (local time); `X-Signin-Link` is the link.
    """
    from ops.identity.cards import qr_code

    card = await database.run(
        issue_person_card, principal=principal, staff_id=staff_id, base_url=settings.public_url,
        now=datetime.now(UTC), valid_for=timedelta(days=valid_days),
    )  # fmt: skip
    buffer = io.BytesIO()
    qr_code(card.link).save(buffer, kind=format, scale=8, border=4)
    return Response(buffer.getvalue(), media_type=CARD_TYPES[format], headers={
        "Cache-Control": "no-store",
        "Content-Disposition": f'inline; filename="card-{_file_name(card.staff_id)}.{format}"',
        "X-Signin-Expires": card.expires_at.astimezone(settings.tz).isoformat(),
        "X-Signin-Link": card.link,
    })  # fmt: skip


@router.post(
    "/townships/{township_id}/cards",
    response_class=Response,
    responses={
        200: {"content": {t: {} for t in SHEET_TYPES.values()}, "description": "cards to print"},
        **error_responses(401, 403, 404, 422, 503),
    },
)
async def post_township_cards(
    *, township_id: TownshipPath, database: DatabaseDep, settings: SettingsDep,
    principal: DispatcherDep,
    format: Annotated[Literal["pdf", "html"], Query(description="pdf or html")] = "pdf",
    valid_days: ValidDays = 7,
) -> Response:  # fmt: skip
    """Fresh cards for every active person of the township, A4, ten a page (older cards void)."""
    from ops.identity.cards import sheet_html, sheet_pdf

    chosen = township_for_write(principal, township_id)
    name, cards = await database.run(
        issue_township_cards, township_id=chosen, base_url=settings.public_url,
        now=datetime.now(UTC), valid_for=timedelta(days=valid_days),
    )  # fmt: skip
    cards = [replace(c, expires_at=c.expires_at.astimezone(settings.tz)) for c in cards]
    headers = {
        "Cache-Control": "no-store",
        "Content-Disposition": f'inline; filename="cards-{chosen}.{format}"; '
        f"filename*=UTF-8''{quote('工作卡-' + name)}.{format}",
    }
    if format == "html":
        headers["Content-Security-Policy"] = SHEET_CSP
        return Response(sheet_html(cards), media_type=SHEET_TYPES["html"], headers=headers)
    return Response(sheet_pdf(cards), media_type=SHEET_TYPES["pdf"], headers=headers)


@router.post(
    "/staff/{staff_id}/revoke",
    response_model=RevokeAnswer,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def post_revoke(
    request: Request, staff_id: StaffPath, database: DatabaseDep, principal: DispatcherDep
) -> RevokeAnswer:
    """Revoke every token of the person's phone(s) and void their unused cards, at once everywhere."""
    done = await database.run(
        revoke_phone, principal=principal, staff_id=staff_id, now=datetime.now(UTC)
    )
    await request.app.state.principals.forget(done.pop("hashes"))
    return RevokeAnswer(**done)
