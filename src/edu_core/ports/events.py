"""Getting committed domain events to their handlers."""

from typing import Protocol


class EventSignal(Protocol):
    """Told by the unit of work, right after a commit that stored events."""

    def notify(self) -> None:
        """New outbox rows were committed: deliver them soon, without blocking the caller."""
        ...
