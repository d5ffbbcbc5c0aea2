"""Conditional GET on the main read endpoints: a strong ``ETag`` and ``304 Not Modified``.

A mobile app on a slow network asks again with ``If-None-Match`` and gets an empty 304 when
nothing changed. The validator is a digest of the answer's bytes, so any change to what the
client would see (a new version, a renamed topic, another rating) changes it, and nothing
has to remember to bump a counter. Each content coding is its own representation (RFC 9110
section 8.8.3): the coding the answer goes out in is part of its tag.

Applied per route (``**CONDITIONAL_GET``: an entry of the handler's ``opt``), on answers
small enough to hold whole: the ones it serves are JSON pages and documents, never
downloads. It runs inside the compression
(``ValidatedCompression``): Litestar puts a route's own middleware outside it, where the bytes
are compressed already and the tag would change with the compressor's output.
"""

import base64
import hashlib
from collections.abc import Iterable
from typing import Any, cast

from litestar.config.compression import CompressionConfig
from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.content_coding import NegotiatedCompression, answer_coding

# The route option that asks for validators and 304s.
CONDITIONAL_GET: dict[str, Any] = {"conditional_get": True}

_CREDENTIALS = (b"authorization", b"cookie")
# What a 304 carries over from the 200 it stands for (RFC 9110 section 15.4.5).
_KEPT_ON_304 = frozenset({b"cache-control", b"content-location", b"date", b"etag",
                          b"expires", b"vary"})
# Public answers may be kept by any cache but are checked again before each use.
REVALIDATE = b"no-cache"


def entity_tag(body: bytes, coding: str | None) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(body).digest()[:18]).decode("ascii")
    return f'"{digest}-{coding}"' if coding else f'"{digest}"'


def none_match(header: str, tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (weak comparison, as the header asks)."""
    candidates = [c.strip() for c in header.split(",")]
    return "*" in candidates or any(c.removeprefix("W/") == tag for c in candidates)


def _headers(message: Message) -> list[tuple[bytes, bytes]]:
    raw = cast("Iterable[tuple[bytes, bytes]]", message.get("headers", ()))
    return [(bytes(name), bytes(value)) for name, value in raw]


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope.get("method") not in ("GET", "HEAD"):
            await self._app(scope, receive, send)
            return
        start: Message | None = None
        held = False
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start, held
            if message["type"] == "http.response.start":
                start, held = message, message["status"] == 200
                if not held:
                    await send(message)
                return
            if start is None or not held or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                await self._answer(scope, start, b"".join(chunks), send)

        await self._app(scope, receive, hold)

    @staticmethod
    async def _answer(scope: Scope, start: Message, body: bytes, send: Send) -> None:
        request = Headers.from_scope(scope)
        headers = _headers(start)
        content_type = next((v.decode("latin-1") for n, v in headers
                             if n.lower() == b"content-type"), "")
        tag = entity_tag(body, answer_coding(request.get("accept-encoding", ""),
                                             content_type, len(body)))
        headers.append((b"etag", tag.encode("ascii")))
        anonymous = not any(name in _CREDENTIALS for name, _ in scope["headers"])
        if anonymous and not any(n.lower() == b"cache-control" for n, _ in headers):
            # Signed-in answers get ``no-store`` from the edge instead (nothing personal
            # stays in a cache); clients still revalidate them with the tag.
            headers.append((b"cache-control", REVALIDATE))
        condition = request.get("if-none-match")
        if condition is not None and none_match(condition, tag):
            kept = [(n, v) for n, v in headers if n.lower() in _KEPT_ON_304]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send(cast("Message", {**start, "headers": headers}))
        await send({"type": "http.response.body", "body": body, "more_body": False})


class ValidatedCompression(NegotiatedCompression):
    """The API's compression, with conditional GET inside it on the routes that ask for it."""

    def __init__(self, app: ASGIApp, config: CompressionConfig) -> None:
        super().__init__(app, config)
        self.validated = ConditionalGetMiddleware(app)

    def inner(self, scope: Scope) -> ASGIApp:
        handler = scope.get("route_handler")
        if handler is not None and handler.opt.get("conditional_get"):
            return self.validated
        return self.app
