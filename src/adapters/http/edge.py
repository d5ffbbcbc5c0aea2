"""The ASGI layers around the whole application, so they see every request, routed or not:
HTTPS enforcement, security headers, request ids + access logs, metrics."""

import json
import re
import time
import uuid
from collections.abc import Sequence
from urllib.parse import unquote_to_bytes

import structlog
from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    HTTPScope,
    Message,
    Receive,
    Scope,
    Send,
)

from adapters.http.security import (
    HTTPSRedirectMiddleware,
    SecurityHeadersMiddleware,
    client_ip,
    content_security_policy,
)
from adapters.http.security.cache_control import NoStoreWithCredentialsMiddleware
from adapters.http.security.same_origin import SameOriginMiddleware
from adapters.observability.error_log import ErrorRecorder, request_errors
from adapters.observability.metrics import Metrics
from adapters.observability.request_timing import (
    RouteTimingsRecorder,
    end_request,
    start_request,
)

access_log = structlog.get_logger("edu.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

class RequestObservability:
    """Gives every request an id (kept from a sane ``X-Request-ID``, else fresh), binds it to the
    log context, and records the access-log line and the request metrics; with ``timings``
    the request's database time under its route, with ``errors`` a row for a request that
    answered 5xx or logged an error."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, trusted_proxies: Sequence[str],
                 timings: RouteTimingsRecorder | None = None,
                 errors: ErrorRecorder | None = None) -> None:
        self._app = app
        self._metrics = metrics
        self._trusted = list(trusted_proxies)
        self._timings = timings
        self._errors = errors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        await self._http(scope, receive, send)

    async def _http(self, scope: HTTPScope, receive: Receive, send: Send) -> None:
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        self._metrics.in_progress.inc()
        db_time, db_token = start_request()
        try:
            with request_errors() as logged:
                await self._app(scope, receive, send_wrapper)
        finally:
            end_request(db_token)
            self._metrics.in_progress.dec()
            elapsed = time.perf_counter() - started
            template = scope.get("path_template")
            route = template or "<unmatched>"
            method = scope["method"]
            if self._timings is not None:
                self._timings.record(method, route, db_time, elapsed)
            self._metrics.requests.labels(method, route, str(status)).inc()
            self._metrics.latency.labels(method, route).observe(elapsed)
            if status >= 500:
                self._metrics.errors.labels(method, route, str(status)).inc()
            access_log.info("request", method=method, path=scope["path"], route=route,
                            status=status, duration_ms=round(elapsed * 1000, 2),
                            client=client_ip(scope, self._trusted))
            if self._errors is not None:
                # After the response went out, on a connection of its own.
                await self._errors.request_finished(request_id=request_id, method=method,
                                                    route=template, status=status,
                                                    errors=logged)
            structlog.contextvars.unbind_contextvars("request_id")


def _valid_utf8(query_string: bytes) -> bool:
    try:
        unquote_to_bytes(query_string).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RejectNulInAddress:
    """A NUL in the path or query string is never meaningful, and PostgreSQL cannot compare
    text holding one; a query string that is not UTF-8 would reach handlers as replacement
    characters, silently searching for something nobody typed. Refuse both here, before any
    handler or query sees them."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        query_string = scope["query_string"]
        problem = None
        if "\x00" in scope["path"] or b"%00" in query_string:
            problem = "The address contains a NUL character."
        elif query_string and not _valid_utf8(query_string):
            problem = "The address contains bytes that are not valid UTF-8."
        if problem is not None:
            body = json.dumps({
                "code": "invalid_characters",
                "message": problem, "details": None,
                "request_id": scope.get("state", {}).get("request_id")}).encode()
            start: HTTPResponseStartEvent = {
                "type": "http.response.start", "status": 400,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]}
            end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body,
                                          "more_body": False}
            await send(start)
            await send(end)
            return
        await self._app(scope, receive, send)


# Unsafe requests here set or end a session before any CSRF token can protect them.
SAME_ORIGIN_PATHS = ("/api/v1/auth/",)


def edge(app: ASGIApp, *, metrics: Metrics, force_https: bool,
         trusted_proxies: Sequence[str], blob_origins: Sequence[str] = (),
         public_url: str = "http://localhost:8000",
         timings: RouteTimingsRecorder | None = None,
         errors: ErrorRecorder | None = None) -> ASGIApp:
    """Security headers outermost (redirects and refusals get them too), then the HTTPS
    redirect, then request observability, then ``no-store`` for credentialed API answers,
    then the address check, then the cross-site check of the sign-in routes, around the
    application."""
    guarded = SameOriginMiddleware(app, public_url=public_url, paths=SAME_ORIGIN_PATHS)
    inner: ASGIApp = RequestObservability(
        NoStoreWithCredentialsMiddleware(RejectNulInAddress(guarded)), metrics=metrics,
        trusted_proxies=trusted_proxies, timings=timings, errors=errors)
    if force_https:
        inner = HTTPSRedirectMiddleware(inner, trusted_proxies=trusted_proxies)
    return SecurityHeadersMiddleware(
        inner, content_security_policy=content_security_policy(blob_origins=blob_origins,
                                                               public_url=public_url))
