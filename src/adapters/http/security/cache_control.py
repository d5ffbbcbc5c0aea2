"""``Cache-Control: no-store`` on API responses to requests that carry credentials.

What a signed-in user sees (their account, drafts, answers) must not stay in a shared cache or
in the browser's disk cache after they sign out. Public answers to anonymous requests keep
whatever caching their handler chose, as does a handler that sets its own policy.
"""

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_CACHE_CONTROL = b"cache-control"
_CREDENTIALS = (b"authorization", b"cookie")


class NoStoreWithCredentialsMiddleware:
    def __init__(self, app: ASGIApp, *, prefix: str = "/api/") -> None:
        self._app = app
        self._prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or not scope["path"].startswith(self._prefix) or not any(
                name in _CREDENTIALS for name, _ in scope["headers"]):
            await self._app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                # A handler that chose its own policy (a signed download's private max-age)
                # knows better.
                if all(bytes(name).lower() != _CACHE_CONTROL for name, _ in headers):
                    headers.append((_CACHE_CONTROL, b"no-store"))
                    message["headers"] = headers
            await send(message)

        await self._app(scope, receive, send_no_store)
