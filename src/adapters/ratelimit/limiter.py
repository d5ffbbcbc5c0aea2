"""The rate-limiter port on top of the ``limits`` library, in process memory or in Redis.

A moving window: at most ``limit`` hits in any ``window_seconds`` span, so a client cannot
double its budget by straddling a window edge. With Redis every process of the API shares one
budget per key (the window is kept by Lua scripts, so concurrent hits are counted exactly).
"""

import math
import time
from urllib.parse import urlsplit

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from edu_core.domain.errors import ServiceUnavailable
from edu_core.ports.rate_limit import RateDecision, RateRule

_REDIS_SCHEMES = frozenset({"redis", "rediss", "redis+unix"})
# With wrap_exceptions most store failures arrive as StorageError, but not every code path of
# the library wraps them.
_STORE_ERRORS = (StorageError, RedisError, OSError)


def _redact(uri: str) -> str:
    """The URI without its password, for error messages and logs."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return parts._replace(netloc=f"{user}{host}{port}").geturl()


class LimitsRateLimiter:
    """``RateLimiter`` backed by ``memory://`` (one process) or ``redis://host:port/db``."""

    def __init__(self, storage_uri: str = "memory://", *, key_prefix: str = "edu-rl",
                 timeout_seconds: float = 2.0) -> None:
        scheme = storage_uri.partition("://")[0].lower()
        self._where = _redact(storage_uri)
        self._storage: Storage
        if scheme == "memory":
            self._storage = MemoryStorage()
        elif scheme in _REDIS_SCHEMES:
            # Without socket timeouts a black-holed Redis would hang every rate-limited request.
            self._storage = RedisStorage(
                f"async+{storage_uri}", implementation="redispy", key_prefix=key_prefix,
                wrap_exceptions=True, socket_timeout=timeout_seconds,
                socket_connect_timeout=timeout_seconds)
        else:
            raise ValueError(f"Unsupported rate-limit store {scheme!r}: use memory:// or "
                             "redis://host:port/db.")
        self._strategy = MovingWindowRateLimiter(self._storage)

    @property
    def shared(self) -> bool:
        """True when the budget is shared by every process using the same store."""
        return isinstance(self._storage, RedisStorage)

    @staticmethod
    def _item(rule: RateRule) -> RateLimitItem:
        return RateLimitItemPerSecond(rule.limit, rule.window_seconds)

    def _unavailable(self, exc: BaseException) -> ServiceUnavailable:
        return ServiceUnavailable("The rate-limit store is unavailable.",
                                  internal=f"{self._where}: {type(exc).__name__}")

    async def _decision(self, key: str, item: RateLimitItem, allowed: bool) -> RateDecision:
        stats = await self._strategy.get_window_stats(item, key)
        remaining = max(0, stats.remaining)
        if allowed:
            return RateDecision(allowed=True, remaining=remaining, retry_after_seconds=0)
        # reset_time is when the oldest hit in the window expires, i.e. when one unit frees up.
        retry = max(1, math.ceil(stats.reset_time - time.time()))
        return RateDecision(allowed=False, remaining=0, retry_after_seconds=retry)

    async def hit(self, key: str, rule: RateRule) -> RateDecision:
        item = self._item(rule)
        try:
            allowed = await self._strategy.hit(item, key)
            return await self._decision(key, item, allowed)
        except _STORE_ERRORS as exc:
            raise self._unavailable(exc) from exc

    async def peek(self, key: str, rule: RateRule) -> RateDecision:
        item = self._item(rule)
        try:
            allowed = await self._strategy.test(item, key)
            return await self._decision(key, item, allowed)
        except _STORE_ERRORS as exc:
            raise self._unavailable(exc) from exc

    async def reset(self, key: str, rule: RateRule) -> None:
        try:
            await self._strategy.clear(self._item(rule), key)
        except _STORE_ERRORS as exc:
            raise self._unavailable(exc) from exc

    async def check(self) -> None:
        try:
            healthy = await self._storage.check()
        except _STORE_ERRORS as exc:
            raise self._unavailable(exc) from exc
        if not healthy:
            raise ServiceUnavailable("The rate-limit store does not answer.",
                                     internal=self._where)

    async def aclose(self) -> None:
        """Release the store's connections (the in-memory store holds none)."""
        if isinstance(self._storage, RedisStorage):
            client = getattr(self._storage.bridge, "storage", None)
            if isinstance(client, Redis):
                await client.aclose()
