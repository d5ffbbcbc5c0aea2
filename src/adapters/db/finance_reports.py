"""The finance dashboard's queries in SQL: ledger entries summed per UTC month, currency,
posting kind and account (a range scan of ``ix_ledger_postings_at``), the mentor accounts'
opening balances in the same statement, the mentors who earned most (a window per currency)
and the period's disputes (``ix_session_transitions_disputes``, migration 0022).

Statements are built once with bind parameters (ADR 22)."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    bindparam,
    cast,
    distinct,
    func,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.types import DateTime

from adapters.db.connections import Database
from adapters.db.tables import (
    group_seats,
    group_sessions,
    ledger_entries,
    ledger_postings,
    mentoring_sessions,
    session_transitions,
    users,
)
from edu_core.domain.bookings.finance import (
    DisputeCounts,
    LedgerSummary,
    Movement,
    OpeningBalance,
    TopMentor,
)
from edu_core.domain.bookings.ledger import AccountKind, PostingKind
from edu_core.domain.bookings.session import SessionStatus

p, e, t, s = ledger_postings.c, ledger_entries.c, session_transitions.c, mentoring_sessions.c
_START = bindparam("start", type_=DateTime(timezone=True))
_END = bindparam("end", type_=DateTime(timezone=True))
_BOOKS = ledger_postings.join(ledger_entries, e.posting_id == p.id)
_MENTOR_ACCOUNTS = [AccountKind.MENTOR_PENDING.value, AccountKind.MENTOR_AVAILABLE.value]

_month = func.to_char(func.timezone("UTC", p.at), "YYYY-MM")
# One statement, so the movements and the opening balances are read from one snapshot.
_SUMMARY = union_all(
    select(_month.label("month"), p.currency, p.kind, e.account,
           cast(func.sum(e.amount), BigInteger).label("amount"))
    .select_from(_BOOKS).where(p.at >= _START, p.at < _END)
    .group_by(_month, p.currency, p.kind, e.account),
    select(cast(null(), String).label("month"), p.currency, cast(null(), String).label("kind"),
           e.account, cast(func.sum(e.amount), BigInteger).label("amount"))
    .select_from(_BOOKS).where(p.at < _START, e.account.in_(_MENTOR_ACCOUNTS))
    .group_by(p.currency, e.account),
)

_GATEWAY = and_(e.posting_id == p.id, e.account == AccountKind.GATEWAY.value)
_is_payment = p.kind == PostingKind.PAYMENT.value
_is_refund = p.kind == PostingKind.REFUND.value
seat, group = group_seats.c, group_sessions.c
# A posting concerns a one-to-one session or a group session's seat; a group session counts
# once however many of its seats were paid.
_mentor = func.coalesce(s.mentor_id, group.mentor_id)
_per_mentor = (
    select(_mentor.label("mentor_id"), p.currency,
           func.coalesce(func.sum(e.amount).filter(_is_payment), 0).label("gross"),
           func.coalesce(-func.sum(e.amount).filter(_is_refund), 0).label("refunds"),
           func.count(distinct(func.coalesce(p.session_id, seat.group_session_id)))
           .filter(_is_payment).label("sessions"))
    .select_from(ledger_postings.join(ledger_entries, _GATEWAY)
                 .outerjoin(mentoring_sessions, s.id == p.session_id)
                 .outerjoin(group_seats, seat.id == p.seat_id)
                 .outerjoin(group_sessions, group.id == seat.group_session_id))
    .where(p.kind.in_([PostingKind.PAYMENT.value, PostingKind.REFUND.value]),
           p.at >= _START, p.at < _END, _mentor.is_not(None))
    .group_by(_mentor, p.currency)
    .subquery("per_mentor"))
_ranked = select(
    _per_mentor,
    func.row_number().over(partition_by=_per_mentor.c.currency,
                           order_by=(_per_mentor.c.gross.desc(), _per_mentor.c.mentor_id))
    .label("rank")).where(_per_mentor.c.gross > 0).subquery("ranked")
_TOP = (select(_ranked.c.mentor_id, users.c.display_name, _ranked.c.currency,
               cast(_ranked.c.gross, BigInteger), cast(_ranked.c.refunds, BigInteger),
               _ranked.c.sessions)
        .select_from(_ranked.join(users, users.c.id == _ranked.c.mentor_id))
        .where(_ranked.c.rank <= bindparam("limit", type_=Integer))
        .order_by(_ranked.c.currency, _ranked.c.rank))

_DISPUTED = SessionStatus.DISPUTED.value
_opened = t.to_status == _DISPUTED
_settled = t.from_status == _DISPUTED
_DISPUTES = (
    select(func.count(distinct(t.session_id)).filter(_opened),
           func.count(distinct(t.session_id)).filter(_settled),
           func.count(distinct(t.session_id)).filter(_opened, s.status == _DISPUTED))
    .select_from(session_transitions.join(mentoring_sessions, s.id == t.session_id))
    # The partial index's own predicate, so the planner can use it.
    .where(or_(_opened, _settled), t.at >= _START, t.at < _END))


class PostgresFinanceReports:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def ledger_summary(self, start: datetime, end: datetime) -> LedgerSummary:
        async with self._db.session() as conn:
            rows = (await conn.execute(_SUMMARY, {"start": start, "end": end})).all()
        movements, opening = [], []
        for month, currency, kind, account, amount in rows:
            if month is None:
                opening.append(OpeningBalance(currency=currency, account=AccountKind(account),
                                              amount=amount))
            else:
                movements.append(Movement(month=month, currency=currency,
                                          kind=PostingKind(kind), account=AccountKind(account),
                                          amount=amount))
        return LedgerSummary(movements=movements, opening=opening)

    async def top_mentors(self, start: datetime, end: datetime,
                          limit: int) -> list[TopMentor]:
        async with self._db.session() as conn:
            rows = (await conn.execute(_TOP, {"start": start, "end": end,
                                              "limit": limit})).all()
        return [TopMentor(mentor_id=r[0], display_name=r[1], currency=r[2], gross=r[3],
                          refunds=r[4], sessions=r[5]) for r in rows]

    async def disputes(self, start: datetime, end: datetime) -> DisputeCounts:
        async with self._db.session() as conn:
            opened, settled, still_open = (await conn.execute(
                _DISPUTES, {"start": start, "end": end})).one()
        return DisputeCounts(opened=opened, settled=settled, open=still_open)

