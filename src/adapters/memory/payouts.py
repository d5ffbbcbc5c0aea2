"""In-memory payout accounts and transfers, staged until commit, plus a fake of the gateway's
payout accounts for unit tests."""

import copy
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from adapters.pending_events import PendingEvents
from edu_core.domain.bookings.ledger import AccountKind, Posting, PostingKind
from edu_core.domain.bookings.payouts import (
    AccountStatus,
    MentorTransfer,
    PayoutAccount,
    PayoutAccountState,
    PayoutAccountTaken,
    TransferRecorded,
)
from edu_core.ports.payout_accounts import AccountRequest


@dataclass
class PayoutData:
    accounts: dict[UUID, PayoutAccount] = field(default_factory=dict)
    transfers: dict[tuple[UUID, int], MentorTransfer] = field(default_factory=dict)


class MemoryPayoutAccountRepository:
    def __init__(self, data: PayoutData, events: PendingEvents) -> None:
        self._data = data
        self._events = events
        self.staged: dict[UUID, PayoutAccount] = {}

    def _all(self) -> dict[UUID, PayoutAccount]:
        return {**self._data.accounts, **self.staged}

    async def get(self, mentor_id: UUID) -> PayoutAccount | None:
        found = self._all().get(mentor_id)
        return copy.deepcopy(found)

    async def by_ref(self, account_ref: str) -> PayoutAccount | None:
        return copy.deepcopy(next((x for x in self._all().values()
                                   if x.account_ref == account_ref), None))

    async def save(self, account: PayoutAccount) -> None:
        if any(x.account_ref == account.account_ref and x.mentor_id != account.mentor_id
               for x in self._all().values()):
            raise PayoutAccountTaken()
        self._events.take_from(account)
        self.staged[account.mentor_id] = copy.deepcopy(account)

    def apply(self) -> None:
        self._data.accounts.update(self.staged)


class MemoryTransferRepository:
    def __init__(self, data: PayoutData, postings: list[Posting]) -> None:
        self._data = data
        self._postings = postings
        self.staged: dict[tuple[UUID, int], MentorTransfer] = {}
        self._sent: dict[tuple[UUID, int], tuple[str, datetime]] = {}

    def _all(self) -> dict[tuple[UUID, int], MentorTransfer]:
        found = {**self._data.transfers, **self.staged}
        for key, (ref, at) in self._sent.items():
            if key in found and found[key].ref is None:
                found[key] = _sent(found[key], ref, at)
        return found

    def add(self, record: MentorTransfer) -> None:
        self.staged[record.session_id, record.number] = record

    async def of_session(self, session_id: UUID) -> list[MentorTransfer]:
        return sorted((r for r in self._all().values() if r.session_id == session_id),
                      key=lambda r: r.number)

    async def mark_sent(self, session_id: UUID, number: int, ref: str, at: datetime) -> None:
        if (session_id, number) in self._all():
            self._sent.setdefault((session_id, number), (ref, at))

    async def awaiting(self, mentor_id: UUID | None = None, *,
                       limit: int = 500) -> list[UUID]:
        available: dict[UUID, int] = {}
        released: set[UUID] = set()
        for posting in self._postings:
            if posting.session_id is None:
                continue
            for entry in posting.entries:
                if entry.account.kind is AccountKind.MENTOR_AVAILABLE and (
                        mentor_id is None or entry.account.owner == mentor_id):
                    available[posting.session_id] = \
                        available.get(posting.session_id, 0) + entry.amount
                    if posting.kind is PostingKind.RELEASE:
                        released.add(posting.session_id)
        found = {s for s, total in available.items() if total < 0 and s in released}
        found |= {r.session_id for r in self._all().values() if r.sent_at is None
                  and (mentor_id is None or r.mentor_id == mentor_id)}
        return sorted(found, key=str)[:limit]

    def check_commit(self) -> None:
        """What the primary key refuses: one record per session and number."""
        if any(key in self._data.transfers for key in self.staged):
            raise TransferRecorded()

    def apply(self) -> None:
        self._data.transfers.update(self.staged)
        for key, (ref, at) in self._sent.items():
            stored = self._data.transfers.get(key)
            if stored is not None and stored.ref is None:
                self._data.transfers[key] = _sent(stored, ref, at)


def _sent(record: MentorTransfer, ref: str, at: datetime) -> MentorTransfer:
    return MentorTransfer(session_id=record.session_id, number=record.number,
                          mentor_id=record.mentor_id, destination=record.destination,
                          amount=record.amount, currency=record.currency,
                          created_at=record.created_at, ref=ref, sent_at=at)


@dataclass
class FakePayoutAccounts:
    """The gateway's side of payout accounts for unit tests: accounts opened once per key,
    their state set by the test (``set_status``), and a way to fail on demand."""

    name: str = "fake"
    down: bool = False
    opened: dict[str, AccountRequest] = field(default_factory=dict)  # ref -> request
    statuses: dict[str, AccountStatus] = field(default_factory=dict)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    _by_key: dict[str, str] = field(default_factory=dict)

    async def open_account(self, request: AccountRequest, *, idempotency_key: str) -> str:
        if self.down:
            raise ConnectionError("gateway unreachable")
        if idempotency_key not in self._by_key:
            ref = self._by_key[idempotency_key] = f"acct_fake_{len(self.opened) + 1}"
            self.opened[ref] = request
            self.statuses[ref] = AccountStatus(state=PayoutAccountState.ONBOARDING)
        return self._by_key[idempotency_key]

    async def onboarding_url(self, account_ref: str, *, return_url: str,
                             refresh_url: str) -> str:
        if self.down:
            raise ConnectionError("gateway unreachable")
        self.links.append((account_ref, return_url, refresh_url))
        return f"https://connect.example/onboard/{account_ref}/{len(self.links)}"

    async def account_status(self, account_ref: str) -> AccountStatus:
        if self.down:
            raise ConnectionError("gateway unreachable")
        return self.statuses[account_ref]

    def set_status(self, account_ref: str, state: PayoutAccountState,
                   reason: str | None = None) -> None:
        self.statuses[account_ref] = AccountStatus(state=state, reason=reason)
