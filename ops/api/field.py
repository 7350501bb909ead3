"""Endpoints of the field phone app: sign in with a card's code, who am I, my duties."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from ops.api.deps import DatabaseDep, PrincipalDep, SettingsDep, StaffDep
from ops.api.errors import error_responses
from ops.identity.auth import Principal
from ops.runtime.settings import Settings
from ops.services import signin

router = APIRouter(prefix="/api/v1", tags=["field app"])


class SigninRequest(BaseModel):
    """The one-time code from a card's QR link."""

    code: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class SigninAnswer(BaseModel):
    """The person's token (kept only on that phone) and who they are."""

    token: str
    staff: dict[str, Any]


@router.post("/signin", response_model=SigninAnswer, responses=error_responses(404, 410, 422, 503))
async def post_signin(body: SigninRequest, database: DatabaseDep) -> SigninAnswer:
    """Trade a card's one-time code for the person's token (410 when used, expired or replaced)."""
    token, staff = await database.run(_redeem, code=body.code)
    return SigninAnswer(token=token, staff=staff)


def _redeem(*, session: Session, code: str) -> tuple[str, dict[str, Any]]:
    token, person = signin.redeem_code(session=session, code=code, now=datetime.now(UTC))
    return token, signin.describe_staff(session=session, staff_id=person.id)


class MeAnswer(BaseModel):
    """Who the token (or console session) belongs to, and what the app needs to know."""

    role: str
    name: str
    staff: dict[str, Any] | None
    township_id: int | None = None
    csrf_token: str | None = None  # a console session's, for its scripts' writes
    timezone: str
    accuracy_limit_m: float


@router.get("/me", response_model=MeAnswer, responses=error_responses(401, 503))
async def get_me(
    request: Request, database: DatabaseDep, settings: SettingsDep, principal: PrincipalDep
) -> MeAnswer:
    """Who this token belongs to, and what the app needs to know (accuracy limit, timezone)."""
    staff = None
    if principal.staff_id:
        staff = await database.run(signin.describe_staff, staff_id=principal.staff_id)
    return MeAnswer(
        role=principal.role, name=principal.name, staff=staff, township_id=principal.township_id,
        csrf_token=getattr(request.state, "csrf_token", None), **_config(settings),
    )  # fmt: skip


class DutiesAnswer(BaseModel):
    """The signed-in person's duties from today and today's check-ins."""

    today: str
    days: int
    duties: list[dict[str, Any]]
    checkins_today: list[dict[str, Any]]
    villages: list[dict[str, Any]] = Field(
        default=[], description="the person's township's villages (id, name), for the visit form"
    )
    timezone: str
    accuracy_limit_m: float


@router.get(
    "/me/duties", response_model=DutiesAnswer, responses=error_responses(401, 403, 422, 503)
)
async def get_my_duties(
    database: DatabaseDep,
    settings: SettingsDep,
    principal: StaffDep,
    days: Annotated[
        int, Query(ge=1, le=signin.MAX_DUTY_DAYS, description="local days from today")
    ] = 3,
) -> DutiesAnswer:
    """The signed-in person's assignments in force from today (local), today's check-ins, villages."""
    found = await database.run(_duties, principal=principal, days=days, settings=settings)
    return DutiesAnswer(**found, **_config(settings))


def _duties(
    *, session: Session, principal: Principal, days: int, settings: Settings
) -> dict[str, Any]:
    from ops.intake.reads import list_checkins

    staff_id = principal.staff_id or ""
    today = datetime.now(settings.tz).date()
    duties = signin.my_duties(
        session=session, staff_id=staff_id, today=today, days=days, settings=settings
    )
    checkins = list_checkins(session=session, day=today, staff_id=staff_id, settings=settings)
    villages = signin.home_villages(session=session, staff_id=staff_id)
    return {"today": today.isoformat(), "days": days, "duties": duties, "checkins_today": checkins,
            "villages": villages}  # fmt: skip


def _config(settings: Settings) -> dict[str, Any]:
    """A fix less accurate than what check-ins forgive is sent anyway, and marked as poor."""
    return {"timezone": settings.timezone, "accuracy_limit_m": settings.checkin_accuracy_slack_m}
