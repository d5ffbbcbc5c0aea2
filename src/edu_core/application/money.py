"""Exchange rates: listed for everyone who compares prices, changed by admins (audited)."""

from dataclasses import dataclass
from decimal import Decimal

from edu_core.application.actors import Actor
from edu_core.domain.audit import AuditEntry
from edu_core.domain.money import (
    CURRENCIES,
    REFERENCE_CURRENCY,
    ExchangeRate,
    InvalidExchangeRate,
    clean_currency,
    clean_rate_value,
    minor_digits,
)
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class CurrencyRate:
    """A supported currency, its minor-unit exponent, and its rate if one is set."""

    currency: str
    minor_digits: int
    rate: ExchangeRate | None


class ExchangeRateService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def list(self) -> list[CurrencyRate]:
        """Every supported currency, with or without a rate, by code."""
        async with self._uow() as uow:
            stored = {r.currency: r for r in await uow.exchange_rates.list()}
        return [CurrencyRate(code, minor_digits(code), stored.get(code))
                for code in sorted(CURRENCIES)]

    async def set(self, actor: Actor, currency: str, rate: Decimal | str) -> CurrencyRate:
        code = clean_currency(currency)
        value = clean_rate_value(rate)
        if code == REFERENCE_CURRENCY and value != 1:
            raise InvalidExchangeRate(
                f"{REFERENCE_CURRENCY} is the reference currency: its rate is always 1.")
        now = self._clock.now()
        async with self._uow() as uow:
            before = await uow.exchange_rates.get(code)
            saved = ExchangeRate(currency=code, rate=value, updated_at=now,
                                 updated_by=actor.user_id)
            await uow.exchange_rates.save(saved)
            uow.audit.record(AuditEntry(
                actor_id=actor.user_id, action="exchange_rate.set", target_type="currency",
                target_id=code, occurred_at=now,
                details={"actor": actor.label, "rate": str(value),
                         "previous": str(before.rate) if before else None}))
            await uow.commit()
        return CurrencyRate(code, minor_digits(code), saved)
