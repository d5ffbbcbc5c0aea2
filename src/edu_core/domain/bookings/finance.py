"""The platform's books per month and currency (S35), for administrators: what students paid,
what went back, what the platform kept, what mentors were paid and what is still owed to them.

Every figure is a sum of ledger entries (``domain.bookings.ledger``), so the report reconciles
with the books by construction:

- ``gross``: payments received (the gateway account's debits of ``payment`` postings);
- ``refunds``: money returned to students (its credits of ``refund`` postings);
- ``reversals``: money recovered from mentors after a payout (``transfer_reversal`` postings);
- ``commission``: the platform's share of the month's payments; ``commission_refunded``: what
  refunds took back of it;
- ``gateway_fees``: what the gateway kept, where it reported it;
- ``net_revenue``: commission less what refunds took back, less gateway fees;
- ``payouts``: paid out to mentors;
- ``payables_pending`` / ``payables_available``: owed to mentors at the end of the month (the
  mentor accounts' balances), before and after the complaint window.

Months are calendar months in UTC.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from edu_core.domain.bookings.ledger import AccountKind, PostingKind
from edu_core.domain.errors import DomainError

DEFAULT_MONTHS = 12
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_LAST_YEAR = 9998  # a period's end is the start of the month after it: still a date
MAX_MONTHS = 36


class InvalidPeriod(DomainError):
    """A report period the caller got wrong (a bad request, not a business rule)."""

    code = "invalid_period"
    default_message = "Give the months as YYYY-MM."


class PeriodReversed(InvalidPeriod):
    code = "period_reversed"
    default_message = "The first month of the period must not come after its last month."


class PeriodTooLong(InvalidPeriod):
    code = "period_too_long"
    default_message = f"A report covers at most {MAX_MONTHS} months."


def month_of(at: datetime) -> str:
    """The UTC calendar month of an instant, as YYYY-MM."""
    return at.astimezone(UTC).strftime("%Y-%m")


def _index(month: str) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    if not _MONTH.fullmatch(month) or not 1 <= int(month[:4]) <= _LAST_YEAR:
        raise InvalidPeriod(details={"month": month})
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _first_instant(index: int) -> datetime:
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    """Whole calendar months from ``first`` to ``last`` (both YYYY-MM, both included)."""

    first: str
    last: str

    @classmethod
    def parse(cls, first: str | None, last: str | None, now: datetime) -> "Period":
        """The caller's months; without ``last`` the current month, without ``first`` the
        twelve months that end with ``last``."""
        end = _index(last) if last else _index(month_of(now))
        start = _index(first) if first else end - DEFAULT_MONTHS + 1
        if start > end:
            raise PeriodReversed()
        if end - start + 1 > MAX_MONTHS:
            raise PeriodTooLong(details={"months": end - start + 1, "max_months": MAX_MONTHS})
        return cls(first=_month(start), last=_month(end))

    @property
    def months(self) -> list[str]:
        return [_month(i) for i in range(_index(self.first), _index(self.last) + 1)]

    @property
    def start(self) -> datetime:
        return _first_instant(_index(self.first))

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return _first_instant(_index(self.last) + 1)


@dataclass(frozen=True)
class Movement:
    """The sum of the entries of one account in the postings of one kind, month and
    currency (debit positive, as in the ledger)."""

    month: str
    currency: str
    kind: PostingKind
    account: AccountKind
    amount: int


@dataclass(frozen=True)
class OpeningBalance:
    """An account kind's balance over every owner, from the postings before a period."""

    currency: str
    account: AccountKind
    amount: int


@dataclass(frozen=True)
class LedgerSummary:
    """What a report needs of the ledger, read at once: the period's movements and the
    mentor accounts' balances when it began."""

    movements: list[Movement]
    opening: list[OpeningBalance]


@dataclass(frozen=True)
class Figures:
    currency: str
    gross: int = 0
    refunds: int = 0
    reversals: int = 0
    commission: int = 0
    commission_refunded: int = 0
    gateway_fees: int = 0
    payouts: int = 0
    payables_pending: int = 0
    payables_available: int = 0

    @property
    def net_revenue(self) -> int:
        return self.commission - self.commission_refunded - self.gateway_fees

    @property
    def open_payables(self) -> int:
        return self.payables_pending + self.payables_available


@dataclass(frozen=True)
class MonthFigures:
    month: str
    figures: Figures


@dataclass(frozen=True)
class TopMentor:
    mentor_id: UUID
    display_name: str
    currency: str
    gross: int  # what students paid for the mentor's sessions in the period
    refunds: int  # what went back of payments for them in the period
    sessions: int  # sessions paid for in the period


@dataclass(frozen=True)
class DisputeCounts:
    opened: int  # problems reported in the period
    settled: int  # disputes an admin decided in the period
    open: int  # of those reported in the period, still waiting for a decision


# Which (posting kind, account) sums make each flow, and with which sign.
_FLOWS: dict[tuple[PostingKind, AccountKind], tuple[str, int]] = {
    (PostingKind.PAYMENT, AccountKind.GATEWAY): ("gross", 1),
    (PostingKind.REFUND, AccountKind.GATEWAY): ("refunds", -1),
    (PostingKind.TRANSFER_REVERSAL, AccountKind.GATEWAY): ("reversals", 1),
    (PostingKind.PAYMENT, AccountKind.COMMISSION): ("commission", -1),
    (PostingKind.REFUND, AccountKind.COMMISSION): ("commission_refunded", 1),
    (PostingKind.GATEWAY_FEE, AccountKind.GATEWAY_FEES): ("gateway_fees", 1),
    (PostingKind.PAYOUT, AccountKind.MENTOR_AVAILABLE): ("payouts", 1),
}
# The mentor accounts are liabilities: a credit balance is what the platform owes.
_OWED = {AccountKind.MENTOR_PENDING: "payables_pending",
         AccountKind.MENTOR_AVAILABLE: "payables_available"}


def monthly_figures(period: Period, summary: LedgerSummary) -> list[MonthFigures]:
    """Each month of the period for each currency on the books (in the period, or owing
    mentors when it began), months in order within each currency, currencies sorted."""
    flows: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    owed_change: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    owed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    currencies: set[str] = set()
    for balance in summary.opening:
        if balance.account in _OWED and balance.amount:
            owed[balance.currency][_OWED[balance.account]] -= balance.amount
            currencies.add(balance.currency)
    for movement in summary.movements:
        currencies.add(movement.currency)
        key = (movement.month, movement.currency)
        flow = _FLOWS.get((movement.kind, movement.account))
        if flow is not None:
            name, sign = flow
            flows[key][name] += sign * movement.amount
        if movement.account in _OWED:
            owed_change[key][_OWED[movement.account]] -= movement.amount
    found = []
    for currency in sorted(currencies):
        running = owed[currency]
        for month in period.months:
            for name, change in owed_change[month, currency].items():
                running[name] += change
            found.append(MonthFigures(month=month, figures=Figures(
                currency=currency, **flows[month, currency], **running)))
    return found


def totals(months: Iterable[MonthFigures]) -> list[Figures]:
    """Per currency: the flows summed over the months, the payables at the last month's end."""
    by_currency: dict[str, list[Figures]] = defaultdict(list)
    for row in months:
        by_currency[row.figures.currency].append(row.figures)
    found = []
    for currency, rows in sorted(by_currency.items()):
        last = rows[-1]
        found.append(Figures(
            currency=currency, gross=sum(r.gross for r in rows),
            refunds=sum(r.refunds for r in rows), reversals=sum(r.reversals for r in rows),
            commission=sum(r.commission for r in rows),
            commission_refunded=sum(r.commission_refunded for r in rows),
            gateway_fees=sum(r.gateway_fees for r in rows),
            payouts=sum(r.payouts for r in rows), payables_pending=last.payables_pending,
            payables_available=last.payables_available))
    return found
