"""Relays committed outbox events over NATS JetStream, then delivers them to their handlers.

The fan-out step of :class:`OutboxDispatcher` becomes two, so that other processes (and later
other services) receive the events through the stream:

1. *Relay*: new outbox rows are published in id order to ``<prefix>.<event name>`` with the
   header ``Nats-Msg-Id`` set to the event id (JetStream drops a repeat within its duplicate
   window), and marked relayed (``dispatched_at``) only once JetStream acknowledged them. NATS
   unreachable: the rows stay in the outbox and go out on a later pass.
2. *Inbox*: a durable pull consumer shared by every process turns each message into one
   delivery row per subscribed handler (insert that ignores an existing row: a redelivered
   message has no second effect), and acknowledges the message after that commit.

The delivery step (claim, commit, run the handler) is the dispatcher's own.
"""

import asyncio
import json
import logging
import re
from datetime import timedelta
from typing import Any
from uuid import UUID

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.db.tables import event_deliveries, outbox
from adapters.messaging.outbox_dispatcher import OutboxDispatcher
from edu_core.application.messagebus import HandlerRegistry

log = logging.getLogger(__name__)

STREAM = "EDU_EVENTS"
SUBJECT_PREFIX = "edu.events"
CONSUMER = "edu-handlers"

# Event names become subject tokens: no wildcards, no spaces, no empty token.
_SUBJECT_SAFE = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")

# What "NATS is away" looks like to the client: the rows wait in the outbox meanwhile.
UNAVAILABLE = (NatsError, OSError, TimeoutError)


class NatsEventRelay(OutboxDispatcher):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession],
                 registry: HandlerRegistry, url: str, *, stream: str = STREAM,
                 subject_prefix: str = SUBJECT_PREFIX, consumer: str = CONSUMER,
                 ack_wait: timedelta = timedelta(seconds=30), fetch_timeout: float = 0.1,
                 connect_timeout: float = 2.0, **options: Any) -> None:
        super().__init__(session_factory, registry, **options)
        self._url = url
        self._stream = stream
        self._prefix = subject_prefix
        self._consumer = consumer
        self._ack_wait = ack_wait
        self._fetch_timeout = fetch_timeout
        self._connect_timeout = connect_timeout
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._sub: JetStreamContext.PullSubscription | None = None
        self._connecting = asyncio.Lock()

    async def drain(self) -> int:
        # Due schedules become outbox rows whether or not NATS is reachable.
        moved = await self.fire_due()
        try:
            moved += await self.relay() + await self.consume()
        except UNAVAILABLE as exc:
            # Deliveries already in the inbox still run; relaying resumes on a later pass.
            log.warning("nats unavailable, events wait in the outbox", extra={"error": repr(exc)})
            await self._disconnect()
        return moved + await self.deliver()

    async def fan_out(self) -> int:
        return await self.relay() + await self.consume()

    async def stop(self) -> None:
        await super().stop()
        await self._disconnect()

    async def check(self) -> None:
        """Readiness: the server answers and JetStream is enabled on it."""
        js = await self._jetstream()
        await js.account_info()

    async def stream_messages(self, stream: str) -> int:
        """Messages held by ``stream`` (for a work-queue stream: those not yet taken)."""
        js = await self._jetstream()
        info = await js.stream_info(stream)
        return int(info.state.messages)

    def subject(self, name: str) -> str:
        if not _SUBJECT_SAFE.match(name):
            raise ValueError(f"event name {name!r} cannot be a NATS subject token")
        return f"{self._prefix}.{name}"

    async def relay(self) -> int:
        js = await self._jetstream()
        relayed: list[int] = []
        failure: Exception | None = None
        # The rows stay locked while they are published so that two processes do not publish
        # the same batch (JetStream would drop the repeat anyway).
        async with self._factory() as session, session.begin():
            rows = (await session.execute(
                select(outbox.c.id, outbox.c.event_id, outbox.c.name, outbox.c.payload)
                .where(outbox.c.dispatched_at.is_(None), outbox.c.failed.is_(False))
                .order_by(outbox.c.id).limit(self._batch)
                .with_for_update(skip_locked=True))).all()
            for row in rows:
                try:
                    await js.publish(self.subject(row.name), json.dumps(row.payload).encode(),
                                     stream=self._stream,
                                     headers={"Nats-Msg-Id": str(row.event_id)})
                except UNAVAILABLE as exc:
                    failure = exc
                    break
                relayed.append(row.id)
            # What JetStream acknowledged is marked, even when a later publish failed; the
            # rest keeps its order for the next pass.
            if relayed:
                await session.execute(update(outbox).where(outbox.c.id.in_(relayed))
                                      .values(dispatched_at=self._clock.now()))
        if failure is not None:
            raise failure
        return len(relayed)

    async def consume(self) -> int:
        sub = await self._subscription()
        try:
            messages = await sub.fetch(self._batch, timeout=self._fetch_timeout)
        except TimeoutError:
            return 0
        for message in messages:
            await self._to_inbox(message)
        return len(messages)

    async def _to_inbox(self, message: Msg) -> None:
        name = message.subject.removeprefix(self._prefix + ".")
        try:
            event_id = UUID((message.headers or {}).get("Nats-Msg-Id", ""))
        except ValueError:
            # Not one of ours: redelivering it would never help.
            log.warning("event message without an event id", extra={"subject": message.subject})
            await message.term()
            return
        now = self._clock.now()
        deliveries = [{"event_id": event_id, "handler": sub.name, "due_at": now}
                      for sub in self._registry.for_event(name)]
        if deliveries:
            async with self._factory() as session, session.begin():
                known = (await session.execute(
                    select(outbox.c.event_id).where(outbox.c.event_id == event_id))).first()
                if known is None:
                    # Published by a platform with another database: nothing to deliver here.
                    log.warning("event not in this outbox", extra={"event_id": str(event_id)})
                else:
                    await session.execute(
                        pg_insert(event_deliveries).on_conflict_do_nothing(), deliveries)
        await message.ack()

    async def _jetstream(self) -> JetStreamContext:
        async with self._connecting:
            if self._js is not None and self._nc is not None and self._nc.is_connected:
                return self._js
            await self._disconnect()
            nc = await asyncio.wait_for(
                nats.connect(self._url, connect_timeout=int(max(1, self._connect_timeout)),
                             allow_reconnect=False, error_cb=_quiet),
                self._connect_timeout + 1)
            js = nc.jetstream()
            await self._ensure_stream(js)
            self._nc, self._js = nc, js
            return js

    async def _ensure_stream(self, js: JetStreamContext) -> None:
        try:
            await js.stream_info(self._stream)
        except NotFoundError:
            await js.add_stream(StreamConfig(
                name=self._stream, subjects=[f"{self._prefix}.>"], storage=StorageType.FILE))

    async def _subscription(self) -> JetStreamContext.PullSubscription:
        js = await self._jetstream()
        if self._sub is None:
            self._sub = await js.pull_subscribe(
                f"{self._prefix}.>", durable=self._consumer, stream=self._stream,
                config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT,
                                      deliver_policy=DeliverPolicy.ALL,
                                      ack_wait=self._ack_wait.total_seconds(),
                                      max_ack_pending=1000))
        return self._sub

    async def _disconnect(self) -> None:
        nc, self._nc, self._js, self._sub = self._nc, None, None, None
        if nc is not None and not nc.is_closed:
            try:
                await asyncio.wait_for(nc.close(), self._connect_timeout)
            except UNAVAILABLE:
                log.debug("nats connection closed uncleanly")


async def _quiet(exc: Exception) -> None:
    # The client reports connection errors here as well as by raising: log once, not twice.
    log.debug("nats client error", extra={"error": repr(exc)})
