"""Fast, deterministic fakes of the clock, hasher and event dispatch for unit tests of the core."""

import hashlib
import hmac
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

from adapters.memory.unit_of_work import MemoryStore
from edu_core.application.messagebus import HandlerRegistry
from edu_core.domain.events import DomainEvent
from edu_core.domain.schedules import ScheduleStatus
from edu_core.ports.clock import Clock


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **kwargs: float) -> None:
        self._now += timedelta(**kwargs)


class FakePasswordHasher:
    """Keeps the port's semantics (salted, every character counts) without bcrypt's cost."""

    def __init__(self) -> None:
        self._counter = 0

    async def hash(self, password: str) -> str:
        self._counter += 1
        salt = f"{self._counter:08d}"
        return f"fake${salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"

    async def verify(self, password: str, password_hash: str) -> bool:
        parts = password_hash.split("$")
        if len(parts) != 3 or parts[0] != "fake":
            return False
        expected = hashlib.sha256((parts[1] + password).encode()).hexdigest()
        return hmac.compare_digest(expected, parts[2])

    async def dummy_verify(self) -> None:
        return None


class MemoryEventDispatcher:
    """Delivers events committed to a ``MemoryStore`` when drained, with the Postgres
    dispatcher's semantics: one delivery per (event, handler), a failing handler retried alone
    on later drains and parked after ``max_attempts``; handlers receive the event object."""

    def __init__(self, store: MemoryStore, registry: HandlerRegistry | None = None, *,
                 max_attempts: int = 6, clock: Clock | None = None) -> None:
        self._store = store
        self._clock = clock
        self.registry = registry or HandlerRegistry()
        self._max_attempts = max_attempts
        self.notified = 0
        self._fanned_out = 0
        self._pending: list[tuple[DomainEvent, str]] = []
        self.attempts: dict[tuple[UUID, str], int] = {}
        self.failed: list[tuple[DomainEvent, str]] = []

    def notify(self) -> None:
        self.notified += 1

    def fire_due(self) -> int:
        """Raise the due schedules' events (dropping those found past their grace)."""
        now = self._clock.now() if self._clock else datetime.now(UTC)
        fired = 0
        raised = {e.event_id for e in self._store.outbox}
        for key, schedule in sorted(self._store.schedules.items(), key=lambda s: s[1].due_at):
            if schedule.status is not ScheduleStatus.PENDING or schedule.due_at > now:
                continue
            stale = schedule.is_stale(now)
            if not stale and schedule.event.event_id not in raised:
                self._store.outbox.append(schedule.event)
            self._store.schedules[key] = replace(
                schedule, status=ScheduleStatus.DROPPED if stale else ScheduleStatus.FIRED)
            fired += 1
        return fired

    async def drain(self) -> int:
        done = self.fire_due()
        while self._fanned_out < len(self._store.outbox):
            event = self._store.outbox[self._fanned_out]
            self._fanned_out += 1
            self._pending.extend((event, sub.name)
                                 for sub in self.registry.for_event(event.name))
        due, self._pending = self._pending, []
        for event, handler in due:
            key = (event.event_id, handler)
            self.attempts[key] = self.attempts.get(key, 0) + 1
            try:
                await self.registry.get(handler).handler(event)
            except Exception:
                if self.attempts[key] >= self._max_attempts:
                    self.failed.append((event, handler))
                else:
                    self._pending.append((event, handler))
            done += 1
        return done
