"""Refuses cross-site requests to the routes that sign someone in or out (login CSRF).

Signing in sets the session cookie before any CSRF token exists, so the CSRF check cannot
protect it: a hostile page could sign its visitor into the attacker's account and watch what
they do there. Browsers say where a request comes from: ``Sec-Fetch-Site`` (every current
browser) and ``Origin``. An unsafe request to a guarded path is refused (403 ``cross_site``)
when ``Sec-Fetch-Site`` is ``cross-site``, or, without that header, when ``Origin`` is neither
the public origin nor the origin the request was addressed to. Clients that are not browsers
send neither header and pass.
"""

from collections.abc import Sequence
from urllib.parse import urlsplit

import msgspec
from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Receive,
    Scope,
    Send,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class SameOriginMiddleware:
    def __init__(self, app: ASGIApp, *, public_url: str, paths: Sequence[str]) -> None:
        self._app = app
        self._public_origin = origin_of(public_url)
        self._paths = tuple(paths)

    def _cross_site(self, scope: Scope) -> bool:
        headers = {name: value.decode("latin-1") for name, value in scope["headers"]}
        fetch_site = headers.get(b"sec-fetch-site", "").strip().lower()
        if fetch_site:
            return fetch_site == "cross-site"
        origin = headers.get(b"origin", "").strip().lower()
        if not origin:
            return False
        if origin == "null" or "://" not in origin:
            return True
        return origin != self._public_origin and (
            urlsplit(origin).netloc != headers.get(b"host", "").strip().lower())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == ScopeType.HTTP and scope["method"] not in SAFE_METHODS
                and scope["path"].startswith(self._paths) and self._cross_site(scope)):
            body = msgspec.json.encode({
                "code": "cross_site",
                "message": "This request must come from the application's own pages.",
                "details": None, "request_id": scope.get("state", {}).get("request_id")})
            start: HTTPResponseStartEvent = {
                "type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]}
            end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body,
                                          "more_body": False}
            await send(start)
            await send(end)
            return
        await self._app(scope, receive, send)
