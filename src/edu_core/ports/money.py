"""Exchange rates (part of the unit of work, so a change and its audit entry commit together)."""

from typing import Protocol

from edu_core.domain.money import ExchangeRate


class ExchangeRateRepository(Protocol):
    async def list(self) -> list[ExchangeRate]:
        """Every stored rate, by currency code."""
        ...

    async def get(self, currency: str) -> ExchangeRate | None: ...

    async def save(self, rate: ExchangeRate) -> None:
        """Insert or replace the rate of ``rate.currency`` (visible to others after commit)."""
        ...
