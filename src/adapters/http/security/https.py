"""``force_https``: plain-HTTP requests are redirected to HTTPS, plain websockets refused.

Wrap the whole application with it so every path, routed or not, is covered. Behind a TLS-
terminating proxy the scheme comes from ``X-Forwarded-Proto``, believed only from trusted peers.
"""

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPResponseStartEvent, Receive, Scope, Send

from adapters.http.security.client_ip import forwarded_proto, parse_trusted_proxies

HEALTH_PATHS = ("/health/live", "/health/ready")
_SECURE = frozenset({"https", "wss"})
# Policy violation: the closest websocket close code for "use wss://".
_WS_POLICY_VIOLATION = 1008
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])"
                   r"(?::(\d{1,5}))?$")


def _host(scope: Scope) -> str | None:
    """The Host header without a default port, or None when it is missing or malformed
    (it becomes the redirect target, so nothing but a host name or address is accepted)."""
    values = [v for k, v in scope.get("headers", ()) if k.lower() == b"host"]
    if len(values) != 1:
        return None
    host = values[0].decode("latin-1").strip()
    match = _HOST.match(host)
    if match is None:
        return None
    if match.group(1) in ("80", "443"):
        host = host[: -(len(match.group(1)) + 1)]
    return host


class HTTPSRedirectMiddleware:
    """Answers plain-HTTP requests with ``308 Permanent Redirect`` to the same URL on https
    (method and body are kept by 308) and closes plain websocket handshakes."""

    def __init__(self, app: ASGIApp, *, trusted_proxies: Sequence[str] = (),
                 exempt_paths: Iterable[str] = HEALTH_PATHS) -> None:
        parse_trusted_proxies(trusted_proxies)
        self._app = app
        self._trusted = tuple(trusted_proxies)
        self._exempt = frozenset(exempt_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] not in (ScopeType.HTTP, ScopeType.WEBSOCKET)
                or scope["path"] in self._exempt or self._secure(scope)):
            await self._app(scope, receive, send)
            return
        if scope["type"] == ScopeType.WEBSOCKET:
            await send({"type": "websocket.close", "code": _WS_POLICY_VIOLATION,
                        "reason": "Use wss://"})
            return
        await self._redirect(scope, send)

    def _secure(self, scope: Scope) -> bool:
        proto = forwarded_proto(scope, self._trusted)
        # An upgrade request forwarded by a proxy says https, not wss.
        return proto in _SECURE

    @staticmethod
    async def _redirect(scope: Scope, send: Send) -> None:
        host = _host(scope)
        if host is None:
            body = b"Bad Request: missing or invalid Host header."
            refusal: HTTPResponseStartEvent = {
                "type": "http.response.start", "status": 400,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]}
            await send(refusal)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        # The query is appended from query_string; some servers leave it on raw_path as well.
        raw_path = (scope.get("raw_path") or b"").partition(b"?")[0]
        if not raw_path.startswith(b"/"):
            raw_path = quote(scope["path"]).encode("ascii")
        location = b"https://" + host.encode("latin-1") + raw_path
        if query := scope.get("query_string", b""):
            location += b"?" + query
        redirect: HTTPResponseStartEvent = {
            "type": "http.response.start", "status": 308,
            "headers": [(b"location", location), (b"content-length", b"0")]}
        await send(redirect)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
