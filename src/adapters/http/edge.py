"""ASGI layers around the whole application (they see every request, routed or not):
HTTPS enforcement, request ids + access logs, metrics, security headers."""

import re
import time
import uuid
from collections.abc import Sequence
from typing import Any

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.security.client_ip import client_ip, forwarded_proto
from adapters.observability.metrics import Metrics

access_log = structlog.get_logger("edu.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
       "media-src 'self' blob:; frame-src https://phet.colorado.edu https://www.geogebra.org "
       "https://www.desmos.com; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
# Swagger UI and Redoc load their bundles from jsDelivr and run inline bootstrap scripts.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
            "img-src 'self' data: https:; font-src 'self' data: https://fonts.gstatic.com; "
            "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    b"strict-transport-security": b"max-age=31536000; includeSubDomains",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
    b"cross-origin-opener-policy": b"same-origin",
    b"x-frame-options": b"DENY",
}
HEALTH_PATHS = ("/health/live", "/health/ready")


class Edge:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, force_https: bool,
                 trusted_proxies: Sequence[str]) -> None:
        self._app = app
        self._metrics = metrics
        self._force_https = force_https
        self._trusted = list(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._app(scope, receive, send)
            return
        if self._force_https and scope["path"] not in HEALTH_PATHS:
            proto = forwarded_proto(scope, self._trusted)
            if proto in ("http", "ws"):
                await self._refuse_plain(scope, send)
                return
        if scope["type"] == "websocket":
            await self._app(scope, receive, send)
            return
        await self._http(scope, receive, send)

    async def _refuse_plain(self, scope: Scope, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode("latin-1") or "localhost"
        query = scope.get("query_string", b"").decode("latin-1")
        location = f"https://{host}{scope.get('raw_path', scope['path'].encode()).decode('latin-1')}"
        if query:
            location += f"?{query}"
        await send({"type": "http.response.start", "status": 308,
                    "headers": [(b"location", location.encode("latin-1")),
                                (b"content-length", b"0"), *SECURITY_HEADERS.items()]})
        await send({"type": "http.response.body", "body": b""})

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500
        csp = DOCS_CSP if scope["path"].startswith("/schema") else CSP

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [(k, v) for k, v in SECURITY_HEADERS.items() if k not in present]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", csp.encode()))
                extra.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers + extra}
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
