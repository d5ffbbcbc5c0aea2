"""Per-client budgets on routes that declare ``opt={"rate_limit": <rule name>}``.

A Litestar middleware: Litestar builds the middleware stack per route, so it runs after routing
and sees the matched handler (and its ``opt``) on ``scope["route_handler"]``. It runs before
guards and the handler, so refused requests cost no authentication work.
"""

from collections.abc import Mapping, Sequence

import msgspec
from litestar.enums import ScopeType
from litestar.exceptions import ImproperlyConfiguredException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

from adapters.http.security.client_ip import client_ip, parse_trusted_proxies
from edu_core.ports.rate_limit import RateDecision, RateLimiter, RateRule

RATE_LIMIT_OPT = "rate_limit"


def _limit_headers(rule: RateRule, decision: RateDecision) -> list[tuple[bytes, bytes]]:
    return [(b"ratelimit-limit", str(rule.limit).encode()),
            (b"ratelimit-remaining", str(decision.remaining).encode())]


def rate_limited_body(retry_after_seconds: int, request_id: str | None = None) -> bytes:
    # The same shape as every other error (adapters.http.errors.ErrorBody).
    return msgspec.json.encode({
        "code": "rate_limited",
        "message": f"Too many requests. Try again in {retry_after_seconds} seconds.",
        "details": {"retry_after_seconds": retry_after_seconds},
        "request_id": request_id,
    })


class RateLimitMiddleware(ASGIMiddleware):
    """Counts each request to a rate-limited route against ``"<rule>:<client ip>"``.

    Over budget: ``429`` with ``Retry-After``; otherwise the response gets ``RateLimit-Limit``
    and ``RateLimit-Remaining``. A store failure propagates as ``ServiceUnavailable`` (503 via
    the app's exception handlers): refusing is safer than letting login floods through.
    """

    scopes = (ScopeType.HTTP,)

    def __init__(self, limiter: RateLimiter, rules: Mapping[str, RateRule],
                 trusted_proxies: Sequence[str] = ()) -> None:
        parse_trusted_proxies(trusted_proxies)
        self._limiter = limiter
        self._rules = dict(rules)
        self._trusted = tuple(trusted_proxies)

    def _rule(self, scope: Scope) -> tuple[str, RateRule] | None:
        handler = scope.get("route_handler")
        name = handler.opt.get(RATE_LIMIT_OPT) if handler is not None else None
        if not name:
            return None
        rule = self._rules.get(name)
        if rule is None:
            # A typo must not leave a sensitive route silently unprotected.
            raise ImproperlyConfiguredException(
                f"Route {scope['path']!r} asks for rate-limit rule {name!r}; "
                f"known rules: {sorted(self._rules)}")
        return name, rule

    async def handle(self, scope: Scope, receive: Receive, send: Send,
                     next_app: ASGIApp) -> None:
        named = self._rule(scope)
        if named is None:
            await next_app(scope, receive, send)
            return
        name, rule = named
        decision = await self._limiter.hit(f"{name}:{client_ip(scope, self._trusted)}", rule)
        extra = _limit_headers(rule, decision)
        if not decision.allowed:
            request_id = scope.get("state", {}).get("request_id")
            await self._refuse(send, decision.retry_after_seconds, extra, request_id)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {bytes(name).lower() for name, _ in headers}
                headers.extend(item for item in extra if item[0] not in present)
                message["headers"] = headers
            await send(message)

        await next_app(scope, receive, send_with_limits)

    @staticmethod
    async def _refuse(send: Send, retry_after: int, extra: list[tuple[bytes, bytes]],
                      request_id: str | None) -> None:
        payload = rate_limited_body(retry_after, request_id)
        start: HTTPResponseStartEvent = {
            "type": "http.response.start", "status": 429,
            "headers": [(b"content-type", b"application/json"),
                        (b"content-length", str(len(payload)).encode()),
                        (b"retry-after", str(retry_after).encode()), *extra]}
        await send(start)
        await send({"type": "http.response.body", "body": payload, "more_body": False})
