"""Money and exchange rates.

An amount is an integer of the currency's ISO 4217 minor unit (cents for EUR, paise for INR,
whole yen for JPY) with its currency code; never a float. Exchange rates exist only to compare
prices across currencies and show an approximate amount in the viewer's currency: nothing is
charged at a converted price.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from uuid import UUID

from edu_core.domain.errors import InvalidInput

# ISO 4217 minor-unit exponents of the currencies the platform supports: the one place that
# knows JPY has no minor unit while the others have hundredths.
MINOR_DIGITS: dict[str, int] = {
    "AUD": 2, "CAD": 2, "CHF": 2, "CNY": 2, "EUR": 2, "GBP": 2, "INR": 2, "JPY": 0, "NGN": 2,
    "USD": 2,
}
CURRENCIES = frozenset(MINOR_DIGITS)
# Rates are the value of one major unit in this currency; it is also the viewer's default.
REFERENCE_CURRENCY = "USD"
# A rate keeps this many decimal places (NUMERIC(18, 9) in storage).
RATE_PLACES = 9
MAX_RATE = Decimal(10) ** 8


class UnknownCurrency(InvalidInput):
    code = "unknown_currency"

    def __init__(self, field: str = "currency") -> None:
        message = f"Choose one of {', '.join(sorted(CURRENCIES))}."
        super().__init__(message, details={"fields": {field: message}})


class InvalidExchangeRate(InvalidInput):
    code = "invalid_exchange_rate"

    def __init__(self, message: str) -> None:
        super().__init__(message, details={"fields": {"rate": message}})


def clean_currency(raw: str, *, field: str = "currency") -> str:
    code = raw.strip().upper()
    if code not in CURRENCIES:
        raise UnknownCurrency(field)
    return code


def minor_digits(currency: str) -> int:
    return MINOR_DIGITS[currency]


def minor_per_major(currency: str) -> int:
    """Minor units in one major unit: 100 for EUR, 1 for JPY."""
    unit: int = 10 ** MINOR_DIGITS[currency]
    return unit


def clean_rate_value(raw: Decimal | str | int) -> Decimal:
    """A rate as stored: positive, finite, below ``MAX_RATE``, at most ``RATE_PLACES`` places."""
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidExchangeRate("Give the rate as a decimal number, e.g. 1.08.") from None
    if not value.is_finite() or value <= 0 or value >= MAX_RATE:
        raise InvalidExchangeRate(f"The rate must be above 0 and below {MAX_RATE:,}.")
    if value.as_tuple().exponent < -RATE_PLACES:  # type: ignore[operator]
        raise InvalidExchangeRate(f"Use at most {RATE_PLACES} decimal places.")
    return value


@dataclass(frozen=True, kw_only=True)
class ExchangeRate:
    """What one major unit of ``currency`` is worth in ``REFERENCE_CURRENCY``."""

    currency: str
    rate: Decimal
    updated_at: datetime
    updated_by: UUID | None = None


def convert(amount: int, source: ExchangeRate, target: ExchangeRate) -> int:
    """``amount`` minor units of ``source.currency`` in minor units of ``target.currency``,
    rounded half to even (an approximation for display and comparison only)."""
    if source.currency == target.currency:
        return amount
    value = (Decimal(amount) * source.rate * minor_per_major(target.currency)
             / (target.rate * minor_per_major(source.currency)))
    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))
