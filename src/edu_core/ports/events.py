"""Getting committed domain events to their handlers."""

from typing import Protocol


class EventDispatcher(Protocol):
    def notify(self) -> None:
        """New outbox rows were committed: deliver them soon, without blocking the caller."""
        ...
