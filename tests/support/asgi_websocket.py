"""A WebSocket client that talks ASGI to the app on the test's own event loop (the app's
engine, dispatcher and sockets then share one loop, like the HTTP ``client`` fixture)."""

import asyncio
import json
from collections.abc import Sequence
from typing import Any


class Closed(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(f"closed with {code}")
        self.code = code


class WebSocketSession:
    def __init__(self, app: Any, *, path: str = "/ws",
                 headers: Sequence[tuple[str, str]] = ()) -> None:
        self._incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._outgoing: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        # Set to hold every send of the app: a client that stopped reading.
        self.stalled = asyncio.Event()
        scope = {
            "type": "websocket", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "scheme": "wss", "server": ("testserver.local", 443),
            "client": ("203.0.113.10", 40000), "root_path": "", "path": path,
            "raw_path": path.encode(), "query_string": b"",
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
            "subprotocols": [], "state": {}, "extensions": {},
        }
        self._incoming.put_nowait({"type": "websocket.connect"})
        self.task = asyncio.create_task(app(scope, self._incoming.get, self._send))

    async def _send(self, message: dict[str, Any]) -> None:
        if self.stalled.is_set() and message["type"] == "websocket.send":
            await asyncio.Event().wait()
        await self._outgoing.put(message)

    async def _next(self, within: float) -> dict[str, Any]:
        return await asyncio.wait_for(self._outgoing.get(), within)

    async def accepted(self, within: float = 5) -> None:
        message = await self._next(within)
        assert message["type"] == "websocket.accept", message

    def send_json(self, payload: Any) -> None:
        self.send_text(json.dumps(payload))

    def send_text(self, text: str) -> None:
        self._incoming.put_nowait({"type": "websocket.receive", "text": text})

    async def receive_json(self, within: float = 5) -> Any:
        message = await self._next(within)
        if message["type"] == "websocket.close":
            raise Closed(message.get("code", 1000))
        assert message["type"] == "websocket.send", message
        return json.loads(message["text"])

    async def receive_until(self, kind: str, within: float = 10) -> Any:
        """The next frame of type ``kind``, skipping heartbeats and others."""
        async with asyncio.timeout(within):
            while True:
                frame = await self.receive_json(within)
                if frame["type"] == kind:
                    return frame

    async def close_code(self, within: float = 10) -> int:
        async with asyncio.timeout(within):
            while True:
                message = await self._next(within)
                if message["type"] == "websocket.close":
                    code: int = message.get("code", 1000)
                    return code

    async def disconnect(self) -> None:
        self._incoming.put_nowait({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(self.task, 5)
