"""Money in minor units of ISO 4217 currencies, exchange rates, and the rates use case."""

import uuid
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest

from adapters.memory.fakes import FakeClock
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Actor
from edu_core.application.mentors import first_free_slot
from edu_core.application.money import ExchangeRateService
from edu_core.domain.availability import Availability, AvailabilityRules, WeeklyWindow
from edu_core.domain.mentors import InvalidMentorProfile, clean_rate
from edu_core.domain.money import (
    ExchangeRate,
    InvalidExchangeRate,
    UnknownCurrency,
    clean_currency,
    clean_rate_value,
    convert,
    minor_digits,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def rate(currency: str, value: str) -> ExchangeRate:
    return ExchangeRate(currency=currency, rate=Decimal(value), updated_at=NOW)


USD, INR, JPY = rate("USD", "1"), rate("INR", "0.012"), rate("JPY", "0.0067")


def test_conversion_respects_each_currencys_minor_unit() -> None:
    assert (minor_digits("JPY"), minor_digits("USD")) == (0, 2)
    assert convert(150000, INR, USD) == 1800  # INR 1,500.00 is USD 18.00
    assert convert(3000, JPY, USD) == 2010  # 3,000 yen (no minor unit) is USD 20.10
    assert convert(2500, USD, JPY) == 3731  # USD 25.00 is 3,731 whole yen
    assert convert(4321, USD, USD) == 4321


def test_conversion_rounds_half_to_even() -> None:
    half = rate("EUR", "0.5")
    assert convert(1, half, USD) == 0  # 0.5 cents
    assert convert(3, half, USD) == 2  # 1.5 cents


def test_rates_are_exact_positive_decimals() -> None:
    assert clean_rate_value("0.012") == Decimal("0.012")
    assert clean_rate_value(" 1.08 ") == Decimal("1.08")
    for bad in ("0", "-1", "abc", "NaN", "Infinity", "0.0000000001", "100000000"):
        with pytest.raises(InvalidExchangeRate):
            clean_rate_value(bad)


def test_currencies_are_iso_codes_from_the_supported_list() -> None:
    assert clean_currency(" inr ") == "INR"
    with pytest.raises(UnknownCurrency) as caught:
        clean_currency("XYZ")
    assert caught.value.code == "unknown_currency"


def test_hourly_rate_bounds_follow_the_minor_unit() -> None:
    # One yen is the smallest JPY amount; one dollar is 100 minor units.
    assert clean_rate(1, "jpy") == (1, "JPY")
    assert clean_rate(100_000, "JPY") == (100_000, "JPY")
    with pytest.raises(InvalidMentorProfile):
        clean_rate(100_001, "JPY")
    with pytest.raises(InvalidMentorProfile):
        clean_rate(99, "USD")
    assert clean_rate(10_000_000, "USD") == (10_000_000, "USD")


async def test_admins_set_rates_with_an_audit_entry() -> None:
    uow = MemoryUnitOfWorkFactory()
    service = ExchangeRateService(uow=uow, clock=FakeClock(NOW))
    admin = uuid.uuid4()
    assert all(row.rate is None for row in await service.list())
    saved = await service.set(Actor(admin, "user"), "inr", "0.012")
    assert saved.rate is not None and saved.rate.rate == Decimal("0.012")
    await service.set(Actor(admin, "user"), "INR", "0.013")
    rows = {row.currency: row for row in await service.list()}
    assert rows["INR"].rate is not None and rows["INR"].rate.updated_by == admin
    assert rows["INR"].rate.rate == Decimal("0.013")
    assert rows["JPY"].minor_digits == 0 and rows["JPY"].rate is None
    entries = uow.store.audit
    assert [(e.action, e.target_id, e.details["rate"], e.details["previous"])
            for e in entries] == [("exchange_rate.set", "INR", "0.012", None),
                                  ("exchange_rate.set", "INR", "0.013", "0.012")]


async def test_the_reference_currency_stays_at_one() -> None:
    service = ExchangeRateService(uow=MemoryUnitOfWorkFactory(), clock=FakeClock(NOW))
    with pytest.raises(InvalidExchangeRate):
        await service.set(Actor(None), "USD", "2")
    assert (await service.set(Actor(None), "USD", "1")).currency == "USD"


def test_the_first_free_slot_is_found_whichever_look_ahead_holds_it() -> None:
    # Monday 2026-06-01 09:00 UTC; the only window is on Saturdays (day 5 of the search).
    calendar = Availability(
        mentor_id=uuid.uuid4(),
        rules=AvailabilityRules(timezone="UTC", session_lengths=(60, 30)),
        weekly=(WeeklyWindow(5, time(10), time(12)),))
    found = first_free_slot(calendar, start=NOW, end=NOW + timedelta(days=21), now=NOW)
    assert found is not None
    assert found.start == datetime(2026, 6, 6, 10, 0, tzinfo=UTC)
    assert found.end - found.start == timedelta(minutes=30)  # the shortest session
    later = first_free_slot(calendar, start=NOW + timedelta(days=6), now=NOW,
                            end=NOW + timedelta(days=21))
    assert later is not None and later.start == datetime(2026, 6, 13, 10, 0, tzinfo=UTC)
    assert first_free_slot(calendar, start=NOW, end=NOW + timedelta(days=4), now=NOW) is None
    assert first_free_slot(None, start=NOW, end=NOW + timedelta(days=21), now=NOW) is None
