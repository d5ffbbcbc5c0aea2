"""A mentor's booking terms (S22): what a session costs, the cancellation policy, the trial
lesson and the daily limit.

Prices are integers in the currency's minor unit (see :mod:`edu_core.domain.money`); a session
of ``minutes`` at an hourly rate costs ``rate * minutes / 60``, rounded half to even, so that
two lengths of one rate never differ by a stray cent from what the student saw.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum

from edu_core.domain.errors import InvalidInput

MAX_FREE_CANCELLATION_HOURS = 14 * 24
MAX_SESSIONS_PER_DAY = 24
TRIAL_MINUTES = (15, 30, 45, 60)


class InvalidBookingPolicy(InvalidInput):
    code = "invalid_booking_policy"
    default_message = "Some booking terms are out of range."


class CancelledBy(Enum):
    STUDENT = "student"
    MENTOR = "mentor"
    ADMIN = "admin"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def session_price(hourly_rate: int, minutes: int, *, percent: int = 100) -> int:
    """The price of ``minutes`` at ``hourly_rate`` (minor units), at ``percent`` of it."""
    exact = Decimal(hourly_rate) * minutes * percent / (60 * 100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@dataclass(frozen=True, kw_only=True)
class CancellationPolicy:
    """Free until ``free_until_hours`` before the start; later, ``late_refund_percent`` of the
    price comes back; once the session has started it can no longer be cancelled (a problem
    with it is reported instead). A mentor's (or an admin's) cancellation always refunds all."""

    free_until_hours: int = 24
    late_refund_percent: int = 50

    def __post_init__(self) -> None:
        problems: dict[str, str] = {}
        if not _is_int(self.free_until_hours) or \
                not 0 <= self.free_until_hours <= MAX_FREE_CANCELLATION_HOURS:
            problems["free_until_hours"] = f"Use 0 to {MAX_FREE_CANCELLATION_HOURS} hours."
        if not _is_int(self.late_refund_percent) or not 0 <= self.late_refund_percent <= 100:
            problems["late_refund_percent"] = "Use 0 to 100 percent."
        if problems:
            raise InvalidBookingPolicy(details={"fields": problems})

    def free_until(self, starts_at: datetime) -> datetime:
        return starts_at - timedelta(hours=self.free_until_hours)

    def refund_percent(self, *, starts_at: datetime, at: datetime, by: CancelledBy) -> int:
        """The share of the price refunded for a cancellation at ``at`` (before the start)."""
        if by is not CancelledBy.STUDENT or at <= self.free_until(starts_at):
            return 100
        return self.late_refund_percent

    def refund(self, paid: int, *, starts_at: datetime, at: datetime, by: CancelledBy) -> int:
        """Minor units back for a cancellation; rounded down, so never more than was paid."""
        return paid * self.refund_percent(starts_at=starts_at, at=at, by=by) // 100


@dataclass(frozen=True, kw_only=True)
class TrialOffer:
    """A first session with a mentor, shorter and cheaper, once per student and mentor."""

    minutes: int = 30
    price_percent: int = 50

    def __post_init__(self) -> None:
        problems: dict[str, str] = {}
        if self.minutes not in TRIAL_MINUTES:
            problems["trial_minutes"] = f"Use one of {', '.join(map(str, TRIAL_MINUTES))}."
        if not _is_int(self.price_percent) or not 0 <= self.price_percent <= 100:
            problems["trial_price_percent"] = "Use 0 to 100 percent."
        if problems:
            raise InvalidBookingPolicy(details={"fields": problems})


@dataclass(frozen=True, kw_only=True)
class BookingPolicy:
    cancellation: CancellationPolicy = CancellationPolicy()
    trial: TrialOffer | None = None
    max_sessions_per_day: int = 8

    def __post_init__(self) -> None:
        if not _is_int(self.max_sessions_per_day) or \
                not 1 <= self.max_sessions_per_day <= MAX_SESSIONS_PER_DAY:
            raise InvalidBookingPolicy(details={"fields": {
                "max_sessions_per_day": f"Use 1 to {MAX_SESSIONS_PER_DAY}."}})

    def quote(self, *, hourly_rate: int, minutes: int, trial: bool) -> int:
        """The price of a session; ``trial`` only where the mentor offers one (the caller
        checks it is the pair's first)."""
        if trial:
            if self.trial is None:
                raise InvalidBookingPolicy("This mentor does not offer a trial lesson.")
            return session_price(hourly_rate, self.trial.minutes,
                                 percent=self.trial.price_percent)
        return session_price(hourly_rate, minutes)
