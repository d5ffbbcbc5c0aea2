"""A mentor's earnings and payouts, read from the ledger only, so every figure reconciles with
the books: pending and available are the mentor accounts' balances, paid the sum of payouts;
each session's gross, commission, refunds and net come from the postings naming it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from uuid import UUID

from edu_core.domain.bookings import ledger
from edu_core.domain.bookings.ledger import AccountKind, Posting, PostingKind


class ShareStatus(Enum):
    PENDING = "pending"  # the session's outcome or its complaint window is still open
    AVAILABLE = "available"  # released: payable to the mentor
    NONE = "none"  # nothing left for the mentor (refunded in full)


@dataclass(frozen=True)
class Balance:
    currency: str
    pending: int
    available: int
    paid: int


@dataclass(frozen=True)
class SessionMoney:
    session_id: UUID
    currency: str
    gross: int  # what the student paid
    commission: int  # the platform's share, net of what refunds gave back
    refunds: int
    net: int  # the mentor's share after refunds
    share: ShareStatus


@dataclass(frozen=True)
class Payout:
    id: UUID
    mentor_id: UUID
    currency: str
    amount: int
    at: datetime


def balances(postings: Iterable[Posting], mentor_id: UUID) -> list[Balance]:
    """The mentor's pending, available and paid totals, one line per currency."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for posting in postings:
        for entry in posting.entries:
            if entry.account.owner != mentor_id:
                continue
            line = totals[posting.currency]
            if entry.account.kind is AccountKind.MENTOR_PENDING:
                line[0] -= entry.amount
            else:
                line[1] -= entry.amount
                # Paid: payouts, less what reversals of transfers took back.
                if posting.kind in (PostingKind.PAYOUT, PostingKind.TRANSFER_REVERSAL):
                    line[2] += entry.amount
    return [Balance(currency, *line) for currency, line in sorted(totals.items())]


def session_money(postings: Iterable[Posting], mentor_id: UUID) -> dict[UUID, SessionMoney]:
    """Each of the mentor's sessions, and each group-session seat, with money on the books,
    from its own postings (keyed by the session's or the seat's id)."""
    by_session: dict[UUID, list[Posting]] = defaultdict(list)
    for posting in postings:
        # Transfers and their reversals pay the share out; they do not change what it is.
        owner = posting.session_id or posting.seat_id
        if owner is not None and posting.kind not in (
                PostingKind.PAYOUT, PostingKind.TRANSFER_REVERSAL):
            by_session[owner].append(posting)
    found: dict[UUID, SessionMoney] = {}
    for session_id, mine in by_session.items():
        gross = refunds = commission = net = 0
        released = False
        for posting in mine:
            for entry in posting.entries:
                if entry.account == ledger.GATEWAY:
                    if posting.kind is PostingKind.PAYMENT:
                        gross += entry.amount
                    elif posting.kind is PostingKind.REFUND:
                        refunds -= entry.amount
                elif entry.account == ledger.COMMISSION:
                    commission -= entry.amount
                elif entry.account.owner == mentor_id and posting.kind is not \
                        PostingKind.RELEASE:
                    net -= entry.amount
            released = released or posting.kind is PostingKind.RELEASE
        share = ShareStatus.NONE if net <= 0 else (
            ShareStatus.AVAILABLE if released else ShareStatus.PENDING)
        found[session_id] = SessionMoney(session_id=session_id, currency=mine[0].currency,
                                         gross=gross, commission=commission, refunds=refunds,
                                         net=net, share=share)
    return found


def payouts(postings: Iterable[Posting]) -> list[Payout]:
    """Payout postings as payouts (to whom, how much), latest first."""
    found = []
    for posting in postings:
        if posting.kind is not PostingKind.PAYOUT:
            continue
        mentor = next(e.account.owner for e in posting.entries if e.account.owner is not None)
        found.append(Payout(id=posting.id, mentor_id=mentor, currency=posting.currency,
                            amount=-sum(e.amount for e in posting.entries
                                        if e.account == ledger.GATEWAY), at=posting.at))
    return sorted(found, key=lambda p: (p.at, str(p.id)), reverse=True)


def payable(postings: Iterable[Posting]) -> list[tuple[UUID, str, int]]:
    """Every mentor's available balance above zero, per currency: what a payout run pays."""
    totals: dict[tuple[UUID, str], int] = defaultdict(int)
    for posting in postings:
        for entry in posting.entries:
            if entry.account.kind is AccountKind.MENTOR_AVAILABLE and \
                    entry.account.owner is not None:
                totals[entry.account.owner, posting.currency] -= entry.amount
    return sorted(((m, c, amount) for (m, c), amount in totals.items() if amount > 0),
                  key=lambda row: (str(row[0]), row[1]))
