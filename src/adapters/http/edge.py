"""The ASGI layers around the whole application, so they see every request, routed or not:
HTTPS enforcement, security headers, request ids + access logs, metrics."""

import json
import re
import time
import uuid
from collections.abc import Sequence

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.security import (
    HTTPSRedirectMiddleware,
    SecurityHeadersMiddleware,
    client_ip,
    content_security_policy,
)
from adapters.observability.metrics import Metrics

access_log = structlog.get_logger("edu.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

class RequestObservability:
    """Gives every request an id (kept from a sane ``X-Request-ID``, else fresh), binds it to the
    log context, and records the access-log line and the request metrics."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, trusted_proxies: Sequence[str]) -> None:
        self._app = app
        self._metrics = metrics
        self._trusted = list(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        await self._http(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
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
        try:
            await self._app(scope, receive, send_wrapper)
        finally:
            self._metrics.in_progress.dec()
            elapsed = time.perf_counter() - started
            route = scope.get("path_template") or "<unmatched>"
            method = scope["method"]
            self._metrics.requests.labels(method, route, str(status)).inc()
            self._metrics.latency.labels(method, route).observe(elapsed)
            if status >= 500:
                self._metrics.errors.labels(method, route, str(status)).inc()
            access_log.info("request", method=method, path=scope["path"], route=route,
                            status=status, duration_ms=round(elapsed * 1000, 2),
                            client=client_ip(scope, self._trusted))
            structlog.contextvars.unbind_contextvars("request_id")


class RejectNulInAddress:
    """A NUL in the path or query string is never meaningful, and PostgreSQL cannot compare
    text holding one: refuse it here, before any handler or query sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
                "\x00" in scope["path"] or b"%00" in scope.get("query_string", b"")):
            body = json.dumps({
                "code": "invalid_characters",
                "message": "The address contains a NUL character.", "details": None,
                "request_id": scope.get("state", {}).get("request_id")}).encode()
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self._app(scope, receive, send)


def edge(app: ASGIApp, *, metrics: Metrics, force_https: bool,
         trusted_proxies: Sequence[str], blob_origins: Sequence[str] = ()) -> ASGIApp:
    """Security headers outermost (redirects and refusals get them too), then the HTTPS
    redirect, then request observability, then the address check, around the application."""
    inner: ASGIApp = RequestObservability(RejectNulInAddress(app), metrics=metrics,
                                          trusted_proxies=trusted_proxies)
    if force_https:
        inner = HTTPSRedirectMiddleware(inner, trusted_proxies=trusted_proxies)
    return SecurityHeadersMiddleware(
        inner, content_security_policy=content_security_policy(blob_origins=blob_origins))
