"""Request dependencies: settings, database work, the Celery client, the caller.

All of them are `async` and none opens a database session: database work goes through
`DatabaseWork.run` (ops.api.database), scoped to the unit of work and bounded per process.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ops.api.database import DatabaseWork
from ops.errors import ForbiddenError, UnauthorizedError, bilingual
from ops.identity.auth import Principal
from ops.identity.sessions import COOKIE, ConsoleSession, csrf_matches, find_session
from ops.runtime.settings import Settings

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
bearer_scheme = HTTPBearer(
    auto_error=False,
    description="`fieldops token issue` 发放的令牌 / a token from `fieldops token issue`",
)


async def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_database(request: Request) -> DatabaseWork:
    """Bounded database work for this process."""
    return request.app.state.database  # type: ignore[no-any-return]


async def get_client(request: Request) -> Any:
    """The Celery client (sends tasks by name)."""
    return request.app.state.celery


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
) -> Principal:
    """The caller: a bearer token, or a console session cookie (whose writes carry its CSRF token)."""
    if credentials is not None and credentials.credentials.strip():
        resolver = request.app.state.principals
        return await resolver.resolve(credentials.credentials.strip())  # type: ignore[no-any-return]
    session_id = request.cookies.get(COOKIE)
    if session_id:
        found: ConsoleSession | None = await request.app.state.database.run(
            find_session, session_id=session_id
        )
        if found is None:
            raise UnauthorizedError(
                bilingual("登录已过期，请重新登录", "session ended: sign in again")
            )
        if request.method not in SAFE_METHODS and not csrf_matches(
            found.csrf_token, request.headers.get("x-csrf-token")
        ):
            raise ForbiddenError(bilingual("缺少或错误的 CSRF 令牌", "missing or wrong CSRF token"))
        request.state.csrf_token = found.csrf_token
        return found.principal
    raise UnauthorizedError(bilingual("缺少令牌", "missing bearer token"))


async def require_reader_of_all(
    principal: Annotated[Principal, Depends(get_principal)],
) -> Principal:
    """Dispatchers and supervisors only."""
    if not principal.reads_all:
        raise ForbiddenError(bilingual("仅调度员和督导可查看", "dispatchers and supervisors only"))
    return principal


async def require_dispatcher(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """Dispatchers only."""
    if not principal.is_dispatcher:
        raise ForbiddenError(bilingual("仅调度员可操作", "dispatchers only"))
    return principal


async def require_staff(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """Field staff only: check-ins, tracks, reports and photos come from the person's own phone."""
    if not principal.is_staff:
        raise ForbiddenError(
            bilingual(
                "签到、轨迹、上报和照片只能由一线人员本人用自己的令牌提交（调度员补签请用 /api/v1/checkins/makeup）",
                "only the staff member themself may submit field records "
                "(dispatchers enter a make-up check-in at /api/v1/checkins/makeup)",
            )
        )
    return principal


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[DatabaseWork, Depends(get_database)]
ClientDep = Annotated[Any, Depends(get_client)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
ReaderDep = Annotated[Principal, Depends(require_reader_of_all)]
DispatcherDep = Annotated[Principal, Depends(require_dispatcher)]
StaffDep = Annotated[Principal, Depends(require_staff)]
