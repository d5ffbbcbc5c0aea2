"""In-memory finance queries over the fake store's committed ledger and sessions, summed as
the SQL adapter sums them."""

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from edu_core.domain.bookings.finance import (
    DisputeCounts,
    LedgerSummary,
    Movement,
    OpeningBalance,
    TopMentor,
    month_of,
)
from edu_core.domain.bookings.ledger import MENTOR_ACCOUNTS, AccountKind, PostingKind
from edu_core.domain.bookings.session import SessionStatus

if TYPE_CHECKING:
    from adapters.memory.unit_of_work import MemoryStore


class MemoryFinanceReports:
    def __init__(self, store: "MemoryStore") -> None:
        self._store = store

    async def ledger_summary(self, start: datetime, end: datetime) -> LedgerSummary:
        moved: dict[tuple[str, str, PostingKind, AccountKind], int] = defaultdict(int)
        before: dict[tuple[str, AccountKind], int] = defaultdict(int)
        for posting in self._store.bookings.postings:
            for entry in posting.entries:
                kind = entry.account.kind
                if start <= posting.at < end:
                    moved[month_of(posting.at), posting.currency, posting.kind, kind] += \
                        entry.amount
                elif posting.at < start and kind in MENTOR_ACCOUNTS:
                    before[posting.currency, kind] += entry.amount
        return LedgerSummary(
            movements=[Movement(month=m, currency=c, kind=k, account=a, amount=amount)
                       for (m, c, k, a), amount in moved.items()],
            opening=[OpeningBalance(currency=c, account=a, amount=amount)
                     for (c, a), amount in before.items()])

    async def top_mentors(self, start: datetime, end: datetime,
                          limit: int) -> list[TopMentor]:
        sessions = self._store.bookings.sessions
        # A seat's postings count for its group session (once however many seats).
        seats = {seat.id: group for group in self._store.bookings.groups.values()
                 for seat in group.seats}
        gross: dict[tuple[UUID, str], int] = defaultdict(int)
        refunds: dict[tuple[UUID, str], int] = defaultdict(int)
        paid: dict[tuple[UUID, str], set[UUID]] = defaultdict(set)
        for posting in self._store.bookings.postings:
            if not start <= posting.at < end or \
                    posting.kind not in (PostingKind.PAYMENT, PostingKind.REFUND):
                continue
            if posting.session_id is not None:
                mentor_id, sold = sessions[posting.session_id].mentor_id, posting.session_id
            elif posting.seat_id is not None:
                mentor_id, sold = seats[posting.seat_id].mentor_id, seats[posting.seat_id].id
            else:
                continue
            key = (mentor_id, posting.currency)
            amount = sum(x.amount for x in posting.entries
                         if x.account.kind is AccountKind.GATEWAY)
            if posting.kind is PostingKind.PAYMENT:
                gross[key] += amount
                paid[key].add(sold)
            else:
                refunds[key] -= amount
        ranked = sorted((key for key, amount in gross.items() if amount > 0),
                        key=lambda k: (k[1], -gross[k], k[0]))
        found: list[TopMentor] = []
        for mentor_id, currency in ranked:
            if sum(1 for m in found if m.currency == currency) >= limit:
                continue
            found.append(TopMentor(
                mentor_id=mentor_id, display_name=self._store.users[mentor_id].display_name,
                currency=currency, gross=gross[mentor_id, currency],
                refunds=refunds[mentor_id, currency],
                sessions=len(paid[mentor_id, currency])))
        return found

    async def disputes(self, start: datetime, end: datetime) -> DisputeCounts:
        opened, settled, still_open = set(), set(), set()
        for session in self._store.bookings.sessions.values():
            for step in session.history:
                if not start <= step.at < end:
                    continue
                if step.to_status is SessionStatus.DISPUTED:
                    opened.add(session.id)
                    if session.status is SessionStatus.DISPUTED:
                        still_open.add(session.id)
                if step.from_status is SessionStatus.DISPUTED:
                    settled.add(session.id)
        return DisputeCounts(opened=len(opened), settled=len(settled), open=len(still_open))
