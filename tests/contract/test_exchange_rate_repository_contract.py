"""ONE behaviour suite for exchange rates, run against the in-memory fake and Postgres.

The Postgres database is shared by the whole session and seeded by the migration, so each test
restores the rates it changed.
"""

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from edu_core.domain.identity import Role, User
from edu_core.domain.money import ExchangeRate
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def chf(uow_factory: Factory) -> AsyncIterator[ExchangeRate | None]:
    """The CHF rate as it was; put back afterwards."""
    async with uow_factory() as uow:
        before = await uow.exchange_rates.get("CHF")
    yield before
    if before is not None:
        async with uow_factory() as uow:
            await uow.exchange_rates.save(before)
            await uow.commit()


def rate(value: str, **extra: object) -> ExchangeRate:
    return ExchangeRate(currency="CHF", rate=Decimal(value), updated_at=NOW, **extra)  # type: ignore[arg-type]


async def test_a_saved_rate_is_read_back_exactly_after_commit(
        uow_factory: Factory, chf: ExchangeRate | None) -> None:
    async with uow_factory() as uow:
        await uow.exchange_rates.save(rate("1.123456789"))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.exchange_rates.get("CHF")
        listed = [r for r in await uow.exchange_rates.list() if r.currency == "CHF"]
    assert found is not None
    assert found.rate == Decimal("1.123456789")
    assert found.updated_at == NOW
    assert listed == [found]


async def test_saving_again_replaces_the_rate(uow_factory: Factory,
                                             chf: ExchangeRate | None) -> None:
    user = User.register(email=f"admin-{uuid.uuid4().hex[:10]}@example.org",
                         display_name="Ad", role=Role.ADMIN, password_hash="h",
                         timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.exchange_rates.save(rate("2"))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.exchange_rates.save(rate("0.5", updated_by=user.id))
        await uow.commit()
    async with uow_factory() as uow:
        rows = [r for r in await uow.exchange_rates.list() if r.currency == "CHF"]
    assert [(r.rate, r.updated_by) for r in rows] == [(Decimal("0.5"), user.id)]


async def test_an_uncommitted_rate_is_discarded(uow_factory: Factory,
                                                chf: ExchangeRate | None) -> None:
    async with uow_factory() as uow:
        await uow.exchange_rates.save(rate("7"))
        assert (await uow.exchange_rates.get("CHF")) == rate("7")  # its own writes
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.exchange_rates.get("CHF") == chf


async def test_rates_are_listed_by_currency(uow_factory: Factory,
                                            chf: ExchangeRate | None) -> None:
    async with uow_factory() as uow:
        await uow.exchange_rates.save(rate("1.1"))
        await uow.exchange_rates.save(ExchangeRate(currency="AUD", rate=Decimal("0.66"),
                                                   updated_at=NOW))
        await uow.commit()
    async with uow_factory() as uow:
        codes = [r.currency for r in await uow.exchange_rates.list()]
    assert codes == sorted(codes)
    assert {"AUD", "CHF"} <= set(codes)
