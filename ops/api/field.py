"""Endpoints of the field phone app: sign in with a card's code, who am I, my duties."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from ops.api.deps import PrincipalDep, SessionDep, SettingsDep
from ops.errors import ForbiddenError, bilingual
from ops.identity.auth import Principal
from ops.services import signin

router = APIRouter(prefix="/api/v1", tags=["field app"])


class SigninRequest(BaseModel):
    """The one-time code from a card's QR link."""

    code: str = Field(min_length=8, max_length=64)


@router.post("/signin")
def post_signin(body: SigninRequest, session: SessionDep) -> dict[str, Any]:
    """Trade a card's one-time code for the person's token (410 when used, expired or replaced)."""
    try:
        token, person = signin.redeem_code(session=session, code=body.code, now=datetime.now(UTC))
    except signin.SigninCodeSpentError as exc:
        raise HTTPException(status_code=410, detail=str(exc)) from exc
    return {"token": token, "staff": signin.describe_staff(session=session, staff_id=person.id)}


@router.get("/me")
def get_me(session: SessionDep, settings: SettingsDep, principal: PrincipalDep) -> dict[str, Any]:
    """Who this token belongs to, and what the app needs to know (accuracy limit, timezone)."""
    staff = (
        signin.describe_staff(session=session, staff_id=principal.staff_id)
        if principal.staff_id
        else None
    )
    return {"role": principal.role, "name": principal.name, "staff": staff, **_config(settings)}


@router.get("/me/duties")
def get_my_duties(
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    days: int = Query(3, ge=1, le=signin.MAX_DUTY_DAYS, description="local days from today"),
) -> dict[str, Any]:
    """The signed-in person's assignments in force from today (local) and today's check-ins."""
    from ops.intake.reads import list_checkins

    staff_id = _own_staff_id(principal)
    today = datetime.now(settings.tz).date()
    duties = signin.my_duties(
        session=session, staff_id=staff_id, today=today, days=days, settings=settings
    )
    checkins = list_checkins(session=session, day=today, staff_id=staff_id, settings=settings)
    return {
        "today": today.isoformat(),
        "days": days,
        "duties": duties,
        "checkins_today": checkins,
        **_config(settings),
    }


def _own_staff_id(principal: Principal) -> str:
    if principal.staff_id is None:
        raise ForbiddenError(bilingual("仅限一线人员的令牌", "staff tokens only"))
    return principal.staff_id


def _config(settings: SettingsDep) -> dict[str, Any]:
    """A fix less accurate than what check-ins forgive is sent anyway, and marked as poor."""
    return {"timezone": settings.timezone, "accuracy_limit_m": settings.checkin_accuracy_slack_m}
