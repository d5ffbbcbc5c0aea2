"""Checks on JSON request bodies before any handler decodes them.

A route takes a JSON body when its handler has a ``data`` parameter whose media type is JSON.
For those routes:

- the body must be sent as ``application/json`` (415 ``unsupported_media_type`` otherwise).
  Browsers send ``text/plain`` form posts across sites without asking first, so accepting a
  JSON text under another type lets any page post it with the victim's cookies;
- the body is read up to the route's size cap (413 ``payload_too_large``), must be UTF-8,
  and must not nest deeper than ``MAX_JSON_DEPTH`` (400 ``validation_error``): a deeply
  nested document exhausts the decoder's recursion long before the size cap.

A Litestar middleware, so it sees the matched handler; its refusals go through the app's
exception handlers and get the common error shape. Other routes (binary uploads read their
stream themselves) are left alone.
"""

import re
from itertools import accumulate
from typing import cast

from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import (
    ASGIApp,
    HTTPRequestEvent,
    HTTPScope,
    Receive,
    ReceiveMessage,
    Scope,
    Send,
)

MAX_JSON_DEPTH = 32
JSON_MEDIA_TYPE = "application/json"

# A string runs to its closing quote, or to the end of a truncated body: every quote starts a
# match, so the scan stays linear whatever the text.
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in ``body`` (brackets inside strings do not
    count). Malformed text is measured all the same; the decoder refuses it afterwards."""
    if body.count(b"[") + body.count(b"{") == 0:
        return 0
    brackets = _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", body))
    return max(accumulate(_DEPTH_STEP[b] for b in brackets), default=0)


def _takes_json(handler: object) -> bool:
    if not isinstance(handler, HTTPRouteHandler):
        return False
    field = handler.parsed_data_field
    if field is None:
        return False
    kwarg = field.kwarg_definition
    media_type = getattr(kwarg, "media_type", RequestEncodingType.JSON)
    return media_type == RequestEncodingType.JSON


def _media_type(scope: HTTPScope) -> str:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower()
    return ""


class JsonBodyMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, default_max_body_bytes: int, max_depth: int = MAX_JSON_DEPTH) -> None:
        self._default_max = default_max_body_bytes
        self._max_depth = max_depth

    async def handle(self, scope: Scope, receive: Receive, send: Send,
                     next_app: ASGIApp) -> None:
        http_scope = cast("HTTPScope", scope)
        handler = http_scope.get("route_handler")
        if http_scope["method"] in ("GET", "HEAD", "OPTIONS") or not _takes_json(handler):
            await next_app(scope, receive, send)
            return
        assert isinstance(handler, HTTPRouteHandler)
        if _media_type(http_scope) != JSON_MEDIA_TYPE:
            raise HTTPException(status_code=415,
                                detail=f"Send the body as {JSON_MEDIA_TYPE}.")
        limit = handler.resolve_request_max_body_size() or self._default_max
        body = await self._read(receive, limit)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationException("The body is not valid UTF-8.") from None
        opened = body.count(b"[") + body.count(b"{")
        if opened > self._max_depth and json_depth(body) > self._max_depth:
            raise ValidationException(
                f"The body nests more than {self._max_depth} levels deep.")
        replayed = False

        async def replay() -> ReceiveMessage:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            whole: HTTPRequestEvent = {"type": "http.request", "body": body, "more_body": False}
            return whole

        await next_app(scope, replay, send)

    @staticmethod
    async def _read(receive: Receive, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                raise HTTPException(status_code=400, detail="The client went away.")
            chunk = message["body"]
            size += len(chunk)
            if size > limit:
                raise HTTPException(status_code=413,
                                    detail=f"The body is larger than {limit} bytes.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
