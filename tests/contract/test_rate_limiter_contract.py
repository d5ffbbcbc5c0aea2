"""ONE behaviour suite for the RateLimiter port, run against process memory and a real Redis
(``tests.support.redis_server``)."""

import asyncio
from collections.abc import AsyncIterator, Callable
from uuid import uuid4

import pytest

from adapters.ratelimit.limiter import LimitsRateLimiter
from edu_core.domain.errors import ServiceUnavailable
from edu_core.ports.rate_limit import RateLimiter, RateRule
from tests.support.live_server import free_port
from tests.support.redis_server import redis_url

__all__ = ["redis_url"]

MakeLimiter = Callable[[], LimitsRateLimiter]


@pytest.fixture(params=["memory", "redis"])
async def make_limiter(request: pytest.FixtureRequest) -> AsyncIterator[MakeLimiter]:
    """Builds limiters on one store; with Redis, each one is like another API process."""
    created: list[LimitsRateLimiter] = []
    if request.param == "memory":
        shared = LimitsRateLimiter("memory://")

        def make() -> LimitsRateLimiter:
            return shared
    else:
        url = request.getfixturevalue("redis_url")
        prefix = f"edu-rl-test-{uuid4().hex}"

        def make() -> LimitsRateLimiter:
            limiter = LimitsRateLimiter(url, key_prefix=prefix)
            created.append(limiter)
            return limiter

    yield make
    for limiter in created:
        await limiter.aclose()


@pytest.fixture
def limiter(make_limiter: MakeLimiter) -> RateLimiter:
    return make_limiter()


def key() -> str:
    return f"auth:203.0.113.{uuid4().int % 250}:{uuid4().hex}"


async def test_allows_the_budget_then_blocks_with_a_retry_after(limiter: RateLimiter) -> None:
    rule = RateRule(limit=3, window_seconds=60)
    k = key()
    decisions = [await limiter.hit(k, rule) for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, True]
    assert [d.remaining for d in decisions] == [2, 1, 0]
    assert all(d.retry_after_seconds == 0 for d in decisions)

    blocked = await limiter.hit(k, rule)
    assert not blocked.allowed
    assert blocked.remaining == 0
    assert 1 <= blocked.retry_after_seconds <= 60
    # A refused hit does not extend the penalty.
    assert not (await limiter.hit(k, rule)).allowed


async def test_keys_are_independent(limiter: RateLimiter) -> None:
    rule = RateRule(limit=1, window_seconds=60)
    first, second = key(), key()
    assert (await limiter.hit(first, rule)).allowed
    assert not (await limiter.hit(first, rule)).allowed
    assert (await limiter.hit(second, rule)).allowed


async def test_reset_restores_the_budget(limiter: RateLimiter) -> None:
    rule = RateRule(limit=2, window_seconds=60)
    k = key()
    await limiter.hit(k, rule)
    await limiter.hit(k, rule)
    assert not (await limiter.hit(k, rule)).allowed

    await limiter.reset(k, rule)

    after = await limiter.hit(k, rule)
    assert after.allowed
    assert after.remaining == 1


async def test_reset_of_an_unknown_key_is_harmless(limiter: RateLimiter) -> None:
    await limiter.reset(key(), RateRule(limit=1, window_seconds=60))


async def test_peek_does_not_consume(limiter: RateLimiter) -> None:
    rule = RateRule(limit=2, window_seconds=60)
    k = key()
    fresh = await limiter.peek(k, rule)
    assert fresh.allowed
    assert fresh.remaining == 2
    assert fresh.retry_after_seconds == 0
    for _ in range(5):
        await limiter.peek(k, rule)

    assert (await limiter.hit(k, rule)).allowed
    assert (await limiter.peek(k, rule)).remaining == 1
    assert (await limiter.hit(k, rule)).allowed

    spent = await limiter.peek(k, rule)
    assert not spent.allowed
    assert spent.remaining == 0
    assert spent.retry_after_seconds >= 1


async def test_the_window_expires(limiter: RateLimiter) -> None:
    rule = RateRule(limit=2, window_seconds=1)
    k = key()
    assert (await limiter.hit(k, rule)).allowed
    assert (await limiter.hit(k, rule)).allowed
    blocked = await limiter.hit(k, rule)
    assert not blocked.allowed
    assert blocked.retry_after_seconds == 1

    await asyncio.sleep(1.1)

    again = await limiter.hit(k, rule)
    assert again.allowed
    assert again.remaining == 1


async def test_concurrent_hits_allow_exactly_the_limit(limiter: RateLimiter) -> None:
    rule = RateRule(limit=10, window_seconds=60)
    k = key()
    decisions = await asyncio.gather(*(limiter.hit(k, rule) for _ in range(50)))
    assert sum(d.allowed for d in decisions) == 10
    assert all(d.retry_after_seconds >= 1 for d in decisions if not d.allowed)


async def test_check_answers(limiter: RateLimiter) -> None:
    await limiter.check()


async def test_two_processes_share_one_budget(make_limiter: MakeLimiter) -> None:
    # With memory:// both handles are the same object: one process, one budget.
    first, second = make_limiter(), make_limiter()
    rule = RateRule(limit=4, window_seconds=60)
    k = key()
    for limiter in (first, second, first, second):
        assert (await limiter.hit(k, rule)).allowed
    assert not (await first.hit(k, rule)).allowed
    assert not (await second.hit(k, rule)).allowed
    assert (await second.peek(k, rule)).remaining == 0

    await first.reset(k, rule)
    assert (await second.hit(k, rule)).allowed


def test_only_redis_is_shared_across_processes(redis_url: str) -> None:
    assert LimitsRateLimiter(redis_url).shared
    assert not LimitsRateLimiter("memory://").shared


async def test_concurrent_hits_from_two_processes_allow_exactly_the_limit(
        make_limiter: MakeLimiter) -> None:
    first, second = make_limiter(), make_limiter()
    rule = RateRule(limit=10, window_seconds=60)
    k = key()
    decisions = await asyncio.gather(*(limiter.hit(k, rule)
                                       for _ in range(25) for limiter in (first, second)))
    assert sum(d.allowed for d in decisions) == 10


async def test_a_dead_redis_is_reported_as_unavailable() -> None:
    port = free_port()  # nothing listens there once the probe socket is closed
    limiter = LimitsRateLimiter(f"redis://127.0.0.1:{port}/0", timeout_seconds=0.5)
    try:
        with pytest.raises(ServiceUnavailable):
            await limiter.check()
        with pytest.raises(ServiceUnavailable):
            await limiter.hit(key(), RateRule(limit=1, window_seconds=60))
        with pytest.raises(ServiceUnavailable):
            await limiter.peek(key(), RateRule(limit=1, window_seconds=60))
        with pytest.raises(ServiceUnavailable):
            await limiter.reset(key(), RateRule(limit=1, window_seconds=60))
    finally:
        await limiter.aclose()


async def test_the_error_does_not_leak_the_redis_password() -> None:
    port = free_port()
    limiter = LimitsRateLimiter(f"redis://:s3cret-pw@127.0.0.1:{port}/0", timeout_seconds=0.5)
    try:
        with pytest.raises(ServiceUnavailable) as caught:
            await limiter.check()
        assert "s3cret-pw" not in str(caught.value)
        assert "127.0.0.1" in str(caught.value)
    finally:
        await limiter.aclose()


def test_an_unknown_store_is_refused() -> None:
    with pytest.raises(ValueError, match="memcached"):
        LimitsRateLimiter("memcached://localhost:11211")
