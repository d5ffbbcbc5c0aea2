"""Live updates to open browsers: messages on named channels, at most once.

A live message only says that something changed (``{"type": "notification", "id": ...}``);
PostgreSQL stays the source of truth, and a client that missed messages (offline, reconnecting,
dropped for reading too slowly) re-fetches what it shows.
"""

from collections.abc import Mapping
from typing import Any, Protocol


class LivePublisher(Protocol):
    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        """Hand ``message`` (JSON-ready) to every socket subscribed to ``channel``, in any
        process. Best effort: never raises for a broker that is away, never waits for a
        subscriber."""
        ...
