"""The money books of booked sessions: double entry, in minor units, one currency per posting.

Amounts are signed: a debit is positive, a credit negative, and the entries of every posting
sum to zero, so the books balance after each one by construction. Accounts:

- ``gateway``: the platform's money at the payment gateway (asset);
- ``commission``: the platform's share of prices (revenue);
- ``gateway_fees``: what the gateway kept (expense);
- ``mentor_pending`` / ``mentor_available`` per mentor: owed to the mentor, before and after
  the session's complaint window (liabilities); a payout settles ``mentor_available``.

A refund takes back commission and the mentor's share in the proportion the payment split
them, so a full refund leaves both at zero.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum
from uuid import UUID, uuid4

from edu_core.domain.errors import InvalidInput

DEFAULT_COMMISSION_BP = 1500  # 15 %, in basis points


class UnbalancedPosting(InvalidInput):
    code = "unbalanced_posting"
    default_message = "A posting's debits and credits must cancel out."


class AccountKind(Enum):
    GATEWAY = "gateway"
    COMMISSION = "commission"
    GATEWAY_FEES = "gateway_fees"
    MENTOR_PENDING = "mentor_pending"
    MENTOR_AVAILABLE = "mentor_available"


MENTOR_ACCOUNTS = frozenset({AccountKind.MENTOR_PENDING, AccountKind.MENTOR_AVAILABLE})


@dataclass(frozen=True)
class Account:
    kind: AccountKind
    owner: UUID | None = None  # the mentor, for the mentor accounts

    def __post_init__(self) -> None:
        if (self.kind in MENTOR_ACCOUNTS) != (self.owner is not None):
            raise ValueError("mentor accounts, and only they, belong to a mentor")


GATEWAY = Account(AccountKind.GATEWAY)
COMMISSION = Account(AccountKind.COMMISSION)
GATEWAY_FEES = Account(AccountKind.GATEWAY_FEES)


def pending(mentor_id: UUID) -> Account:
    return Account(AccountKind.MENTOR_PENDING, mentor_id)


def available(mentor_id: UUID) -> Account:
    return Account(AccountKind.MENTOR_AVAILABLE, mentor_id)


class PostingKind(Enum):
    PAYMENT = "payment"
    GATEWAY_FEE = "gateway_fee"
    REFUND = "refund"
    RELEASE = "release"
    PAYOUT = "payout"
    TRANSFER_REVERSAL = "transfer_reversal"


@dataclass(frozen=True)
class Entry:
    account: Account
    amount: int  # debit > 0, credit < 0


@dataclass(frozen=True, kw_only=True)
class Posting:
    kind: PostingKind
    currency: str
    entries: tuple[Entry, ...]
    at: datetime
    session_id: UUID | None = None
    seat_id: UUID | None = None  # a group session's seat, instead of a session
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        if len(self.entries) < 2 or sum(e.amount for e in self.entries) != 0 or any(
                e.amount == 0 or isinstance(e.amount, bool) for e in self.entries):
            raise UnbalancedPosting()


def _post(kind: PostingKind, currency: str, at: datetime, session_id: UUID | None,
          *entries: tuple[Account, int], seat_id: UUID | None = None) -> Posting:
    kept = tuple(Entry(account, amount) for account, amount in entries if amount != 0)
    return Posting(kind=kind, currency=currency, entries=kept, at=at, session_id=session_id,
                   seat_id=seat_id)


def _positive(amount: int, name: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidInput(f"The {name} must be a positive amount.")


def commission_of(gross: int, rate_bp: int = DEFAULT_COMMISSION_BP) -> int:
    if not 0 <= rate_bp <= 10_000:
        raise InvalidInput("The commission is 0 to 100 %.")
    return int((Decimal(gross) * rate_bp / 10_000).quantize(Decimal(1), ROUND_HALF_EVEN))


def payment_received(*, session_id: UUID | None, mentor_id: UUID, gross: int, currency: str,
                     at: datetime, commission_bp: int = DEFAULT_COMMISSION_BP,
                     seat_id: UUID | None = None) -> Posting:
    _positive(gross, "payment")
    commission = commission_of(gross, commission_bp)
    return _post(PostingKind.PAYMENT, currency, at, session_id,
                 (GATEWAY, gross), (COMMISSION, -commission),
                 (pending(mentor_id), commission - gross), seat_id=seat_id)


def gateway_fee(*, session_id: UUID | None, fee: int, currency: str, at: datetime) -> Posting:
    _positive(fee, "fee")
    return _post(PostingKind.GATEWAY_FEE, currency, at, session_id,
                 (GATEWAY_FEES, fee), (GATEWAY, -fee))


def refund(*, session_id: UUID | None, mentor_id: UUID, amount: int, gross: int,
           commission: int, released: bool, currency: str, at: datetime,
           refunded_before: int = 0, seat_id: UUID | None = None) -> Posting:
    """``amount`` of a payment of ``gross`` (of which ``commission`` was the platform's) goes
    back, after ``refunded_before`` of it went back earlier; the mentor's part comes out of
    their pending or, once released, available balance."""
    _positive(amount, "refund")
    if refunded_before < 0 or refunded_before + amount > gross:
        raise InvalidInput("A refund cannot exceed the payment.")
    # The commission's part of everything refunded so far, less what earlier refunds took:
    # rounding each refund alone could hand back a cent more commission than was kept.
    from_commission = _share(commission, refunded_before + amount, gross) - \
        _share(commission, refunded_before, gross)
    mentor = available(mentor_id) if released else pending(mentor_id)
    return _post(PostingKind.REFUND, currency, at, session_id,
                 (GATEWAY, -amount), (COMMISSION, from_commission),
                 (mentor, amount - from_commission), seat_id=seat_id)


def _share(commission: int, refunded: int, gross: int) -> int:
    return int((Decimal(refunded) * commission / gross).quantize(Decimal(1), ROUND_HALF_EVEN))


def release(*, session_id: UUID | None, mentor_id: UUID, net: int, currency: str,
            at: datetime, seat_id: UUID | None = None) -> Posting:
    """The complaint window has passed (a group session's seat: the session completed): the
    mentor's share becomes payable."""
    _positive(net, "released amount")
    return _post(PostingKind.RELEASE, currency, at, session_id,
                 (pending(mentor_id), net), (available(mentor_id), -net), seat_id=seat_id)


def payout(*, mentor_id: UUID, amount: int, currency: str, at: datetime,
           session_id: UUID | None = None) -> Posting:
    _positive(amount, "payout")
    return _post(PostingKind.PAYOUT, currency, at, session_id,
                 (available(mentor_id), amount), (GATEWAY, -amount))


def transfer_reversal(*, session_id: UUID, mentor_id: UUID, amount: int, currency: str,
                      at: datetime) -> Posting:
    """Money paid out to a mentor comes back for a refund after the payout."""
    _positive(amount, "reversal")
    return _post(PostingKind.TRANSFER_REVERSAL, currency, at, session_id,
                 (GATEWAY, amount), (available(mentor_id), -amount))


def balances(postings: Iterable[Posting]) -> dict[tuple[Account, str], int]:
    """Each account's balance per currency (debit positive)."""
    totals: dict[tuple[Account, str], int] = defaultdict(int)
    for posting in postings:
        for entry in posting.entries:
            totals[entry.account, posting.currency] += entry.amount
    return dict(totals)


def owed_to_mentor(postings: Iterable[Posting], mentor_id: UUID, currency: str) -> \
        tuple[int, int]:
    """(pending, available) the platform owes the mentor in ``currency``."""
    totals = balances(postings)
    return (-totals.get((pending(mentor_id), currency), 0),
            -totals.get((available(mentor_id), currency), 0))
