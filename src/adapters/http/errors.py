"""One error format for every failure: ``{"code", "message", "details"}`` with stable codes.

Domain errors map by category to a status; framework errors (decoding, routing, size) get the
same shape; anything unexpected is a logged 500 that reveals nothing.
"""

import logging
import re
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from edu_core.domain.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServiceUnavailable,
    UpstreamFailed,
)

log = logging.getLogger(__name__)


class ErrorBody(msgspec.Struct, omit_defaults=False):
    """Every 4xx/5xx response body."""

    code: str
    message: str
    details: dict[str, Any] | None = None
    request_id: str | None = None


_CATEGORY_STATUS: list[tuple[type[DomainError], int]] = [
    (RateLimited, 429),
    (UpstreamFailed, 502),
    (ServiceUnavailable, 503),
    (InvalidInput, 422),
    (NotFound, 404),
    (Conflict, 409),
    (NotAuthenticated, 401),
    (PermissionDenied, 403),
]

_STATUS_CODES = {400: "validation_error", 401: "not_authenticated", 403: "forbidden",
                 404: "not_found", 405: "method_not_allowed", 409: "conflict",
                 413: "payload_too_large", 415: "unsupported_media_type",
                 416: "range_not_satisfiable", 422: "invalid_input",
                 429: "rate_limited", 502: "upstream_failed", 503: "service_unavailable"}


def status_for(error: DomainError | type[DomainError]) -> int:
    kind = error if isinstance(error, type) else type(error)
    for category, status in _CATEGORY_STATUS:
        if issubclass(kind, category):
            return status
    return 400


def _body(request: Request[Any, Any, Any], code: str, message: str,
          details: dict[str, Any] | None, status: int,
          headers: dict[str, str] | None = None) -> Response[ErrorBody]:
    request_id = request.scope.get("state", {}).get("request_id")
    return Response(ErrorBody(code=code, message=message, details=details,
                              request_id=request_id),
                    status_code=status, media_type=MediaType.JSON, headers=headers)


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[ErrorBody]:
    status = status_for(exc)
    headers = None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after_seconds)}
    elif status == 502:
        log.warning("upstream failed: %s", exc)
    elif status == 503:
        # Outages are short-lived; well-behaved clients back off instead of hammering.
        headers = {"Retry-After": str(RETRY_AFTER_OUTAGE_SECONDS)}
        # Where the dependency lives is for operators only: str() carries it, the body not.
        log.warning("dependency unavailable: %s", exc)
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="api"'}
    return _body(request, exc.code, exc.message, dict(exc.details) if exc.details else None,
                 status, headers)


RETRY_AFTER_OUTAGE_SECONDS = 5

_AT_PATH = re.compile(r"`\$\.([A-Za-z0-9_\.\[\]]+)`")


def validation_handler(request: Request[Any, Any, Any],
                       exc: ValidationException) -> Response[ErrorBody]:
    """Decoding failures: malformed JSON, wrong types, unknown fields, values out of bounds."""
    fields: dict[str, str] = {}
    problems: list[dict[str, Any]] = []
    for item in exc.extra or [] if isinstance(exc.extra, list) else []:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", ""))
        key = item.get("key")
        match = _AT_PATH.search(message)
        field = (match.group(1) if match else key) or None
        clean = _AT_PATH.sub("", message).replace(" - at ", "").strip(" -") or "Invalid value."
        if field:
            fields[str(field).split(".")[0]] = clean
        problems.append({"field": field, "source": item.get("source"), "message": clean})
    message = "The request is not valid."
    if not problems and exc.detail:
        message = f"The request is not valid: {exc.detail[:200]}"
    details = {"fields": fields, "problems": problems} if problems else None
    return _body(request, "validation_error", message, details, 400)


def http_exception_handler(request: Request[Any, Any, Any],
                           exc: HTTPException) -> Response[ErrorBody]:
    status = exc.status_code
    if isinstance(exc, NotFoundException):
        return _body(request, "not_found", "There is nothing at this address.", None, 404)
    if isinstance(exc, NotAuthorizedException):
        return _body(request, "not_authenticated", "Sign in to continue.", None, 401)
    if isinstance(exc, PermissionDeniedException):
        return _body(request, "forbidden", "You are not allowed to do this.", None, 403)
    if status >= 500:
        log.error("framework error", exc_info=exc)
    code = _STATUS_CODES.get(status, "bad_request" if status < 500 else "server_error")
    message = exc.detail if status < 500 and exc.detail else "The request could not be handled."
    headers = dict(exc.headers) if exc.headers else None
    return _body(request, code, message, None, status, headers)


def database_down_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    log.error("database unavailable", exc_info=exc)
    return _body(request, "service_unavailable",
                 "The database is unavailable. Try again shortly.", None, 503,
                 {"Retry-After": str(RETRY_AFTER_OUTAGE_SECONDS)})


# PostgreSQL refuses text it cannot store (a NUL, or a byte sequence invalid in UTF-8). Input
# checks catch the known fields; this is the backstop for any field they miss, so hostile text
# is a 400 and the transaction it was part of rolls back, rather than a 500.
_UNSTORABLE_TEXT = {"22021", "22P05"}


def _sqlstate(exc: DBAPIError) -> str | None:
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state if isinstance(state, str) else None


def unexpected_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    if isinstance(exc, (OperationalError, InterfaceError, ConnectionError, OSError)) or (
            isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return database_down_handler(request, exc)
    if isinstance(exc, (RecursionError, UnicodeDecodeError)):
        # Raised while decoding a body no route check caught: the input is at fault.
        return _body(request, "validation_error",
                     "The request body is not valid JSON text (too deeply nested, or not "
                     "UTF-8).", None, 400)
    if isinstance(exc, DBAPIError) and _sqlstate(exc) in _UNSTORABLE_TEXT:
        return _body(request, "invalid_characters",
                     "The request contains characters that cannot be stored (such as NUL).",
                     None, 400)
    log.exception("unhandled error", exc_info=exc)
    return _body(request, "internal_error", "Something went wrong on our side.", None,
                 HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_exception_handler,
    Exception: unexpected_handler,
}

_DESCRIPTIONS = {
    400: "Malformed request: invalid JSON, wrong types, unknown fields (`validation_error`), "
         "control characters such as NUL (`invalid_characters`).",
    401: "Not signed in, or the session expired or was revoked (`not_authenticated`, "
         "`session_expired`, `account_suspended`, `invalid_credentials`).",
    403: "Signed in but not allowed (`forbidden`, `csrf_failed`), or a cross-site request to "
         "a sign-in route (`cross_site`).",
    404: "No such resource (`not_found`).",
    409: "Conflicts with the current state (`conflict`, `email_taken`, ...).",
    413: "The request body is too large (`payload_too_large`).",
    415: "The body is not sent as `application/json` (`unsupported_media_type`).",
    416: "The `Range` asked for lies outside the file (`range_not_satisfiable`).",
    422: "A value breaks a business rule (`weak_password`, `invalid_timezone`, ...).",
    429: "Too many requests (`rate_limited`); see `Retry-After`.",
    502: "A service the platform called gave an unusable answer (`upstream_failed`, "
         "`assistant_failed`).",
    503: "A dependency is unavailable (`service_unavailable`).",
}


def error_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI response entries for the error statuses a handler can answer with."""
    return {s: ResponseSpec(data_container=ErrorBody, description=_DESCRIPTIONS[s],
                            generate_examples=False,
                            examples=[Example(value={"code": _STATUS_CODES.get(s, "error"),
                                                     "message": "...", "details": None})])
            for s in sorted({400, 503, *statuses})}
