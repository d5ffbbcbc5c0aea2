"""Postgres repositories of mentors' payout accounts and of the transfers to them."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, and_, func, insert, select, union, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.tables import (
    ledger_entries,
    ledger_postings,
    payout_accounts,
    payout_transfers,
)
from adapters.pending_events import PendingEvents
from edu_core.domain.bookings.ledger import AccountKind, PostingKind
from edu_core.domain.bookings.payouts import (
    MentorTransfer,
    PayoutAccount,
    PayoutAccountState,
    PayoutAccountTaken,
)

a = payout_accounts.c
t = payout_transfers.c


def _account(row: RowMapping) -> PayoutAccount:
    return PayoutAccount(mentor_id=row["mentor_id"], gateway=row["gateway"],
                         account_ref=row["account_ref"], state=PayoutAccountState(row["state"]),
                         reason=row["reason"], updated_at=row["updated_at"])


class PostgresPayoutAccountRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events

    async def get(self, mentor_id: UUID) -> PayoutAccount | None:
        row = (await self._s.execute(select(payout_accounts).where(
            a.mentor_id == mentor_id))).mappings().first()
        return None if row is None else _account(row)

    async def by_ref(self, account_ref: str) -> PayoutAccount | None:
        row = (await self._s.execute(select(payout_accounts).where(
            a.account_ref == account_ref).with_for_update())).mappings().first()
        return None if row is None else _account(row)

    async def save(self, account: PayoutAccount) -> None:
        # The unique index decides races; this names the ordinary case.
        owner = (await self._s.execute(select(a.mentor_id).where(
            a.account_ref == account.account_ref))).scalar_one_or_none()
        if owner is not None and owner != account.mentor_id:
            raise PayoutAccountTaken()
        values = {"gateway": account.gateway, "account_ref": account.account_ref,
                  "state": account.state.value, "reason": account.reason,
                  "updated_at": account.updated_at}
        await self._s.execute(pg_insert(payout_accounts).values(
            mentor_id=account.mentor_id, **values).on_conflict_do_update(
            index_elements=[a.mentor_id], set_=values))
        self._pending.take_from(account)


def _transfer(row: RowMapping) -> MentorTransfer:
    return MentorTransfer(session_id=row["session_id"], number=row["number"],
                          mentor_id=row["mentor_id"], destination=row["destination"],
                          amount=row["amount"], currency=row["currency"], ref=row["ref"],
                          created_at=row["created_at"], sent_at=row["sent_at"])


class PostgresTransferRepository:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._staged: list[MentorTransfer] = []

    def add(self, record: MentorTransfer) -> None:
        self._staged.append(record)

    async def of_session(self, session_id: UUID) -> list[MentorTransfer]:
        rows = (await self._s.execute(select(payout_transfers).where(
            t.session_id == session_id).order_by(t.number))).mappings()
        stored = [_transfer(r) for r in rows]
        staged = [r for r in self._staged if r.session_id == session_id]
        return sorted(stored + staged, key=lambda r: r.number)

    async def mark_sent(self, session_id: UUID, number: int, ref: str, at: datetime) -> None:
        await self._s.execute(update(payout_transfers).where(
            t.session_id == session_id, t.number == number, t.ref.is_(None)).values(
            ref=ref, sent_at=at))

    async def awaiting(self, mentor_id: UUID | None = None, *,
                       limit: int = 500) -> list[UUID]:
        p, e = ledger_postings.c, ledger_entries.c
        conditions = [e.account == AccountKind.MENTOR_AVAILABLE.value,
                      p.session_id.is_not(None)]
        if mentor_id is not None:
            conditions.append(e.owner_id == mentor_id)
        # Released, with part of the share still available (credits are negative).
        available = (select(p.session_id.label("session_id"))
                     .select_from(ledger_postings.join(ledger_entries,
                                                       e.posting_id == p.id))
                     .where(and_(*conditions)).group_by(p.session_id)
                     .having(and_(func.sum(e.amount) < 0,
                                  func.bool_or(p.kind == PostingKind.RELEASE.value))))
        unsent = select(t.session_id.label("session_id")).where(t.sent_at.is_(None))
        if mentor_id is not None:
            unsent = unsent.where(t.mentor_id == mentor_id)
        found = union(available, unsent).subquery()
        rows = await self._s.execute(select(found.c.session_id).order_by(
            found.c.session_id).limit(limit))
        return [r.session_id for r in rows]

    async def flush(self) -> None:
        if self._staged:
            await self._s.execute(insert(payout_transfers), [
                {"session_id": r.session_id, "number": r.number, "mentor_id": r.mentor_id,
                 "destination": r.destination, "amount": r.amount, "currency": r.currency,
                 "ref": r.ref, "created_at": r.created_at, "sent_at": r.sent_at}
                for r in self._staged])
        self._staged.clear()
