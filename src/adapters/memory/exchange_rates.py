"""In-memory exchange rates, staged until commit like every other fake repository."""

from edu_core.domain.money import ExchangeRate


class MemoryExchangeRateRepository:
    def __init__(self, published: dict[str, ExchangeRate]) -> None:
        self._published = published
        self.staged: dict[str, ExchangeRate] = {}

    async def list(self) -> list[ExchangeRate]:
        merged = {**self._published, **self.staged}
        return [merged[code] for code in sorted(merged)]

    async def get(self, currency: str) -> ExchangeRate | None:
        return self.staged.get(currency, self._published.get(currency))

    async def save(self, rate: ExchangeRate) -> None:
        self.staged[rate.currency] = rate
