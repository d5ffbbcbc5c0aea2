"""A mentor's earnings (S10) and the payouts that settle them (S12): figures read from the
ledger alone, and a payout run that pays every available balance once.

On the test gateway a payout run is the admin's "mark paid": one ``payout`` posting per
mentor and currency, all at the run's instant (which names the batch), and an audit entry.
Runs are serialised and read the balances after the previous one committed, so a second run
finds nothing left to pay. Where the gateway pays out by transfer (Stripe, see
``application.payouts``) there are no runs: each session's share goes on its own.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import groupby
from uuid import UUID

from edu_core.application.actors import Actor, Principal
from edu_core.domain.audit import AuditEntry
from edu_core.domain.bookings import ledger
from edu_core.domain.bookings.earnings import (
    Balance,
    Payout,
    SessionMoney,
    balances,
    payable,
    payouts,
    session_money,
)
from edu_core.domain.bookings.group import SeatStatus
from edu_core.domain.bookings.ledger import PostingKind
from edu_core.domain.bookings.session import SessionStatus
from edu_core.domain.errors import Conflict, InvalidInput, PermissionDenied
from edu_core.domain.identity import Role
from edu_core.domain.money import minor_digits
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.payments import PayoutMethod
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class InvalidMonth(InvalidInput):
    code = "invalid_month"
    default_message = "Give the month as YYYY-MM."


class EarningKind(StrEnum):
    SESSION = "session"  # a one-to-one session
    GROUP_SEAT = "group_seat"  # a paid seat of a completed group session


@dataclass(frozen=True)
class SessionEarning:
    session_id: UUID  # the one-to-one session's, or the seat's
    starts_at: datetime
    minutes: int
    status: SessionStatus
    money: SessionMoney
    student_name: str  # as the mentor's booking mails name them ("Deleted user" once erased)
    kind: EarningKind = EarningKind.SESSION
    group_session_id: UUID | None = None  # a seat's session


@dataclass(frozen=True)
class MonthTotal:
    currency: str
    gross: int
    commission: int
    refunds: int
    net: int


@dataclass(frozen=True)
class EarningsReport:
    month: str  # YYYY-MM, in UTC
    balances: list[Balance]  # all time, per currency
    sessions: list[SessionEarning]  # those that started in the month
    totals: list[MonthTotal]  # of those sessions, per currency
    payouts: list[Payout]  # all time, latest first
    generated_at: datetime


@dataclass(frozen=True)
class PayoutBatch:
    at: datetime  # the run's instant: every payout of the batch was posted then
    payouts: list[Payout]
    # The paid mentors' display names, where the caller shows them (administrators).
    mentor_names: dict[UUID, str] = field(default_factory=dict)


def month_range(month: str) -> tuple[datetime, datetime]:
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise InvalidMonth() from None
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 \
        else start.replace(month=start.month + 1)
    return start, end


def format_amount(minor: int, currency: str) -> str:
    """Minor units in the currency's major unit, as plain digits ("12.50", JPY "1250")."""
    digits = minor_digits(currency)
    sign = "-" if minor < 0 else ""
    whole, part = divmod(abs(minor), 10 ** digits)
    return f"{sign}{whole}.{part:0{digits}d}" if digits else f"{sign}{whole}"


CSV_HEADER = ["session_id", "starts_at_utc", "minutes", "session_status", "currency", "gross",
              "commission", "refunds", "net", "share", "kind", "group_session_id"]


def report_csv(report: EarningsReport) -> str:
    """The month's sessions, one row each, then a total row per currency (amounts in the
    currency's major unit; the csv module quotes whatever needs it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in report.sessions:
        m = row.money
        writer.writerow([row.session_id, row.starts_at.astimezone(UTC).isoformat(),
                         row.minutes, row.status.value, m.currency,
                         *(format_amount(x, m.currency) for x in (m.gross, m.commission, m.refunds,
                                                             m.net)), m.share.value,
                         row.kind.value, row.group_session_id or ""])
    for total in report.totals:
        writer.writerow([f"total {report.month}", "", "", "", total.currency,
                         *(format_amount(x, total.currency) for x in (
                             total.gross, total.commission, total.refunds, total.net)), "",
                         "", ""])
    return out.getvalue()


class PayoutsByTransfer(Conflict):
    code = "payouts_by_transfer"
    default_message = ("Mentors are paid by transfer to their payout accounts as each "
                       "session's share becomes available; there is no payout batch to run.")


class EarningsService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock,
                 payouts: PayoutMethod = PayoutMethod.BATCHES) -> None:
        self._uow = uow
        self._clock = clock
        self._payouts = payouts

    async def report(self, principal: Principal, month: str | None = None) -> EarningsReport:
        if principal.role is not Role.MENTOR:
            raise PermissionDenied("Only mentors have earnings.")
        now = self._clock.now()
        month = month or now.astimezone(UTC).strftime("%Y-%m")
        start, end = month_range(month)
        async with self._uow() as uow:
            postings = await uow.ledger.postings(mentor_id=principal.user_id)
            sessions = await uow.bookings.paid_of_mentor(principal.user_id, start, end)
            groups = await uow.group_sessions.completed_of_mentor(principal.user_id, start,
                                                                  end)
            seats = [(group, seat) for group in groups for seat in group.seats
                     # A seat whose hold lapsed was never the mentor's, paid late or not.
                     if seat.paid and seat.status is not SeatStatus.EXPIRED]
            students = await uow.users.get_many({s.student_id for s in sessions}
                                                | {seat.student_id for _, seat in seats})
        money = session_money(postings, principal.user_id)
        names = {uid: user.display_name for uid, user in students.items()}
        rows = [SessionEarning(session_id=s.id, starts_at=s.starts_at, minutes=s.minutes,
                               status=s.status, money=money[s.id],
                               student_name=names.get(s.student_id, ""))
                for s in sessions if s.id in money]
        rows += [SessionEarning(session_id=seat.id, starts_at=group.starts_at,
                                minutes=group.minutes, status=SessionStatus.COMPLETED,
                                money=money[seat.id],
                                student_name=names.get(seat.student_id, ""),
                                kind=EarningKind.GROUP_SEAT, group_session_id=group.id)
                 for group, seat in seats if seat.id in money]
        rows.sort(key=lambda r: r.starts_at)  # stable: each kind keeps its own order
        totals = []
        for currency, group in groupby(sorted((r.money for r in rows),
                                              key=lambda m: m.currency),
                                       key=lambda m: m.currency):
            items = list(group)
            totals.append(MonthTotal(currency=currency, gross=sum(m.gross for m in items),
                                     commission=sum(m.commission for m in items),
                                     refunds=sum(m.refunds for m in items),
                                     net=sum(m.net for m in items)))
        return EarningsReport(month=month, balances=balances(postings, principal.user_id),
                              sessions=rows, totals=totals, payouts=payouts(postings),
                              generated_at=now)

    async def run_payouts(self, actor: Actor) -> PayoutBatch:
        """Pays every mentor's available balance, per currency, and audits the batch; an
        empty batch (nothing available) posts and records nothing."""
        if self._payouts is not PayoutMethod.BATCHES:
            # Marking balances paid would pay the transfers' money a second time.
            raise PayoutsByTransfer()
        async with self._uow() as uow:
            await uow.ledger.lock_payouts()
            now = self._clock.now()
            due = payable(await uow.ledger.postings())
            for mentor_id, currency, amount in due:
                uow.ledger.post(ledger.payout(mentor_id=mentor_id, amount=amount,
                                              currency=currency, at=now))
            if due:
                uow.audit.record(AuditEntry(
                    actor_id=actor.user_id, action="payouts.run", target_type="payout_batch",
                    target_id=now.isoformat(), occurred_at=now, details={
                        "actor": actor.label, "payouts": len(due),
                        "totals": _totals_by_currency(due)}))
            paid = payouts(await uow.ledger.postings(kind=PostingKind.PAYOUT))
            await uow.commit()
        return PayoutBatch(at=now, payouts=[p for p in paid if p.at == now])

    async def run_batch(self, principal: Principal) -> PayoutBatch:
        """An administrator's payout run (the same as ``edu payouts run``), with the paid
        mentors' names."""
        if not principal.is_admin:
            raise PermissionDenied("Only administrators pay mentors out.")
        batch = await self.run_payouts(Actor.of(principal))
        async with self._uow() as uow:
            [named] = await _named(uow, [batch])
        return named

    async def batches(self, principal: Principal, page: PageRequest) -> Page[PayoutBatch]:
        """Payout batches, the latest first."""
        if not principal.is_admin:
            raise PermissionDenied("Only administrators see payout batches.")
        async with self._uow() as uow:
            paid = payouts(await uow.ledger.postings(kind=PostingKind.PAYOUT))
            found = [PayoutBatch(at=at, payouts=list(group))
                     for at, group in groupby(paid, key=lambda p: p.at)]
            shown = await _named(uow, found[page.offset:page.offset + page.page_size])
        return Page(items=shown, total=len(found), page=page.page, page_size=page.page_size)


async def _named(uow: UnitOfWork, batches: list[PayoutBatch]) -> list[PayoutBatch]:
    """The batches with their mentors' names (one read for them all)."""
    people = await uow.users.get_many({p.mentor_id for b in batches for p in b.payouts})
    return [PayoutBatch(at=b.at, payouts=b.payouts, mentor_names={
        p.mentor_id: people[p.mentor_id].display_name for p in b.payouts
        if p.mentor_id in people}) for b in batches]


def _totals_by_currency(due: list[tuple[UUID, str, int]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for _, currency, amount in due:
        totals[currency] = totals.get(currency, 0) + amount
    return totals

