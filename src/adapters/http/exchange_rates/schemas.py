"""Shapes of the exchange-rate admin API. Rates travel as decimal strings: they are exact."""

from datetime import datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from msgspec import Meta

from edu_core.application.money import CurrencyRate
from edu_core.domain.money import REFERENCE_CURRENCY

RateText = Annotated[str, Meta(min_length=1, max_length=24, pattern=r"^\s*\d+(\.\d+)?\s*$",
                               examples=["1.08"],
                               description=f"Value of one unit in {REFERENCE_CURRENCY}.")]


class ExchangeRateOut(msgspec.Struct):
    currency: str
    minor_digits: Annotated[int, Meta(description="ISO 4217 minor-unit exponent (JPY: 0).")]
    rate: Annotated[str | None, Meta(
        description=f"Value of one unit in {REFERENCE_CURRENCY}; null when not set (prices "
                    "in this currency cannot be compared with others).")]
    updated_at: datetime | None
    updated_by: UUID | None
    reference: bool

    @classmethod
    def of(cls, row: CurrencyRate) -> "ExchangeRateOut":
        r = row.rate
        return cls(currency=row.currency, minor_digits=row.minor_digits,
                   rate=format(r.rate.normalize(), "f") if r else None,
                   updated_at=r.updated_at if r else None,
                   updated_by=r.updated_by if r else None,
                   reference=row.currency == REFERENCE_CURRENCY)


class ExchangeRateList(msgspec.Struct):
    reference_currency: str
    items: list[ExchangeRateOut]


class ExchangeRateIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"rate": "1.0825"}

    rate: RateText
