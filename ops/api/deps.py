"""Request dependencies: settings, a database session, the Celery client, the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlmodel import Session

from ops.errors import ForbiddenError, UnauthorizedError, bilingual
from ops.identity.auth import Principal, authenticate
from ops.runtime.settings import Settings


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    """A session for this request."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_client(request: Request) -> Any:
    """The Celery client (sends tasks by name)."""
    return request.app.state.celery


def get_principal(request: Request, session: Annotated[Session, Depends(get_session)]) -> Principal:
    """The caller, from `Authorization: Bearer TOKEN`; 401 without a valid one."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError(bilingual("缺少令牌", "missing bearer token"))
    principal = authenticate(session=session, token=token.strip())
    if principal is None:
        raise UnauthorizedError(bilingual("令牌无效或已注销", "invalid or revoked token"))
    return principal


def require_reader_of_all(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """Dispatchers and supervisors only."""
    if not principal.reads_all:
        raise ForbiddenError(bilingual("仅调度员和督导可查看", "dispatchers and supervisors only"))
    return principal


def require_dispatcher(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """Dispatchers only."""
    if principal.role != "dispatcher":
        raise ForbiddenError(bilingual("仅调度员可操作", "dispatchers only"))
    return principal


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
ClientDep = Annotated[Any, Depends(get_client)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
ReaderDep = Annotated[Principal, Depends(require_reader_of_all)]
DispatcherDep = Annotated[Principal, Depends(require_dispatcher)]
