"""One database connection per HTTP request (see ``adapters.db.connections``).

A Litestar middleware, so it wraps the guards (authentication) and the handler alike. The
request's first database use checks the connection out; it goes back to the pool when the
response starts, so a streamed answer does not hold a pool slot.
"""

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.db.connections import Database


class RequestConnectionMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, database: Database) -> None:
        self._database = database

    async def handle(self, scope: Scope, receive: Receive, send: Send,
                     next_app: ASGIApp) -> None:
        async with self._database.request_scope() as shared:
            async def send_wrapper(message: Message) -> None:
                if message["type"] == "http.response.start":
                    await shared.release()
                await send(message)

            await next_app(scope, receive, send_wrapper)
