"""Browser-hardening response headers on every HTTP response.

A plain ASGI middleware, so it can wrap the whole Litestar application (and then also covers
404s, 405s and errors raised before routing), or be installed as Litestar middleware.
"""

from collections.abc import Mapping, Sequence

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(*, blob_origins: Sequence[str] = ()) -> str:
    """The app's policy. ``blob_origins``: where signed file links point when storage is not
    served by the app itself (an S3 bucket's public endpoint), so lesson images and portraits
    load from there and from nowhere else."""
    files = "".join(f" {origin}" for origin in blob_origins)
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        # React and most component libraries set style attributes at run time.
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob:{files}",
        f"media-src 'self' blob:{files}",
        "font-src 'self' data:",
        # ws:/wss: for live updates and the Vite dev server's hot reload.
        "connect-src 'self' ws: wss:",
        # Embedded simulations and graphing tools used in lessons.
        "frame-src https://phet.colorado.edu https://www.geogebra.org https://www.desmos.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


CONTENT_SECURITY_POLICY = content_security_policy()

# Litestar's Swagger UI and Redoc pages load their bundles from CDNs (jsDelivr, redoc.ly, Google
# Fonts), boot with an inline script, and Redoc runs its search index in a blob: worker.
DOCS_CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://cdn.redoc.ly",
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
    "img-src 'self' data: blob: https://cdn.jsdelivr.net https://cdn.redoc.ly",
    "font-src 'self' data: https://fonts.gstatic.com",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
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
