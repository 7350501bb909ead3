"""What every console page needs: the signed-in account, its scope, its language, and rendering.

Pages are server-rendered Jinja2 templates (autoescaped) under `templates/`; `static/` holds the
CSS and the small scripts that enhance them. A page without a live session redirects to the
sign-in page; a supervisor sees every page read-only (the API refuses their writes anyway).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, col, select

from ops.console.words import pick, word
from ops.identity.sessions import COOKIE, ConsoleSession, find_session
from ops.models import OfficeUser, Township

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
STATIC = HERE / "static"
NAV = [
    ("roster", "/console/roster"),
    ("staff", "/console/staff"),
    ("today", "/console/today"),
    ("hazards", "/console/hazards"),
    ("coverage", "/console/coverage"),
    ("records", "/console/records"),
]


class SignInRequiredError(Exception):
    """No live session: the page sends the browser to the sign-in page."""

    def __init__(self, next_path: str, *, ended: bool = False) -> None:
        super().__init__(next_path)
        self.next_path, self.ended = next_path, ended


@dataclass(frozen=True)
class TownshipChoice:
    """A township the account may look at."""

    id: int
    name: str


@dataclass
class ConsoleView:
    """The signed-in account on this page, with what it may see."""

    session: ConsoleSession
    account: OfficeUser
    townships: list[TownshipChoice]
    township_id: int | None
    lang: str = "zh"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def township_name(self) -> str | None:
        """The name of the township in view."""
        return next((t.name for t in self.townships if t.id == self.township_id), None)

    @property
    def can_change(self) -> bool:
        """Dispatchers change things; supervisors only read."""
        return self.session.principal.is_dispatcher


def load_view(*, session: Session, session_id: str) -> ConsoleView | None:
    """The console view of a session cookie, or None when it is not live."""
    found = find_session(session=session, session_id=session_id)
    if found is None:
        return None
    account = session.get(OfficeUser, found.user_id)
    assert account is not None
    query = select(Township).order_by(col(Township.name))
    if account.township_id is not None:
        query = query.where(Township.id == account.township_id)
    townships = [TownshipChoice(t.id or 0, t.name) for t in session.exec(query)]
    in_view = found.township_id
    if in_view not in {t.id for t in townships}:
        in_view = townships[0].id if townships else None
    return ConsoleView(found, account, townships, in_view)


def language(request: Request) -> str:
    """The page language: the `lang` cookie, Chinese by default."""
    return "en" if request.cookies.get("lang") == "en" else "zh"


async def current_view(request: Request) -> ConsoleView:
    """The signed-in account of this page, or SignInRequiredError."""
    session_id = request.cookies.get(COOKIE)
    next_path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not session_id:
        raise SignInRequiredError(next_path)
    view: ConsoleView | None = await request.app.state.database.run(
        load_view, session_id=session_id
    )
    if view is None:
        raise SignInRequiredError(next_path, ended=True)
    view.lang = language(request)
    return view


@cache
def static_version() -> str:
    """A short hash of the console's static files, so browsers fetch new ones after an upgrade."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def render(
    request: Request, template: str, *, view: ConsoleView | None, section: str = "", status: int = 200,
    **context: Any,
) -> HTMLResponse:  # fmt: skip
    """Render a console page with what every page shows (account, scope, language, CSRF)."""
    lang = view.lang if view else language(request)
    base = {
        "lang": lang,
        "w": lambda key: word(key, lang),
        "pick": lambda zh, en: pick(zh, en, lang),
        "version": static_version(),
        "path": request.url.path,
        "nav": NAV,
        "section": section,
        "account": view.account if view else None,
        "csrf": view.session.csrf_token if view else None,
        "townships": view.townships if view else [],
        "township_id": view.township_id if view else None,
        "township_name": view.township_name if view else None,
        "can_change": view.can_change if view else False,
    }
    return TEMPLATES.TemplateResponse(request, template, base | context, status_code=status)


def login_url(next_path: str) -> str:
    """The sign-in page that comes back to `next_path`."""
    return "/console/login?next=" + quote(next_path, safe="/")
