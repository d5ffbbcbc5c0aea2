"""``GET /ws``: the live-update socket of the web client.

Protocol (JSON text frames, ``type`` first):

- Authentication: the session cookie (browsers), an ``Authorization: Bearer`` header, or, with
  neither, ``{"type": "auth", "token": "<access token>"}`` as the first message within
  ``auth_timeout`` seconds; else the socket closes with 4401. The server answers
  ``{"type": "ready", "user_id": ...}``.
- ``{"type": "subscribe"|"unsubscribe", "channel": "user:<id>"}``, answered with
  ``{"type": "subscribed"|"unsubscribed", "channel": ...}`` or
  ``{"type": "error", "code": "forbidden"|"too_many_subscriptions"|"bad_message"|
  "unavailable", ...}``.
  Each subscribe authenticates the credential again and asks the channel's read policy.
- Messages: ``{"type": "message", "channel": ..., "data": {...}}``, at most once.
- Heartbeat: the server sends ``{"type": "ping"}`` every ``heartbeat_interval`` seconds; a
  client from which nothing (``{"type": "pong"}`` will do) arrived for ``idle_timeout`` seconds
  is closed with 4408. A client may send ``{"type": "ping"}`` and gets ``{"type": "pong"}``.

Browsers apply neither CORS nor SameSite=Strict reliably to WebSockets, and send the cookie
with a handshake that any page may start: an ``Origin`` other than the public origin is closed
with 4403 before the credential is even looked at (cross-site WebSocket hijacking).

Each socket has one writer draining a bounded queue; the fan-out only ever appends to it. A
client whose queue overflows, or whose send stalls, is closed with 4429: it reconnects and
re-fetches, and never holds back anyone else. A socket costs one task (its reader) and one
timer (its heartbeat) beside the server's own: with thousands open, every object per socket
is scanned by each full garbage collection, which is what holds back every message.
"""

import asyncio
import contextlib
import random
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import WebSocket, websocket
from litestar.handlers import WebsocketRouteHandler

from adapters.http.live.protocol import (
    CLOSE_FORBIDDEN_ORIGIN,
    CLOSE_IDLE,
    CLOSE_MESSAGE_TOO_BIG,
    CLOSE_TOO_SLOW,
    CLOSE_UNAUTHENTICATED,
    CLOSE_UNAVAILABLE,
    PING_FRAME,
    PONG_FRAME,
    Auth,
    ClientMessage,
    Ping,
    Pong,
    Subscribe,
    Unsubscribe,
    encode,
)
from adapters.http.security.same_origin import origin_of
from adapters.messaging.live import LiveBroker, LiveUnavailable
from adapters.observability.metrics import Metrics
from edu_core.application.actors import Principal
from edu_core.application.identity import IdentityService
from edu_core.application.live import ChannelPolicies
from edu_core.domain.errors import NotAuthenticated, ServiceUnavailable
from edu_core.domain.identity import TokenKind

_decoder = msgspec.json.Decoder(ClientMessage)


@dataclass(frozen=True)
class GatewayLimits:
    auth_timeout: float = 5.0
    heartbeat_interval: float = 20.0
    idle_timeout: float = 50.0
    send_queue: int = 64
    send_timeout: float = 10.0
    max_subscriptions: int = 16
    max_message_bytes: int = 4096


class _Closed(Exception):
    """End the socket with this close code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Outbox:
    """One socket's bounded send queue: ``deliver`` never waits; overflowing ends the socket
    as too slow. ``end`` stops the writer with a close code (None: the client went away)."""

    def __init__(self, size: int) -> None:
        self._frames: deque[str] = deque()
        self._size = size
        self._waiter: asyncio.Future[None] | None = None
        self._ended = False
        self.code: int | None = None
        # The deadline of the send in progress: an ending cuts that send short too.
        self.sending: asyncio.Timeout | None = None

    @property
    def overflowed(self) -> bool:
        return self._ended and self.code == CLOSE_TOO_SLOW

    def deliver(self, frame: str) -> None:
        if self._ended:
            return
        if len(self._frames) >= self._size:
            self.end(CLOSE_TOO_SLOW)
            return
        self._frames.append(frame)
        self._wake()

    def end(self, code: int | None) -> None:
        if not self._ended:
            self._ended, self.code = True, code
            self._wake()
            if self.sending is not None:
                self.sending.reschedule(asyncio.get_running_loop().time())

    async def next(self) -> str | None:
        """The next frame to send, or None once the socket is to end."""
        while not self._frames and not self._ended:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        if self._ended:
            return None
        return self._frames.popleft()

    def pending(self) -> int:
        return len(self._frames)

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)


class _Heartbeat:
    """Pings the client every ``interval`` and ends the socket once it has been silent for
    ``idle``. A timer, not a task: nothing per socket waits between beats. The first beat
    comes at a random point of the first interval, so sockets opened together (a reconnect
    storm after a deploy) do not all ping, and answer, in the same instant ever after."""

    def __init__(self, outbox: Outbox, interval: float, idle: float) -> None:
        self._outbox = outbox
        self._interval = interval
        self._idle = idle
        self._loop = asyncio.get_running_loop()
        self.last_heard = time.monotonic()
        self._timer = self._loop.call_later(random.uniform(0.1, 1.0) * interval,  # noqa: S311
                                            self._beat)

    def heard(self) -> None:
        self.last_heard = time.monotonic()

    def _beat(self) -> None:
        if time.monotonic() - self.last_heard > self._idle:
            self._outbox.end(CLOSE_IDLE)
            return
        self._outbox.deliver(PING_FRAME)
        self._timer = self._loop.call_later(self._interval, self._beat)

    def stop(self) -> None:
        self._timer.cancel()


@dataclass
class _Credential:
    token: str
    kind: TokenKind


class LiveGateway:
    def __init__(self, *, broker: LiveBroker, policies: ChannelPolicies,
                 identity: IdentityService, public_url: str, session_cookie: str,
                 limits: GatewayLimits | None = None, metrics: Metrics | None = None) -> None:
        self._broker = broker
        self._metrics = metrics
        self._policies = policies
        self._identity = identity
        self._origins = frozenset({origin_of(public_url)})
        self._cookie = session_cookie
        self.limits = limits or GatewayLimits()

    def origin_allowed(self, origin: str | None) -> bool:
        """Clients that are not browsers send no Origin and cannot be hijacked; browsers
        always send it, and only pages of the app itself may open the socket."""
        return origin is None or origin.strip().lower() in self._origins

    async def serve(self, socket: WebSocket[Any, Any, Any]) -> None:
        await socket.accept()
        if self._metrics is None:
            await self._serve(socket)
            return
        self._metrics.live_sockets.inc()
        try:
            await self._serve(socket)
        finally:
            self._metrics.live_sockets.dec()

    async def _serve(self, socket: WebSocket[Any, Any, Any]) -> None:
        # Accepted first, then closed: a refusal during the handshake reaches a browser as a
        # bare 1006, while these codes tell the client what to do next.
        code: int | None
        try:
            if not self.origin_allowed(socket.headers.get("origin")):
                raise _Closed(CLOSE_FORBIDDEN_ORIGIN)
            code = await self._session(socket)
        except _Closed as closed:
            code = closed.code
        if code is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(code), timeout=2)

    async def _authenticate(self, credential: _Credential) -> Principal:
        try:
            return await self._identity.authenticate(credential.token, credential.kind)
        except ServiceUnavailable:
            raise _Closed(CLOSE_UNAVAILABLE) from None
        except NotAuthenticated:
            raise _Closed(CLOSE_UNAUTHENTICATED) from None

    async def _credential(self, socket: WebSocket[Any, Any, Any]) -> _Credential:
        header = socket.headers.get("authorization")
        if header is not None:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise _Closed(CLOSE_UNAUTHENTICATED)
            return _Credential(token.strip(), TokenKind.ACCESS)
        cookie = socket.cookies.get(self._cookie)
        if cookie:
            return _Credential(cookie, TokenKind.SESSION)
        try:
            first = await asyncio.wait_for(self._receive(socket), self.limits.auth_timeout)
        except TimeoutError:
            raise _Closed(CLOSE_UNAUTHENTICATED) from None
        if first is None:
            raise _Closed(CLOSE_UNAUTHENTICATED)
        try:
            message = _decoder.decode(first)
        except msgspec.DecodeError:
            raise _Closed(CLOSE_UNAUTHENTICATED) from None
        if not isinstance(message, Auth):
            raise _Closed(CLOSE_UNAUTHENTICATED)
        return _Credential(message.token, TokenKind.ACCESS)

    async def _receive(self, socket: WebSocket[Any, Any, Any]) -> str | None:
        """The next text (or UTF-8 binary) message, or None when the client went away."""
        event = await socket.receive()
        if event["type"] != "websocket.receive":
            return None
        raw: str | bytes | None = event.get("text")
        if raw is None:
            raw = event.get("bytes") or b""
        if len(raw) > self.limits.max_message_bytes:
            raise _Closed(CLOSE_MESSAGE_TOO_BIG)
        if isinstance(raw, bytes):
            try:
                return raw.decode()
            except UnicodeDecodeError:
                raise _Closed(CLOSE_MESSAGE_TOO_BIG) from None
        return raw

    async def _session(self, socket: WebSocket[Any, Any, Any]) -> int | None:
        credential = await self._credential(socket)
        principal = await self._authenticate(credential)
        outbox = Outbox(self.limits.send_queue)
        channels: set[str] = set()
        outbox.deliver(encode({"type": "ready", "user_id": str(principal.user_id)}))
        heartbeat = _Heartbeat(outbox, self.limits.heartbeat_interval, self.limits.idle_timeout)
        # Two coroutines per socket: the reader in a task, the writer here. Every ending (the
        # client left, a close code from either side, an overflow) goes through the outbox.
        reader = asyncio.ensure_future(self._read(socket, outbox, credential, channels,
                                                  heartbeat))
        reader.add_done_callback(lambda task: outbox.end(_reader_code(task)))
        try:
            await self._write(socket, outbox)
            if reader.done() and not reader.cancelled():
                error = reader.exception()
                if error is not None and not isinstance(error, _Closed):
                    raise error
            return outbox.code
        finally:
            heartbeat.stop()
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)
            for channel in channels:
                await self._broker.unsubscribe(channel, outbox)

    async def _write(self, socket: WebSocket[Any, Any, Any], outbox: Outbox) -> None:
        while (frame := await outbox.next()) is not None:
            try:
                async with asyncio.timeout(self.limits.send_timeout) as outbox.sending:
                    await socket.send_text(frame)
            except TimeoutError:
                outbox.end(CLOSE_TOO_SLOW)  # unless the socket had ended meanwhile
                return
            finally:
                outbox.sending = None

    async def _read(self, socket: WebSocket[Any, Any, Any], outbox: Outbox,
                    credential: _Credential, channels: set[str],
                    heartbeat: _Heartbeat) -> None:
        while True:
            raw = await self._receive(socket)
            if raw is None:
                return  # the client closed: nothing to send back
            heartbeat.heard()
            try:
                message = _decoder.decode(raw)
            except msgspec.DecodeError:
                outbox.deliver(encode({"type": "error", "code": "bad_message"}))
                continue
            if isinstance(message, Ping):
                outbox.deliver(PONG_FRAME)
            elif isinstance(message, Pong):
                pass
            elif isinstance(message, Subscribe):
                await self._subscribe(message.channel, outbox, credential, channels)
            elif isinstance(message, Unsubscribe):
                if message.channel in channels:
                    channels.discard(message.channel)
                    await self._broker.unsubscribe(message.channel, outbox)
                outbox.deliver(encode({"type": "unsubscribed", "channel": message.channel}))
            else:  # a second "auth"
                outbox.deliver(encode({"type": "error", "code": "bad_message"}))

    async def _subscribe(self, channel: str, outbox: Outbox, credential: _Credential,
                         channels: set[str]) -> None:
        if channel in channels:
            outbox.deliver(encode({"type": "subscribed", "channel": channel}))
            return
        if len(channels) >= self.limits.max_subscriptions:
            outbox.deliver(encode({"type": "error", "code": "too_many_subscriptions",
                                   "channel": channel}))
            return
        # Signed out, suspended or expired since the socket opened: the socket ends here.
        principal = await self._authenticate(credential)
        if not await self._policies.may_read(principal, channel):
            outbox.deliver(encode({"type": "error", "code": "forbidden", "channel": channel}))
            return
        try:
            await self._broker.subscribe(channel, outbox)
        except LiveUnavailable:
            outbox.deliver(encode({"type": "error", "code": "unavailable", "channel": channel}))
            return
        channels.add(channel)
        outbox.deliver(encode({"type": "subscribed", "channel": channel}))


def _reader_code(reader: "asyncio.Task[None]") -> int | None:
    """How the socket ends when its reader does: the reader's close code, else nothing to
    send (the client left, or an error the writer re-raises)."""
    if reader.cancelled():
        return None
    error = reader.exception()
    return error.code if isinstance(error, _Closed) else None


def live_socket(gateway: LiveGateway) -> WebsocketRouteHandler:
    # The handler authenticates itself: a guard could not wait for a first-message token, and
    # a refusal from a guard reaches browsers without a usable close code.
    @websocket("/ws", opt={"access": "authenticated"})
    async def live_updates(socket: WebSocket[Any, Any, Any]) -> None:
        await gateway.serve(socket)

    return live_updates

