"""The HTTP security edge on a small Litestar app: headers, HTTPS enforcement, rate limits.

The app is wrapped the way the real factory wraps it: security headers outermost, then HTTPS
enforcement, then Litestar with the rate-limit middleware inside (after routing).
"""

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar import Litestar, MediaType, Request, Response, get, post, websocket
from litestar.connection import ASGIConnection, WebSocket
from litestar.exceptions import NotAuthorizedException, WebSocketDisconnect
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.testing import TestClient
from litestar.types import ASGIApp, Receive, Scope, Send

from adapters.http.security import (
    CONTENT_SECURITY_POLICY,
    DOCS_CONTENT_SECURITY_POLICY,
    HTTPSRedirectMiddleware,
    RateLimitMiddleware,
    SecurityHeadersMiddleware,
    client_ip,
    content_security_policy,
)
from adapters.ratelimit.limiter import LimitsRateLimiter
from edu_core.domain.errors import DomainError, ServiceUnavailable
from edu_core.ports.rate_limit import RateDecision, RateLimiter, RateRule

TRUSTED = ["10.0.0.0/8", "fd00::/8"]
PROXY = "10.0.0.7"
AUTH_RULE = RateRule(limit=3, window_seconds=60)
PEER_HEADER = "x-test-peer"


# --- the app under test ---------------------------------------------------------------------

def _deny(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    raise NotAuthorizedException("Sign in to continue.")


@post("/api/v1/auth/login", opt={"rate_limit": "auth"}, sync_to_thread=False)
def login() -> dict[str, str]:
    return {"status": "ok"}


@get("/api/v1/auth/guarded", opt={"rate_limit": "auth"}, guards=[_deny], sync_to_thread=False)
def guarded() -> dict[str, str]:
    return {"status": "unreachable"}


@get("/api/v1/typo", opt={"rate_limit": "atuh"}, sync_to_thread=False)
def typo() -> dict[str, str]:
    return {"status": "ok"}


@get("/api/v1/open", sync_to_thread=False)
def open_route(request: Request[Any, Any, Any]) -> dict[str, str]:
    return {"client": client_ip(request.scope, TRUSTED)}


@get("/api/v1/own-headers", sync_to_thread=False)
def own_headers() -> Response[dict[str, str]]:
    return Response({"status": "ok"}, media_type=MediaType.JSON,
                    headers={"X-Frame-Options": "SAMEORIGIN",
                             "Content-Security-Policy": "default-src 'none'"})


@get("/health/live", sync_to_thread=False)
def live() -> dict[str, str]:
    return {"status": "live"}


@websocket("/ws")
async def echo(socket: WebSocket[Any, Any, Any]) -> None:
    await socket.accept()
    await socket.send_text("hello")
    await socket.close()


def _domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    status = 503 if isinstance(exc, ServiceUnavailable) else 400
    return Response({"code": exc.code, "message": exc.message}, status_code=status)


class _PeerFromHeader:
    """Stands in for the network: the TCP peer address comes from a test-only header."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            for name, value in scope["headers"]:
                if name == PEER_HEADER.encode():
                    scope["client"] = (value.decode(), 50000)
        await self._app(scope, receive, send)


def build_app(limiter: RateLimiter, *, force_https: bool = False,
              trusted_proxies: Sequence[str] = TRUSTED) -> ASGIApp:
    litestar_app = Litestar(
        route_handlers=[login, guarded, typo, open_route, own_headers, live, echo],
        middleware=[RateLimitMiddleware(limiter, {"auth": AUTH_RULE}, trusted_proxies)],
        exception_handlers={DomainError: _domain_error},
        openapi_config=OpenAPIConfig(title="t", version="1",
                                     render_plugins=[SwaggerRenderPlugin(),
                                                     RedocRenderPlugin()]),
        debug=False,
        logging_config=None,
    )
    app: ASGIApp = litestar_app
    if force_https:
        app = HTTPSRedirectMiddleware(app, trusted_proxies=trusted_proxies)
    return _PeerFromHeader(SecurityHeadersMiddleware(app))


@pytest.fixture
def client() -> Iterator[TestClient[Any]]:
    with TestClient(build_app(LimitsRateLimiter("memory://"))) as test_client:
        yield test_client


@pytest.fixture
def https_client() -> Iterator[TestClient[Any]]:
    with TestClient(build_app(LimitsRateLimiter("memory://"), force_https=True),
                    base_url="http://mentora.test") as test_client:
        yield test_client


# --- security headers -----------------------------------------------------------------------

def test_every_response_carries_the_security_headers(client: TestClient[Any]) -> None:
    for response in (client.get("/api/v1/open"), client.get("/nowhere"),
                     client.delete("/api/v1/open")):
        headers = response.headers
        assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"
        assert headers["cross-origin-opener-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
    assert [r.status_code for r in (client.get("/nowhere"), client.delete("/api/v1/open"))] \
        == [404, 405]


def test_the_spa_policy_keeps_scripts_same_origin_and_allows_the_lesson_embeds(
        client: TestClient[Any]) -> None:
    csp = client.get("/api/v1/open").headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert set(directives["frame-src"]) == {"https://phet.colorado.edu",
                                            "https://www.geogebra.org",
                                            "https://www.desmos.com"}
    # No bare ws:/wss: (any host), and no <base> to re-point relative URLs.
    assert directives["connect-src"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]


@pytest.mark.parametrize(("public_url", "socket"), [
    ("https://mentora.example", "wss://mentora.example"),
    ("http://localhost:8000", "ws://localhost:8000"),
])
def test_the_live_update_socket_is_allowed_on_the_apps_own_origin_only(
        public_url: str, socket: str) -> None:
    csp = content_security_policy(public_url=public_url)
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["connect-src"] == ["'self'", socket]
    assert directives["base-uri"] == ["'none'"]


def test_a_handlers_own_headers_are_not_overwritten(client: TestClient[Any]) -> None:
    response = client.get("/api/v1/own-headers")
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert response.headers.get_list("content-security-policy") == ["default-src 'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/schema/swagger", "/schema/redoc", "/schema/openapi.json"])
def test_api_docs_get_the_relaxed_policy(client: TestClient[Any], path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == DOCS_CONTENT_SECURITY_POLICY
    assert response.headers["x-frame-options"] == "DENY"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_docs_policy_allows_what_the_docs_pages_load(client: TestClient[Any]) -> None:
    directives = {d.split()[0]: d.split()[1:] for d in DOCS_CONTENT_SECURITY_POLICY.split("; ")}
    for path in ("/schema/swagger", "/schema/redoc"):
        html = client.get(path).text
        scripts = re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", html)
        styles = re.findall(r"<link[^>]*\bhref=[\"']([^\"']+)[^>]*rel=[\"']stylesheet", html)
        icons = re.findall(r"<link[^>]*rel=[\"']icon[\"'][^>]*href=[\"']([^\"']+)", html)
        assert scripts, path
        assert {_origin(u) for u in scripts} <= set(directives["script-src"]), path
        assert {_origin(u) for u in styles} <= set(directives["style-src"]), path
        assert {_origin(u) for u in icons} <= set(directives["img-src"]), path
        # Both pages boot from an inline script.
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html), path
    assert "'unsafe-inline'" in directives["script-src"]
    # Redoc builds its search index in a worker created from a blob: URL.
    assert "blob:" in directives["worker-src"]


def test_a_path_that_merely_starts_with_schema_gets_the_strict_policy(
        client: TestClient[Any]) -> None:
    response = client.get("/schemas-are-not-docs")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


# --- HTTPS enforcement ----------------------------------------------------------------------

def test_plain_http_is_redirected_permanently_to_the_same_url(
        https_client: TestClient[Any]) -> None:
    response = https_client.get("/api/v1/open?x=1&y=%C3%A9", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "https://mentora.test/api/v1/open?x=1&y=%C3%A9"
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")

    unknown = https_client.post("/no/such/path", follow_redirects=False)
    assert unknown.status_code == 308
    assert unknown.headers["location"] == "https://mentora.test/no/such/path"


def test_the_redirect_keeps_a_non_default_port_and_drops_port_80(
        https_client: TestClient[Any]) -> None:
    kept = https_client.get("/a", headers={"host": "mentora.test:8443"},
                            follow_redirects=False)
    assert kept.headers["location"] == "https://mentora.test:8443/a"
    dropped = https_client.get("/a", headers={"host": "mentora.test:80"},
                               follow_redirects=False)
    assert dropped.headers["location"] == "https://mentora.test/a"


def test_a_malformed_host_is_not_echoed_into_a_redirect(https_client: TestClient[Any]) -> None:
    response = https_client.get("/a", headers={"host": "evil.test/@x"}, follow_redirects=False)
    assert response.status_code == 400
    assert "location" not in response.headers


def test_https_requests_pass(https_client: TestClient[Any]) -> None:
    response = https_client.get("https://mentora.test/api/v1/open")
    assert response.status_code == 200


def test_forwarded_proto_is_believed_from_a_trusted_proxy(
        https_client: TestClient[Any]) -> None:
    response = https_client.get("/api/v1/open", follow_redirects=False,
                                headers={PEER_HEADER: PROXY, "x-forwarded-proto": "https"})
    assert response.status_code == 200


def test_forwarded_proto_is_ignored_from_anyone_else(https_client: TestClient[Any]) -> None:
    response = https_client.get("/api/v1/open", follow_redirects=False,
                                headers={PEER_HEADER: "198.51.100.9",
                                         "x-forwarded-proto": "https"})
    assert response.status_code == 308


def test_a_trusted_proxy_saying_http_is_redirected(https_client: TestClient[Any]) -> None:
    response = https_client.get("/api/v1/open", follow_redirects=False,
                                headers={PEER_HEADER: PROXY, "x-forwarded-proto": "http"})
    assert response.status_code == 308


def test_health_probes_are_exempt(https_client: TestClient[Any]) -> None:
    response = https_client.get("/health/live", follow_redirects=False)
    assert response.status_code == 200
    assert response.json() == {"status": "live"}


def test_plain_websockets_are_refused(https_client: TestClient[Any]) -> None:
    with pytest.raises(WebSocketDisconnect) as closed, https_client.websocket_connect("/ws"):
        pass
    assert closed.value.code == 1008


def test_websockets_behind_a_tls_proxy_are_accepted(https_client: TestClient[Any]) -> None:
    headers = {PEER_HEADER: PROXY, "x-forwarded-proto": "https"}
    with https_client.websocket_connect("/ws", headers=headers) as ws:
        assert ws.receive_text() == "hello"


# --- rate limits ----------------------------------------------------------------------------

def _login(client: TestClient[Any], **headers: str) -> Any:
    return client.post("/api/v1/auth/login", headers=headers)


def test_a_rate_limited_route_refuses_after_its_budget(client: TestClient[Any]) -> None:
    allowed = [_login(client) for _ in range(AUTH_RULE.limit)]
    assert [r.status_code for r in allowed] == [201, 201, 201]
    assert [r.headers["ratelimit-remaining"] for r in allowed] == ["2", "1", "0"]
    assert all(r.headers["ratelimit-limit"] == "3" for r in allowed)

    refused = _login(client)
    assert refused.status_code == 429
    retry_after = int(refused.headers["retry-after"])
    assert 1 <= retry_after <= AUTH_RULE.window_seconds
    assert refused.headers["content-type"] == "application/json"
    assert json.loads(refused.content) == {
        "code": "rate_limited",
        "message": f"Too many requests. Try again in {retry_after} seconds.",
        "details": {"retry_after_seconds": retry_after},
        "request_id": None,  # this bare app has no request-id layer; the real one fills it
    }
    assert refused.headers["x-content-type-options"] == "nosniff"


def test_routes_without_a_rule_are_untouched(client: TestClient[Any]) -> None:
    for _ in range(AUTH_RULE.limit + 1):
        _login(client)
    for _ in range(10):
        response = client.get("/api/v1/open")
        assert response.status_code == 200
        assert "ratelimit-limit" not in response.headers


def test_the_limit_applies_before_guards(client: TestClient[Any]) -> None:
    """Runs after routing (it read the route's opt) yet before the guard: a flood of
    unauthenticated calls is cut off without reaching authentication."""
    statuses = [client.get("/api/v1/auth/guarded").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_the_rule_budget_is_shared_by_the_routes_that_name_it(client: TestClient[Any]) -> None:
    for _ in range(AUTH_RULE.limit):
        client.get("/api/v1/auth/guarded")
    assert _login(client).status_code == 429


def test_clients_have_separate_budgets(client: TestClient[Any]) -> None:
    for _ in range(AUTH_RULE.limit):
        assert _login(client, **{PEER_HEADER: "198.51.100.1"}).status_code == 201
    assert _login(client, **{PEER_HEADER: "198.51.100.1"}).status_code == 429
    assert _login(client, **{PEER_HEADER: "198.51.100.2"}).status_code == 201


def test_behind_a_trusted_proxy_the_forwarded_client_is_limited(
        client: TestClient[Any]) -> None:
    def via_proxy(forwarded_for: str) -> Any:
        return _login(client, **{PEER_HEADER: PROXY, "x-forwarded-for": forwarded_for})

    for _ in range(AUTH_RULE.limit):
        assert via_proxy("203.0.113.5").status_code == 201
    assert via_proxy("203.0.113.5").status_code == 429
    # Another client behind the same proxy has its own budget ...
    assert via_proxy("203.0.113.6").status_code == 201
    # ... and a spoofed left-hand entry does not buy a fresh one.
    assert via_proxy("192.0.2.77, 203.0.113.5").status_code == 429


def test_forwarded_for_from_an_untrusted_peer_is_ignored(client: TestClient[Any]) -> None:
    def spoofing(forwarded_for: str) -> Any:
        return _login(client, **{PEER_HEADER: "198.51.100.3", "x-forwarded-for": forwarded_for})

    for n in range(AUTH_RULE.limit):
        assert spoofing(f"203.0.113.{n}").status_code == 201
    assert spoofing("203.0.113.200").status_code == 429


def test_an_unknown_rule_name_fails_loudly(client: TestClient[Any]) -> None:
    assert client.get("/api/v1/typo").status_code == 500


class _DownLimiter:
    async def hit(self, key: str, rule: RateRule) -> RateDecision:
        raise ServiceUnavailable("The rate-limit store is unavailable.")

    async def peek(self, key: str, rule: RateRule) -> RateDecision:
        raise ServiceUnavailable("The rate-limit store is unavailable.")

    async def reset(self, key: str, rule: RateRule) -> None:
        raise ServiceUnavailable("The rate-limit store is unavailable.")

    async def check(self) -> None:
        raise ServiceUnavailable("The rate-limit store is unavailable.")


def test_a_store_outage_reaches_the_apps_error_handlers() -> None:
    with TestClient(build_app(_DownLimiter())) as down:
        response = _login(down)
        assert response.status_code == 503
        assert response.json()["code"] == "service_unavailable"
        assert down.get("/api/v1/open").status_code == 200


# --- client address -------------------------------------------------------------------------

@pytest.mark.parametrize(("peer", "forwarded_for", "expected"), [
    ("198.51.100.1", None, "198.51.100.1"),
    ("198.51.100.1", "203.0.113.5", "198.51.100.1"),
    (PROXY, None, PROXY),
    (PROXY, "203.0.113.5", "203.0.113.5"),
    (PROXY, "203.0.113.5, 10.0.0.3", "203.0.113.5"),
    (PROXY, "192.0.2.1, 203.0.113.5, 10.0.0.3", "203.0.113.5"),
    (PROXY, "10.1.1.1, 10.0.0.3", "10.1.1.1"),
    (PROXY, "[2001:db8::1]:4711", "2001:db8::1"),
    (PROXY, "203.0.113.5:4711", "203.0.113.5"),
    ("::ffff:10.0.0.7", "203.0.113.5", "203.0.113.5"),
    ("fd00::1", "2001:db8::5", "2001:db8::5"),
])
def test_client_ip(peer: str, forwarded_for: str | None, expected: str) -> None:
    headers = [(b"x-forwarded-for", forwarded_for.encode())] if forwarded_for else []
    scope: Any = {"type": "http", "client": (peer, 1234), "headers": headers}
    assert client_ip(scope, TRUSTED) == expected


def test_client_ip_reads_every_forwarded_for_line() -> None:
    """A proxy that adds its own header line must not let the client's line win."""
    scope: Any = {"type": "http", "client": (PROXY, 1234), "headers": [
        (b"x-forwarded-for", b"192.0.2.66"), (b"x-forwarded-for", b"203.0.113.5")]}
    assert client_ip(scope, TRUSTED) == "203.0.113.5"


def test_client_ip_without_trusted_proxies_is_the_peer() -> None:
    scope: Any = {"type": "http", "client": (PROXY, 1234),
                  "headers": [(b"x-forwarded-for", b"203.0.113.5")]}
    assert client_ip(scope, []) == PROXY
