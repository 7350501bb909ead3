"""Signing in and out, the language switch, the township picker, and the console's front door."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from ops.console.context import ConsoleView, current_view, language, render
from ops.console.words import word
from ops.errors import ForbiddenError
from ops.identity.accounts import SigninRefusedError, check_signin
from ops.identity.sessions import COOKIE, csrf_matches, end_session, pick_township, start_session

router = APIRouter(prefix="/console", include_in_schema=False)
LOGIN_CSRF = "fieldops_login"


def safe_next(value: str | None) -> str:
    """Only a path of this console may follow a sign-in (no open redirect)."""
    if value and value.startswith("/console/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/console/"


def _cookie(
    response: Response, request: Request, name: str, value: str, max_age: int | None
) -> None:
    """HttpOnly, SameSite=Lax, and Secure when the request came over HTTPS (directly, or through a
    proxy `serve` believes: FIELDOPS_FORWARDED_ALLOW_IPS)."""
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax",
        secure=request.url.scheme == "https", path="/",
    )  # fmt: skip


@router.get("/login", response_class=HTMLResponse)
async def login_page(
    request: Request, next: str | None = None, ended: bool = False
) -> HTMLResponse:
    """The sign-in form (with a CSRF token of its own, before any session exists)."""
    token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(24)
    lang = language(request)
    notice = word("session_ended", lang) if ended else ""
    page = render(
        request, "login.html", view=None, login_csrf=token, next=safe_next(next), error="",
        notice=notice, username="",
    )  # fmt: skip
    _cookie(page, request, LOGIN_CSRF, token, 3600)
    return page


@router.post("/login", response_model=None)
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=500)] = "/console/",
) -> Response:
    """Check the name and password; on success a session cookie and on to the console."""
    expected = request.cookies.get(LOGIN_CSRF, "")
    lang = language(request)
    if not expected or not csrf_matches(expected, csrf_token):
        return _login_again(request, username, next, word("bad_csrf", lang), 403)
    database = request.app.state.database
    try:
        user = await database.run(check_signin, name=username, password=password)
    except SigninRefusedError as exc:
        # The form again with the reason, as an ordinary page (200): a 4xx document is a console
        # error in the browser, and nothing is signed in either way (no session cookie).
        return _login_again(request, username, next, str(exc), 200)
    session_id = await database.run(_start, user=user)
    response = RedirectResponse(safe_next(next), status_code=303)
    # No Max-Age: the browser keeps it until it closes; the server ends it after 12 h idle.
    _cookie(response, request, COOKIE, session_id, None)
    response.delete_cookie(LOGIN_CSRF, path="/")
    return response


def _start(*, session: Session, user: object) -> str:
    return start_session(session=session, user=user)  # type: ignore[arg-type]


def _login_again(
    request: Request, username: str, next_path: str, error: str, status: int
) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(24)
    page = render(
        request, "login.html", view=None, status=status, login_csrf=token, next=safe_next(next_path),
        error=error, notice="", username=username[:64],
    )  # fmt: skip
    _cookie(page, request, LOGIN_CSRF, token, 3600)
    return page


def check_form_csrf(view: ConsoleView, given: str) -> None:
    """A console form's CSRF token must be its session's."""
    if not csrf_matches(view.session.csrf_token, given):
        raise ForbiddenError(word("bad_csrf", view.lang))


@router.post("/logout")
async def logout(
    request: Request,
    view: Annotated[ConsoleView, Depends(current_view)],
    csrf_token: Annotated[str, Form(max_length=64)] = "",
) -> RedirectResponse:
    """End the session on the server and forget the cookie."""
    check_form_csrf(view, csrf_token)
    await request.app.state.database.run(_end, session_id=request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/console/login", status_code=303)
    _cookie(response, request, COOKIE, "", 0)  # the browser forgets it too
    return response


def _end(*, session: Session, session_id: str) -> None:
    end_session(session=session, session_id=session_id)


@router.post("/township")
async def choose_township(
    request: Request,
    view: Annotated[ConsoleView, Depends(current_view)],
    township_id: Annotated[int, Form(ge=1, le=2_147_483_647)],
    csrf_token: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=500)] = "/console/",
) -> RedirectResponse:
    """A county account chooses the township in view (a township account keeps its own)."""
    check_form_csrf(view, csrf_token)
    await request.app.state.database.run(
        _pick, session_id=request.cookies.get(COOKIE, ""), township_id=township_id
    )
    return RedirectResponse(safe_next(next), status_code=303)


def _pick(*, session: Session, session_id: str, township_id: int) -> bool:
    return pick_township(session=session, session_id=session_id, township_id=township_id)


@router.get("/lang")
async def switch_language(to: str = "zh", next: str | None = None) -> RedirectResponse:
    """Chinese or English for this browser (a cookie), then back to the page."""
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        "lang", "en" if to == "en" else "zh", max_age=365 * 86400, samesite="lax", path="/"
    )
    return response


@router.get("/")
async def home(view: Annotated[ConsoleView, Depends(current_view)]) -> RedirectResponse:
    """The console opens on the roster board."""
    return RedirectResponse("/console/roster", status_code=303)
