"""Delivers committed outbox events to their in-process handlers (the embedded default).

Two steps, each in its own short transaction, so no lock is held while a handler runs:

1. *Fan out*: new outbox rows are claimed (``FOR UPDATE SKIP LOCKED``) and get one delivery row
   per subscribed handler (``event_deliveries``, unique per (event, handler)).
2. *Deliver*: due deliveries are claimed by pushing their ``due_at`` past a lease and counting
   the attempt, the claim is committed, and only then the handler runs. Success marks the
   delivery done; a failure schedules a retry with exponential back-off, and after
   ``max_attempts`` parks it as ``failed``. A process that dies mid-handler leaves the delivery
   due again when the lease ends.

Delivery is at least once per handler; handlers are idempotent (an in-app notification's id is
its event's, a mail may in rare cases go twice). Several API processes can share one outbox.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.db.backlog import read_backlog
from adapters.db.tables import (
    event_deliveries,
    outbox,
    scheduled_events,
)
from adapters.messaging.codec import decode_event
from adapters.observability.metrics import Metrics
from adapters.security.clock import SystemClock
from edu_core.application.messagebus import HandlerRegistry, UnknownHandler
from edu_core.ports.clock import Clock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claimed:
    event_id: UUID
    handler: str
    attempts: int
    name: str
    payload: dict[str, Any]


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 2, 4, 8 ... seconds, at most 10 minutes."""
    return timedelta(seconds=min(2 ** attempts, 600))


class OutboxDispatcher:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession],
                 registry: HandlerRegistry, *, poll_interval: float = 5.0,
                 max_attempts: int = 6, batch_size: int = 200,
                 lease: timedelta = timedelta(minutes=5),
                 retry_after: Callable[[int], timedelta] = backoff,
                 concurrency: int = 16, metrics: Metrics | None = None,
                 retention: timedelta = timedelta(days=7),
                 clock: Clock | None = None) -> None:
        self._factory = session_factory
        self._clock = clock or SystemClock()
        self._registry = registry
        self._poll = poll_interval
        self._max_attempts = max_attempts
        self._batch = batch_size
        self._lease = lease
        self._retry_after = retry_after
        self._concurrency = concurrency
        self._metrics = metrics
        self._retention = retention
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    def notify(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            caller = asyncio.get_running_loop()
        except RuntimeError:
            caller = None
        if caller is loop:
            # At once: a ``wait_idle()`` right after the committing call must not find the
            # dispatcher idle before it heard of the new events.
            self._idle.clear()
            self._wake.set()
            return
        # Called from another thread's loop (e.g. a test client beside the app's loop).
        loop.call_soon_threadsafe(self._idle.clear)
        loop.call_soon_threadsafe(self._wake.set)

    async def start(self) -> None:
        if self._task is None:
            self._loop = asyncio.get_running_loop()
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="outbox-dispatcher")

    @property
    def running(self) -> bool:
        return self._task is not None

    async def stop(self) -> None:
        if self._task is not None:
            self._stopping = True
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def wait_idle(self) -> None:
        """Wait until everything notified so far has been handled (tests, CLI commands)."""
        await self._idle.wait()

    async def _run(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)
            self._wake.clear()
            try:
                while await self.drain() > 0:
                    pass
                await self.observe()
            except Exception:
                # A cancellation that lands inside the database driver can surface as a driver
                # error; it must still end the loop.
                if self._stopping:
                    return
                # The database may be away; the poll loop retries on its own.
                log.exception("outbox dispatch failed")
            if not self._wake.is_set():
                self._idle.set()

    async def drain(self) -> int:
        """Raise the due schedules, fan out new events and run the due deliveries once;
        returns how much was done."""
        return await self.fire_due() + await self.fan_out() + await self.deliver()

    async def fire_due(self) -> int:
        """Raise each due schedule's event through the outbox, in the transaction that marks
        it fired: exactly once, whichever process gets there first. One found more than its
        grace late is dropped instead, with a log line."""
        now = self._clock.now()
        k = scheduled_events.c
        async with self._factory() as session, session.begin():
            rows = (await session.execute(
                select(k.key, k.event_id, k.name, k.payload, k.due_at, k.stale_at)
                .where(k.status == "pending", k.due_at <= now)
                .order_by(k.due_at).limit(self._batch)
                .with_for_update(skip_locked=True))).all()
            stale = [r for r in rows if r.stale_at < now]
            fresh = [r for r in rows if r.stale_at >= now]
            for row in stale:
                log.warning("schedule dropped: found too late", extra={
                    "key": row.key, "event": row.name, "due_at": row.due_at.isoformat(),
                    "late_seconds": int((now - row.due_at).total_seconds())})
            if fresh:
                await session.execute(pg_insert(outbox).on_conflict_do_nothing(
                    index_elements=[outbox.c.event_id]), [
                    {"event_id": r.event_id, "name": r.name, "payload": r.payload,
                     "occurred_at": r.due_at} for r in fresh])
            for status, chosen in (("fired", fresh), ("dropped", stale)):
                if chosen:
                    await session.execute(update(scheduled_events)
                                          .where(k.key.in_([r.key for r in chosen]))
                                          .values(status=status, updated_at=now))
        return len(rows)

    async def fan_out(self) -> int:
        now = self._clock.now()
        async with self._factory() as session, session.begin():
            rows = (await session.execute(
                select(outbox.c.id, outbox.c.event_id, outbox.c.name)
                .where(outbox.c.dispatched_at.is_(None), outbox.c.failed.is_(False))
                .order_by(outbox.c.id).limit(self._batch)
                .with_for_update(skip_locked=True))).all()
            if not rows:
                return 0
            deliveries = [{"event_id": row.event_id, "handler": sub.name, "due_at": now}
                          for row in rows for sub in self._registry.for_event(row.name)]
            if deliveries:
                await session.execute(pg_insert(event_deliveries).on_conflict_do_nothing(),
                                      deliveries)
            await session.execute(update(outbox).where(outbox.c.id.in_([r.id for r in rows]))
                                  .values(dispatched_at=now))
        return len(rows)

    async def _claim(self) -> list[Claimed]:
        now = self._clock.now()
        d = event_deliveries.c
        async with self._factory() as session, session.begin():
            due = (select(d.event_id, d.handler).where(d.status == "pending", d.due_at <= now)
                   .order_by(d.due_at).limit(self._batch).with_for_update(skip_locked=True)
                   .cte("due"))
            claimed = (await session.execute(
                update(event_deliveries)
                .where(tuple_(d.event_id, d.handler).in_(select(due.c.event_id, due.c.handler)))
                .values(attempts=d.attempts + 1, due_at=now + self._lease)
                .returning(d.event_id, d.handler, d.attempts))).all()
            if not claimed:
                return []
            names = {r.event_id: (r.name, r.payload) for r in (await session.execute(
                select(outbox.c.event_id, outbox.c.name, outbox.c.payload)
                .where(outbox.c.event_id.in_({c.event_id for c in claimed})))).all()}
        return [Claimed(c.event_id, c.handler, c.attempts, *names[c.event_id]) for c in claimed]

    async def deliver(self) -> int:
        """Run the claimed handlers side by side (they wait on mail servers and databases),
        then record every outcome in one transaction."""
        claimed = await self._claim()
        if not claimed:
            return 0
        limit = asyncio.Semaphore(self._concurrency)

        async def run(delivery: Claimed) -> tuple[Claimed, BaseException | None]:
            async with limit:
                started = time.perf_counter()
                outcome: BaseException | None = None
                try:
                    subscription = self._registry.get(delivery.handler)
                    event = decode_event(delivery.name, delivery.payload)
                    if self._metrics is not None and delivery.attempts == 1:
                        self._metrics.event_lag.observe(
                            max(0.0, (self._clock.now() - event.occurred_at).total_seconds()))
                    await subscription.handler(event)
                except Exception as exc:
                    outcome = exc
                if self._metrics is not None:
                    self._metrics.event_handler.labels(
                        delivery.handler, "ok" if outcome is None else "error").observe(
                        time.perf_counter() - started)
                return delivery, outcome

        outcomes = await asyncio.gather(*(run(d) for d in claimed))
        await self._record(outcomes)
        return len(claimed)

    async def observe(self) -> None:
        """Refresh the backlog gauges, and forget handled events past their retention (their
        deliveries go with them; parked failures are kept until retried or resolved)."""
        now = self._clock.now()
        d = event_deliveries.c
        async with self._factory() as session, session.begin():
            if self._metrics is not None:
                backlog = await read_backlog(session, now)
                self._metrics.event_deliveries.labels("due").set(backlog.deliveries_due)
                self._metrics.event_deliveries.labels("failed").set(backlog.deliveries_failed)
                self._metrics.event_oldest_due.set(backlog.oldest_due_seconds)
                self._metrics.outbox_unrelayed.set(backlog.outbox_unrelayed)
                self._metrics.jobs_waiting.labels("retry").set(backlog.job_retries_waiting)
                self._metrics.jobs_waiting.labels("dead_letter").set(backlog.dead_letters)
            unfinished = select(d.event_id).where(d.status != "done")
            await session.execute(delete(outbox).where(
                outbox.c.dispatched_at < now - self._retention,
                outbox.c.event_id.not_in(unfinished)))

    async def _record(self, outcomes: list[tuple[Claimed, BaseException | None]]) -> None:
        now = self._clock.now()
        d = event_deliveries.c
        done = [(c.event_id, c.handler) for c, error in outcomes if error is None]
        async with self._factory() as session, session.begin():
            if done:
                await session.execute(
                    update(event_deliveries).where(tuple_(d.event_id, d.handler).in_(done))
                    .values(status="done", finished_at=now))
            for delivery, error in outcomes:
                if error is None:
                    continue
                if isinstance(error, UnknownHandler):
                    # Claimed by a process that does not (yet) run this handler: leave it due.
                    values: dict[str, Any] = {
                        "attempts": delivery.attempts - 1,
                        "due_at": now + timedelta(seconds=self._poll)}
                else:
                    failed = delivery.attempts >= self._max_attempts
                    log.warning("event handler failed", extra={
                        "event": delivery.name, "event_id": str(delivery.event_id),
                        "handler": delivery.handler, "attempts": delivery.attempts,
                        "parked": failed, "error": repr(error)})
                    values = {"status": "failed" if failed else "pending",
                              "due_at": now + self._retry_after(delivery.attempts),
                              "last_error": repr(error)[:2000]}
                await session.execute(update(event_deliveries).where(
                    d.event_id == delivery.event_id, d.handler == delivery.handler)
                    .values(**values))
