"""The one place that maps FieldOps errors to HTTP answers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ops.errors import (
    FieldOpsError,
    ForbiddenError,
    InputError,
    NotFoundError,
    TooLargeError,
    UnauthorizedError,
)
from ops.intake.hazards import TransitionConflictError
from ops.runtime.broker import BrokerUnavailableError

RETRY_AFTER_S = 5
STATUS = {
    InputError: 422,
    NotFoundError: 404,
    UnauthorizedError: 401,
    ForbiddenError: 403,
    TooLargeError: 413,
    TransitionConflictError: 409,
    BrokerUnavailableError: 503,
}


async def _fieldops_error(_request: Request, exc: Exception) -> JSONResponse:
    status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 500)
    body: dict[str, object] = {"detail": str(exc)}
    if isinstance(exc, InputError):
        body["errors"] = [
            {"field": p.field, "record": p.record, "message": p.message} for p in exc.problems
        ]
    headers = {}
    if status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_S)
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the error mapping on the app."""
    app.add_exception_handler(FieldOpsError, _fieldops_error)
