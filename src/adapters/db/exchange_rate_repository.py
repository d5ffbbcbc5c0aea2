"""Exchange rates in PostgreSQL."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from adapters.db.connections import Session
from adapters.db.tables import exchange_rates
from edu_core.domain.money import ExchangeRate


def _rate(row: Any) -> ExchangeRate:
    return ExchangeRate(currency=row.currency, rate=row.rate, updated_at=row.updated_at,
                        updated_by=row.updated_by)


class PostgresExchangeRateRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def list(self) -> list[ExchangeRate]:
        rows = await self._s.execute(select(exchange_rates).order_by(exchange_rates.c.currency))
        return [_rate(r) for r in rows]

    async def get(self, currency: str) -> ExchangeRate | None:
        row = (await self._s.execute(
            select(exchange_rates).where(exchange_rates.c.currency == currency))).first()
        return _rate(row) if row else None

    async def save(self, rate: ExchangeRate) -> None:
        values = {"rate": rate.rate, "updated_at": rate.updated_at, "updated_by": rate.updated_by}
        await self._s.execute(insert(exchange_rates).values(currency=rate.currency, **values)
                              .on_conflict_do_update(index_elements=["currency"], set_=values))
