"""Counting hits against a budget, shared across processes when the adapter is."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RateRule:
    """At most ``limit`` hits per ``window_seconds``, per key."""

    limit: int
    window_seconds: int


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    remaining: int
    retry_after_seconds: int


class RateLimiter(Protocol):
    async def hit(self, key: str, rule: RateRule) -> RateDecision:
        """Consume one unit of ``key``'s budget; ``allowed`` is False once it is spent."""
        ...

    async def peek(self, key: str, rule: RateRule) -> RateDecision:
        """The decision a hit would get, without consuming anything."""
        ...

    async def reset(self, key: str, rule: RateRule) -> None:
        """Forget the hits of ``key`` (e.g. after a successful login)."""
        ...

    async def check(self) -> None:
        """Raise when the backing store is unreachable (used by readiness)."""
        ...
