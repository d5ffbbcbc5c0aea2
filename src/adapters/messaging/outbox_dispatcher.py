"""Delivers committed outbox events to their in-process handlers (the embedded default).

At-least-once: a row is marked dispatched only after every handler returned, failures are
retried with exponential back-off and parked as ``failed`` after ``max_attempts``. Rows are
claimed with ``FOR UPDATE SKIP LOCKED`` so several API processes can share one outbox.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.db.tables import outbox

log = logging.getLogger(__name__)

Handler = Callable[[Mapping[str, Any]], Awaitable[None]]


class OutboxDispatcher:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession],
                 handlers: Mapping[str, list[Handler]], *, poll_interval: float = 5.0,
                 max_attempts: int = 6, batch_size: int = 50) -> None:
        self._factory = session_factory
        self._handlers = handlers
        self._poll = poll_interval
        self._max_attempts = max_attempts
        self._batch = batch_size
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
        """Dispatch one batch of due events; returns how many rows were processed."""
        now = datetime.now(UTC)
        async with self._factory() as session, session.begin():
            rows = (await session.execute(
                select(outbox.c.id, outbox.c.name, outbox.c.payload, outbox.c.attempts)
                .where(outbox.c.dispatched_at.is_(None), outbox.c.failed.is_(False),
                       or_(outbox.c.next_attempt_at.is_(None), outbox.c.next_attempt_at <= now))
                .order_by(outbox.c.id).limit(self._batch)
                .with_for_update(skip_locked=True))).all()
            for row in rows:
                try:
                    for handler in self._handlers.get(row.name, []):
                        await handler(row.payload)
                except Exception as exc:
                    attempts = row.attempts + 1
                    log.warning("event handler failed", extra={
                        "event": row.name, "outbox_id": row.id, "attempts": attempts,
                        "error": repr(exc)})
                    await session.execute(update(outbox).where(outbox.c.id == row.id).values(
                        attempts=attempts, last_error=repr(exc)[:2000],
                        failed=attempts >= self._max_attempts,
                        next_attempt_at=now + timedelta(seconds=min(2 ** attempts, 600))))
                else:
                    await session.execute(update(outbox).where(outbox.c.id == row.id)
                                          .values(dispatched_at=datetime.now(UTC)))
            return len(rows)
