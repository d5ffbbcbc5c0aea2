"""Browser-hardening response headers on every HTTP response.

A plain ASGI middleware, so it can wrap the whole Litestar application (and then also covers
404s, 405s and errors raised before routing), or be installed as Litestar middleware.
"""

from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from edu_core.domain.content import DEFAULT_SIMULATION_HOSTS


def websocket_origin(public_url: str) -> str:
    """The app's own origin as a WebSocket URL (``https://x`` becomes ``wss://x``): bare
    ``ws: wss:`` would let a page talk to any host."""
    parts = urlsplit(public_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}"


def content_security_policy(*, blob_origins: Sequence[str] = (),
                            public_url: str | None = None) -> str:
    """The app's policy. ``blob_origins``: where signed file links point when storage is not
    served by the app itself (an S3 bucket's public endpoint), so lesson images and portraits
    load from there and from nowhere else. ``public_url``: the app's origin as users reach it,
    for its live-update socket."""
    files = "".join(f" {origin}" for origin in blob_origins)
    sockets = f" {websocket_origin(public_url)}" if public_url else ""
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        # React and most component libraries set style attributes at run time.
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob:{files}",
        f"media-src 'self' blob:{files}",
        "font-src 'self' data:",
        # The dev server's hot reload is served by Vite with its own headers, not these. The
        # bucket: video parts go straight to it, and pdf.js fetches handwritten notes from it.
        f"connect-src 'self'{sockets}{files}",
        # Embedded simulations and graphing tools used in lessons.
        "frame-src " + " ".join(f"https://{host}" for host in sorted(DEFAULT_SIMULATION_HOSTS)),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


CONTENT_SECURITY_POLICY = content_security_policy()

# Litestar's Swagger UI and Redoc pages load their bundles from the client's build (from CDNs:
# jsDelivr, redoc.ly, when a process serves no build), boot with an inline script, and Redoc
# runs its search index in a blob: worker.
DOCS_CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://cdn.redoc.ly",
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
    "img-src 'self' data: blob: https://cdn.jsdelivr.net https://cdn.redoc.ly",
    "font-src 'self' data: https://fonts.gstatic.com",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS: Mapping[str, str] = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

_CSP = b"content-security-policy"


def _encoded(headers: Mapping[str, str]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((name.lower().encode("latin-1"), value.encode("latin-1"))
                 for name, value in headers.items())


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


class SecurityHeadersMiddleware:
    """Adds ``SECURITY_HEADERS`` and a Content-Security-Policy to HTTP responses, leaving alone
    any header the application already set."""

    def __init__(self, app: ASGIApp, *,
                 content_security_policy: str = CONTENT_SECURITY_POLICY,
                 docs_content_security_policy: str = DOCS_CONTENT_SECURITY_POLICY,
                 docs_path: str = "/schema",
                 headers: Mapping[str, str] = SECURITY_HEADERS) -> None:
        self._app = app
        self._headers = _encoded(headers)
        self._csp = content_security_policy.encode("latin-1")
        self._docs_csp = docs_content_security_policy.encode("latin-1")
        self._docs_path = docs_path

    def _policy_for(self, scope: Scope) -> bytes:
        path: str = scope["path"]
        root_path: str = scope.get("root_path", "")
        if root_path and path.startswith(root_path):
            path = path[len(root_path):]
        return self._docs_csp if _under(path, self._docs_path) else self._csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        policy = self._policy_for(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {bytes(name).lower() for name, _ in headers}
                headers.extend((name, value) for name, value in self._headers
                               if name not in present)
                if _CSP not in present:
                    headers.append((_CSP, policy))
                message["headers"] = headers
            await send(message)

        await self._app(scope, receive, send_with_headers)
