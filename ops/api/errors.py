"""The one place that maps errors to HTTP answers, and the error body every answer uses.

    FieldOpsError (ops.errors)     → its status (422, 404, 401, 403, 413, 409, 410, 503)
    RequestValidationError         → 422, every problem named by field
    HTTPException (Starlette)      → its status; 405 lists every method the path serves
    anything else                  → 500 with a request id; the traceback goes to the log only

Every body is `ErrorBody`: a bilingual `detail`, per-field `errors`, and the `request_id` that the
log carries too. SQL, parameters and tracebacks never reach a client.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ops.api.database import DatabaseUnavailableError, OverloadedError
from ops.errors import (
    ConflictError,
    FieldOpsError,
    ForbiddenError,
    GoneError,
    InputError,
    NotFoundError,
    TooLargeError,
    UnauthorizedError,
    bilingual,
)
from ops.intake.hazards import TransitionConflictError
from ops.intake.schemas import error_message
from ops.runtime.broker import BrokerUnavailableError

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5
HTTP_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}
STATUS: dict[type[Exception], int] = {
    InputError: 422,
    NotFoundError: 404,
    UnauthorizedError: 401,
    ForbiddenError: 403,
    TooLargeError: 413,
    TransitionConflictError: 409,
    ConflictError: 409,
    GoneError: 410,
    BrokerUnavailableError: 503,
    DatabaseUnavailableError: 503,
    OverloadedError: 503,
}
DESCRIPTIONS = {
    401: "没有令牌或令牌无效 / missing, unknown or revoked bearer token",
    403: "无权执行此操作 / the caller's role or township may not do this",
    404: "没有这条记录（或不在权限范围内） / no such record (or not in the caller's scope)",
    409: "与当前状态冲突 / conflicts with the record's current state",
    410: "已经用过或已失效 / already used, expired or replaced",
    413: "请求体过大 / request body over the limit",
    422: "输入有误，逐项说明 / invalid input, every problem named by field",
    503: "暂时不可用，稍后重试（见 Retry-After）/ temporarily unavailable: retry after Retry-After",
}


class ErrorItem(BaseModel):
    """One problem: which field (and record), what is wrong."""

    field: str
    record: str = ""
    message: str


class ErrorBody(BaseModel):
    """The body of every error answer."""

    detail: str
    errors: list[ErrorItem] = Field(default_factory=list)
    request_id: str | None = None


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for these error statuses, all with the real error body."""
    answers: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        answer: dict[str, Any] = {"model": ErrorBody, "description": DESCRIPTIONS[code]}
        if code == 503:
            answer["headers"] = {
                "Retry-After": {"description": "seconds", "schema": {"type": "integer"}}
            }
        answers[code] = answer
    return answers


def request_id(request: Request) -> str | None:
    """The id the request-id middleware gave this request."""
    found = request.scope.get("state", {}).get("request_id")
    return str(found) if found else None


def answer(
    request: Request,
    status: int,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """An error answer with the standard body."""
    body = ErrorBody(detail=detail, errors=[ErrorItem(**e) for e in errors or []])
    body.request_id = request_id(request)
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", str(RETRY_AFTER_S))
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


async def _fieldops_error(request: Request, exc: Exception) -> JSONResponse:
    status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 500)
    if status == 500:
        return await _unexpected(request, exc)
    errors = None
    if isinstance(exc, InputError):
        errors = [
            {"field": p.field, "record": p.record, "message": p.message} for p in exc.problems
        ]
    return answer(request, status, str(exc), errors)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ())]
        field = ".".join(location) or "request"
        errors.append({"field": field, "record": "", "message": error_message(error)})
    return answer(request, 422, bilingual("请求有误", "invalid request"), errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 400:  # FastAPI's answer to a body it cannot decode: name the field
        errors = [
            {
                "field": "body",
                "record": "",
                "message": "请求体无法解析（须为 UTF-8 JSON）/ body is not UTF-8 JSON",
            }
        ]
        return answer(request, 422, bilingual("请求有误", "invalid request"), errors)
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request, headers.get("Allow", "")))
        detail = bilingual("此地址不支持该方法", "method not allowed on this path")
    elif exc.status_code == 404:
        detail = bilingual("没有这个地址", "not found")
    else:
        detail = str(exc.detail)
    return answer(request, exc.status_code, detail, headers=headers)


def allowed_methods(request: Request, fallback: str = "") -> list[str]:
    """Every method the API document lists for this request's path (else the router's `Allow`)."""
    table = getattr(request.app.state, "methods_by_path", None)
    if table is None:
        table = []
        for template, operations in request.app.openapi().get("paths", {}).items():
            pattern = re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$")
            table.append((pattern, {m.upper() for m in operations if m.upper() in HTTP_METHODS}))
        request.app.state.methods_by_path = table
    found: set[str] = set()
    for pattern, methods in table:
        if pattern.match(request.url.path):
            found |= methods
    if not found:
        found = {m.strip() for m in fallback.split(",") if m.strip()}
    if "GET" in found:
        found.add("HEAD")
    return sorted(found)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "unexpected error, request %s %s %s",
        request_id(request),
        request.method,
        request.url.path,
        exc_info=exc,
    )
    return answer(
        request,
        500,
        bilingual(
            f"服务器内部错误（请求编号 {request_id(request)}）",
            f"internal error (request id {request_id(request)})",
        ),
    )


def install(app: FastAPI) -> None:
    """Register the error mapping on the app."""
    app.add_exception_handler(FieldOpsError, _fieldops_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
