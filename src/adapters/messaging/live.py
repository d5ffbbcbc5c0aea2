"""Fan-out of live messages to the sockets of every API process.

A broker keeps, per channel, the local subscribers (one per open socket) and hands each
message to them without waiting: a subscriber only queues the frame (see the gateway's bounded
send queue), so one client that does not read never slows the others or the publisher.

``MemoryLiveBroker`` serves one process. ``NatsLiveBroker`` publishes on NATS core subjects
``edu.live.<channel>`` and subscribes to a channel's subject while a local socket listens on it,
so a message published by any process reaches the sockets of all. NATS core is at most once,
which is what live messages promise (PostgreSQL is the source of truth, see ADR 18).
"""

import asyncio
import logging
import re
from collections.abc import Mapping
from typing import Any, Protocol

import msgspec
import nats
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription as NatsSubscription
from nats.errors import Error as NatsError

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "edu.live"
# NATS subject tokens end at '.', and '*' and '>' are wildcards: everything outside this set is
# escaped (as %XX of its UTF-8 bytes, '%' included), so a channel name is always exactly one
# literal token and two channel names never share a subject.
_UNSAFE = re.compile(r"[^A-Za-z0-9_:\-]")


def subject_for(channel: str) -> str:
    if not channel:
        raise ValueError("a live channel has a name")
    token = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), channel)
    return f"{SUBJECT_PREFIX}.{token}"


class LiveUnavailable(Exception):
    """The broker could not take the subscription (it is away): the client may retry."""


class LiveSubscriber(Protocol):
    def deliver(self, frame: str) -> None:
        """Take one frame for the client; must not block (queue it or give up)."""
        ...


class _Frame(msgspec.Struct):
    type: str
    channel: str
    data: msgspec.Raw


def message_frame(channel: str, payload: bytes) -> str:
    """What a socket receives for a message on ``channel`` (``payload``: the message's JSON)."""
    return msgspec.json.encode(_Frame("message", channel, msgspec.Raw(payload))).decode()


class LiveBroker:
    """The local half every backend shares: channel -> subscribers, and the fan-out."""

    def __init__(self) -> None:
        self._channels: dict[str, set[LiveSubscriber]] = {}
        # Subscribing to the backend and recording the subscriber happen under one lock: a
        # subscribe racing an unsubscribe of the same channel never leaves a socket
        # registered locally without a backend subscription behind it.
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """Connect to the backend, if it has one."""

    async def check(self) -> None:
        """Readiness: raises when messages would not get through."""

    async def stop(self) -> None:
        async with self._lock:
            for channel in list(self._channels):
                await self._unlisten(channel)
            self._channels.clear()

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        raise NotImplementedError

    async def subscribe(self, channel: str, subscriber: LiveSubscriber) -> None:
        async with self._lock:
            subscribers = self._channels.get(channel)
            if subscribers is None:
                await self._listen(channel)
                subscribers = self._channels[channel] = set()
            subscribers.add(subscriber)

    async def unsubscribe(self, channel: str, subscriber: LiveSubscriber) -> None:
        async with self._lock:
            subscribers = self._channels.get(channel)
            if subscribers is None or subscriber not in subscribers:
                return
            subscribers.discard(subscriber)
            if not subscribers:
                del self._channels[channel]
                await self._unlisten(channel)

    def subscriber_count(self, channel: str) -> int:
        return len(self._channels.get(channel, ()))

    def _fan_out(self, channel: str, payload: bytes) -> None:
        subscribers = self._channels.get(channel)
        if not subscribers:
            return
        frame = message_frame(channel, payload)  # encoded once for every socket
        for subscriber in list(subscribers):
            subscriber.deliver(frame)

    async def _listen(self, channel: str) -> None:
        """The first local subscriber of ``channel`` arrived."""

    async def _unlisten(self, channel: str) -> None:
        """The last local subscriber of ``channel`` left."""


class MemoryLiveBroker(LiveBroker):
    """One process: a publish reaches this process's sockets only."""

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        self._fan_out(channel, msgspec.json.encode(message))


CONNECT_WITHIN = 5.0  # seconds


class NatsLiveBroker(LiveBroker):
    def __init__(self, url: str, *, name: str = "edu-live") -> None:
        super().__init__()
        self._url = url
        self._name = name
        self._nc: NatsClient | None = None
        self._connecting = asyncio.Lock()
        self._subscriptions: dict[str, NatsSubscription] = {}

    async def _connection(self) -> NatsClient:
        async with self._connecting:
            if self._nc is None:
                # Bounded: with reconnects allowed, a first connection to a server that is
                # down would otherwise be retried for ever, holding up the caller.
                self._nc = await asyncio.wait_for(nats.connect(
                    self._url, name=self._name, connect_timeout=2,
                    # Once connected, keep trying for good: a broker restart must not end
                    # live updates.
                    allow_reconnect=True, max_reconnect_attempts=-1, reconnect_time_wait=1),
                    timeout=CONNECT_WITHIN)
            return self._nc

    async def start(self) -> None:
        """Connect now if NATS answers; otherwise the first publish or listen tries again,
        and readiness reports the broker as down meanwhile. The API starts either way."""
        try:
            await self._connection()
        except (TimeoutError, OSError, NatsError) as exc:
            log.warning("live updates: NATS not reachable yet: %r", exc)

    async def stop(self) -> None:
        await super().stop()
        nc, self._nc = self._nc, None
        if nc is not None and not nc.is_closed:
            await nc.close()

    async def check(self) -> None:
        nc = await self._connection()
        if not nc.is_connected:
            raise ConnectionError("not connected to NATS")

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        subject = subject_for(channel)
        try:
            nc = await self._connection()
            await nc.publish(subject, msgspec.json.encode(message))
        except (TimeoutError, OSError, NatsError) as exc:
            # At most once: a message lost here is made good by the client's re-fetch.
            log.warning("live message to %s not published: %r", subject, exc)

    async def _listen(self, channel: str) -> None:
        async def received(msg: Msg) -> None:
            self._fan_out(channel, msg.data)

        try:
            nc = await self._connection()
            subscription = await nc.subscribe(subject_for(channel), cb=received)
            try:
                # The server knows of the subscription before the client hears "subscribed":
                # what the client re-fetches after that cannot miss a message sent meanwhile.
                await nc.flush(timeout=5)
            except BaseException:
                await subscription.unsubscribe()
                raise
        except (TimeoutError, OSError, NatsError) as exc:
            raise LiveUnavailable(str(exc)) from exc
        self._subscriptions[channel] = subscription

    async def _unlisten(self, channel: str) -> None:
        subscription = self._subscriptions.pop(channel, None)
        if subscription is None:
            return
        try:
            await subscription.unsubscribe()
        except NatsError as exc:
            log.warning("live channel %s not unsubscribed: %r", channel, exc)
