"""Exchange rates for administrators: /api/v1/admin/exchange-rates."""

from typing import Annotated

from litestar import Controller, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter

from adapters.http.access import policy, provide_principal
from adapters.http.dependencies import provide_exchange_rates
from adapters.http.errors import error_responses
from adapters.http.exchange_rates.schemas import ExchangeRateIn, ExchangeRateList, ExchangeRateOut
from edu_core.application.actors import Actor, Principal
from edu_core.application.money import ExchangeRateService
from edu_core.domain.identity import Role
from edu_core.domain.money import REFERENCE_CURRENCY

ADMIN = policy(Role.ADMIN)


class AdminExchangeRatesController(Controller):
    path = "/api/v1/admin/exchange-rates"
    tags = ["Admin: exchange rates"]
    dependencies = {
        "rates": Provide(provide_exchange_rates, sync_to_thread=False),
        "principal": Provide(provide_principal),
    }

    @get("/", operation_id="listExchangeRates",
         summary="Every supported currency with its exchange rate",
         description="One row per currency mentors can charge in (a short, fixed list, so "
                     "not paginated), by code.",
         responses=error_responses(401, 403), **ADMIN)
    async def list_rates(self, rates: NamedDependency[ExchangeRateService]) -> ExchangeRateList:
        return ExchangeRateList(reference_currency=REFERENCE_CURRENCY,
                                items=[ExchangeRateOut.of(r) for r in await rates.list()])

    @put("/{currency:str}", operation_id="setExchangeRate",
         summary="Set a currency's exchange rate (audited)",
         description=f"The value of one unit of `currency` in {REFERENCE_CURRENCY} (whose own "
                     "rate is always 1). Mentor search compares prices with it from the next "
                     "request on.",
         responses=error_responses(401, 403, 422), **ADMIN)
    async def set_rate(self, rates: NamedDependency[ExchangeRateService],
                       principal: NamedDependency[Principal],
                       currency: Annotated[str, PathParameter(min_length=3, max_length=3)],
                       data: JSONBody[ExchangeRateIn]) -> ExchangeRateOut:
        return ExchangeRateOut.of(await rates.set(Actor.of(principal), currency, data.rate))
