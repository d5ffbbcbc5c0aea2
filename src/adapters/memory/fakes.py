"""Fast, deterministic fakes of the clock, hasher and event dispatch for unit tests of the core."""

import hashlib
import hmac
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.memory.unit_of_work import MemoryStore


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
    """Runs handlers of events committed to a ``MemoryStore`` when drained."""

    def __init__(self, store: MemoryStore,
                 handlers: Mapping[str, list[Callable[[Mapping[str, Any]], Awaitable[None]]]]
                 | None = None) -> None:
        self._store = store
        self.handlers = dict(handlers or {})
        self.notified = 0
        self._delivered = 0

    def notify(self) -> None:
        self.notified += 1

    async def drain(self) -> int:
        done = 0
        while self._delivered < len(self._store.outbox):
            event = self._store.outbox[self._delivered]
            self._delivered += 1
            for handler in self.handlers.get(event.name, []):
                await handler(event.payload())
            done += 1
        return done
