"""Postgres repositories of the bookings context: sessions with their history, booking terms,
the ledger and the applied payment gateway events.

Sessions are written at commit (``flush``): new ones inserted, loaded ones updated under their
version, each new step of their history appended. The database itself refuses double bookings
(exclusion constraints, see migration 0019); the unit of work turns those refusals into
``SlotTaken`` / ``StudentBusy`` / ``TrialUsed``.
"""

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, and_, exists, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import (
    booking_policies,
    ledger_entries,
    ledger_postings,
    mentoring_sessions,
    payment_events,
    reviews,
    session_transitions,
    time_claims,
    users,
)
from adapters.pending_events import PendingEvents
from edu_core.domain.bookings import (
    BookingPolicy,
    CancellationPolicy,
    CancelledBy,
    MentoringSession,
    SessionStatus,
    Transition,
    TrialOffer,
)
from edu_core.domain.bookings.ledger import (
    Account,
    AccountKind,
    Entry,
    Posting,
    PostingKind,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.bookings import SessionListing

s = mentoring_sessions.c
c = time_claims.c
_student = users.alias("student")
_mentor = users.alias("mentor")
# What a listing adds to a session's row: joined in, so a page of sessions stays one query.
_LISTED = (_student.c.display_name.label("student_name"),
           _mentor.c.display_name.label("mentor_name"),
           exists().where(reviews.c.session_id == s.id).label("reviewed"))
_PEOPLE = mentoring_sessions.join(_student, _student.c.id == s.student_id) \
    .join(_mentor, _mentor.c.id == s.mentor_id)
# The advisory lock key that serialises payout runs (any fixed number no other lock uses).
_PAYOUT_LOCK = 0x6D656E746F72  # "mentor"
_COLUMNS = ("id", "student_id", "mentor_id", "starts_at", "ends_at", "price", "currency",
            "trial", "hold_expires_at", "checkout_ref", "payment_ref", "paid", "refunded",
            "sequence", "reschedules", "meeting_url", "notes", "topic_id", "created_at",
            "updated_at", "version")


def session_values(session: MentoringSession) -> dict[str, Any]:
    values = {c: getattr(session, c) for c in _COLUMNS}
    values["status"] = session.status.value
    values["cancelled_by"] = session.cancelled_by.value if session.cancelled_by else None
    values["free_until_hours"] = session.cancellation.free_until_hours
    values["late_refund_percent"] = session.cancellation.late_refund_percent
    return values


def _session(row: RowMapping, history: list[Transition]) -> MentoringSession:
    return MentoringSession(
        **{c: row[c] for c in _COLUMNS}, status=SessionStatus(row["status"]),
        cancelled_by=CancelledBy(row["cancelled_by"]) if row["cancelled_by"] else None,
        cancellation=CancellationPolicy(free_until_hours=row["free_until_hours"],
                                        late_refund_percent=row["late_refund_percent"]),
        history=history)


def _listing(session: MentoringSession, row: RowMapping) -> SessionListing:
    return SessionListing(session=session, student_name=row["student_name"],
                          mentor_name=row["mentor_name"], reviewed=row["reviewed"])


def _transition_values(session_id: UUID, step: Transition) -> dict[str, Any]:
    return {"session_id": session_id, "to_status": step.to_status.value, "at": step.at,
            "from_status": step.from_status.value if step.from_status else None,
            "by_user": step.by, "reason": step.reason}


class PostgresBookingRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        self._new: list[MentoringSession] = []
        # Loaded sessions with their values and history length as read.
        self._loaded: dict[UUID, tuple[MentoringSession, dict[str, Any], int]] = {}

    def add(self, session: MentoringSession) -> None:
        self._new.append(session)

    async def _load(self, rows: list[RowMapping]) -> list[MentoringSession]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        history: dict[UUID, list[Transition]] = {i: [] for i in ids}
        t = session_transitions.c
        for step in (await self._s.execute(
                select(session_transitions).where(t.session_id.in_(ids))
                .order_by(t.session_id, t.id))).mappings():
            history[step["session_id"]].append(Transition(
                from_status=SessionStatus(step["from_status"]) if step["from_status"] else None,
                to_status=SessionStatus(step["to_status"]), at=step["at"], by=step["by_user"],
                reason=step["reason"]))
        found = []
        for row in rows:
            known = self._loaded.get(row["id"])
            if known is not None:  # one row, one object per unit of work
                found.append(known[0])
                continue
            session = _session(row, history[row["id"]])
            self._loaded[session.id] = (session, session_values(session), len(session.history))
            found.append(session)
        return found

    async def get(self, session_id: UUID, *, lock: bool = False) -> MentoringSession | None:
        statement = select(mentoring_sessions).where(s.id == session_id)
        if lock:
            statement = statement.with_for_update()
        rows = list((await self._s.execute(statement)).mappings())
        found = await self._load(rows)
        return found[0] if found else None

    async def by_checkout(self, checkout_ref: str) -> MentoringSession | None:
        rows = list((await self._s.execute(select(mentoring_sessions).where(
            s.checkout_ref == checkout_ref).with_for_update())).mappings())
        found = await self._load(rows)
        return found[0] if found else None

    async def taken(self, mentor_id: UUID, start: datetime, end: datetime, *,
                    excluding: UUID | None = None) -> list[tuple[datetime, datetime]]:
        found = await self.taken_by_mentors([mentor_id], start, end, excluding=excluding)
        return found.get(mentor_id, [])

    async def taken_by_mentors(self, mentor_ids: Collection[UUID], start: datetime,
                               end: datetime, *, excluding: UUID | None = None
                               ) -> dict[UUID, list[tuple[datetime, datetime]]]:
        found: dict[UUID, list[tuple[datetime, datetime]]] = {}
        if not mentor_ids:
            return found
        # The mentors' claimed time, one-to-one and group sessions alike (migration 0036);
        # the range test is the exclusion constraint's own, so its index serves it.
        conditions = [c.party == "mentor", c.user_id.in_(list(mentor_ids)),
                      func.tstzrange(c.starts_at, c.ends_at).op("&&")(
                          func.tstzrange(start, end))]
        if excluding is not None:
            conditions.append(c.source_id != excluding)
        rows = await self._s.execute(select(c.user_id, c.starts_at, c.ends_at)
                                     .where(*conditions).order_by(c.user_id, c.starts_at))
        for row in rows:
            found.setdefault(row.user_id, []).append((row.starts_at, row.ends_at))
        return found

    async def for_user(self, user_id: UUID, *, as_mentor: bool, upcoming: bool | None,
                       now: datetime, page: PageRequest, starts_from: datetime | None = None,
                       starts_before: datetime | None = None) -> Page[SessionListing]:
        owner = s.mentor_id if as_mentor else s.student_id
        # Lapsed holds are nobody's business once they are over.
        shown = or_(s.status != SessionStatus.EXPIRED.value, s.paid > 0)
        wanted = [owner == user_id, shown]
        if upcoming is not None:
            wanted.append(s.ends_at > now if upcoming else s.ends_at <= now)
        # On the start, so the (owner, starts_at) indexes bound the range.
        if starts_from is not None:
            wanted.append(s.starts_at >= starts_from)
        if starts_before is not None:
            wanted.append(s.starts_at < starts_before)
        conditions = and_(*wanted)
        total = (await self._s.execute(
            select(func.count()).select_from(mentoring_sessions).where(conditions))).scalar_one()
        order = (s.starts_at.desc(), s.id) if upcoming is False else (s.starts_at.asc(), s.id)
        rows = list((await self._s.execute(
            select(mentoring_sessions, *_LISTED).select_from(_PEOPLE).where(conditions)
            .order_by(*order).limit(page.page_size).offset(page.offset))).mappings())
        sessions = await self._load(rows)
        return Page(items=[_listing(session, row) for session, row in zip(sessions, rows,
                                                                          strict=True)],
                    total=total, page=page.page, page_size=page.page_size)

    async def listings(self, sessions: Sequence[MentoringSession]) -> list[SessionListing]:
        if not sessions:
            return []
        rows = {row["id"]: row for row in (await self._s.execute(
            select(s.id, *_LISTED).select_from(_PEOPLE)
            .where(s.id.in_([x.id for x in sessions])))).mappings()}
        return [_listing(session, rows[session.id]) for session in sessions]

    async def with_status(self, status: SessionStatus,
                          page: PageRequest) -> Page[MentoringSession]:
        condition = s.status == status.value
        total = (await self._s.execute(
            select(func.count()).select_from(mentoring_sessions).where(condition))).scalar_one()
        rows = list((await self._s.execute(
            select(mentoring_sessions).where(condition).order_by(s.updated_at, s.id)
            .limit(page.page_size).offset(page.offset))).mappings())
        return Page(items=await self._load(rows), total=total, page=page.page,
                    page_size=page.page_size)

    async def paid_of_mentor(self, mentor_id: UUID, start: datetime,
                             end: datetime) -> list[MentoringSession]:
        rows = list((await self._s.execute(
            select(mentoring_sessions).where(s.mentor_id == mentor_id, s.paid > 0,
                                             s.starts_at >= start, s.starts_at < end)
            .order_by(s.starts_at, s.id))).mappings())
        return await self._load(rows)

    async def had_trial(self, student_id: UUID, mentor_id: UUID) -> bool:
        found = await self._s.execute(select(s.id).where(
            s.student_id == student_id, s.mentor_id == mentor_id, s.trial.is_(True),
            s.status.not_in([SessionStatus.EXPIRED.value, SessionStatus.CANCELLED.value]))
            .limit(1))
        return found.first() is not None

    async def policy(self, mentor_id: UUID) -> BookingPolicy | None:
        row = (await self._s.execute(select(booking_policies).where(
            booking_policies.c.mentor_id == mentor_id))).mappings().first()
        if row is None:
            return None
        trial = None
        if row["trial_minutes"] is not None:
            trial = TrialOffer(minutes=row["trial_minutes"],
                               price_percent=row["trial_price_percent"])
        return BookingPolicy(
            cancellation=CancellationPolicy(free_until_hours=row["free_until_hours"],
                                            late_refund_percent=row["late_refund_percent"]),
            trial=trial, max_sessions_per_day=row["max_sessions_per_day"])

    async def save_policy(self, mentor_id: UUID, policy: BookingPolicy) -> None:
        values = {
            "free_until_hours": policy.cancellation.free_until_hours,
            "late_refund_percent": policy.cancellation.late_refund_percent,
            "trial_minutes": policy.trial.minutes if policy.trial else None,
            "trial_price_percent": policy.trial.price_percent if policy.trial else None,
            "max_sessions_per_day": policy.max_sessions_per_day,
            "updated_at": func.now()}
        statement = pg_insert(booking_policies).values(mentor_id=mentor_id, **values)
        await self._s.execute(statement.on_conflict_do_update(
            index_elements=[booking_policies.c.mentor_id],
            set_={**values, "version": booking_policies.c.version + 1}))

    async def flush(self) -> None:
        """Write what changed: called by the unit of work at commit."""
        for session in self._new:
            await self._s.execute(insert(mentoring_sessions).values(**session_values(session)))
            await self._append_history(session, 0)
        self._new.clear()
        for session, before, steps in list(self._loaded.values()):
            values = session_values(session)
            if values == before and len(session.history) == steps:
                continue
            # Written only if nobody changed the row since it was read.
            values["version"] = before["version"] + 1
            result = await self._s.execute(update(mentoring_sessions).where(
                s.id == session.id, s.version == before["version"]).values(**values))
            if rowcount(result) != 1:
                raise ConcurrentModification()
            session.version = values["version"]
            await self._append_history(session, steps)

    async def _append_history(self, session: MentoringSession, steps: int) -> None:
        fresh = session.history[steps:]
        if fresh:
            await self._s.execute(insert(session_transitions), [
                _transition_values(session.id, step) for step in fresh])
        self._pending.take_from(session)
        self._loaded[session.id] = (session, session_values(session), len(session.history))


def _posting_rows(rows: list[RowMapping], entries: list[RowMapping]) -> list[Posting]:
    by_posting: dict[UUID, list[Entry]] = {r["id"]: [] for r in rows}
    for e in entries:
        kind = AccountKind(e["account"])
        by_posting[e["posting_id"]].append(Entry(Account(kind, e["owner_id"]), e["amount"]))
    return [Posting(kind=PostingKind(r["kind"]), currency=r["currency"], at=r["at"],
                    session_id=r["session_id"], seat_id=r["seat_id"], id=r["id"],
                    entries=tuple(by_posting[r["id"]]))
            for r in rows]


class PostgresLedger:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._staged: list[Posting] = []

    def post(self, posting: Posting) -> None:
        self._staged.append(posting)

    async def postings(self, *, session_id: UUID | None = None,
                       mentor_id: UUID | None = None,
                       kind: PostingKind | None = None,
                       seat_id: UUID | None = None) -> list[Posting]:
        p, e = ledger_postings.c, ledger_entries.c
        # Postings of one instant keep the order they were written in.
        written = select(func.min(e.id)).where(e.posting_id == p.id).scalar_subquery()
        statement = select(ledger_postings).order_by(p.at, written)
        if session_id is not None:
            statement = statement.where(p.session_id == session_id)
        if seat_id is not None:
            statement = statement.where(p.seat_id == seat_id)
        if mentor_id is not None:
            statement = statement.where(p.id.in_(
                select(e.posting_id).where(e.owner_id == mentor_id)))
        if kind is not None:
            statement = statement.where(p.kind == kind.value)
        rows = list((await self._s.execute(statement)).mappings())
        entries = list((await self._s.execute(select(ledger_entries).where(
            e.posting_id.in_([r["id"] for r in rows])).order_by(e.id))).mappings())
        return _posting_rows(rows, entries) + [
            x for x in self._staged
            if (session_id is None or x.session_id == session_id)
            and (seat_id is None or x.seat_id == seat_id) and (
                mentor_id is None or any(en.account.owner == mentor_id for en in x.entries))
            and (kind is None or x.kind is kind)]

    async def lock_payouts(self) -> None:
        # A transaction-scoped advisory lock: released by the commit or rollback itself. A
        # textual statement, so the session opens its transaction for it (a plain SELECT
        # would run outside one, and the lock would end with the statement).
        await self._s.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                              {"key": _PAYOUT_LOCK})

    async def flush(self) -> None:
        for posting in self._staged:
            await self._s.execute(insert(ledger_postings).values(
                id=posting.id, kind=posting.kind.value, currency=posting.currency,
                session_id=posting.session_id, seat_id=posting.seat_id, at=posting.at))
            await self._s.execute(insert(ledger_entries), [
                {"posting_id": posting.id, "account": entry.account.kind.value,
                 "owner_id": entry.account.owner, "amount": entry.amount}
                for entry in posting.entries])
        self._staged.clear()


class PostgresPaymentEventLog:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def first_time(self, event_id: str, event_type: str, at: datetime) -> bool:
        # Held until the transaction ends: a concurrent delivery of the same event waits here,
        # then finds it recorded (or, if this one rolled back, records it itself).
        result = await self._s.execute(
            pg_insert(payment_events).values(event_id=event_id, type=event_type, received_at=at)
            .on_conflict_do_nothing(index_elements=[payment_events.c.event_id]))
        return rowcount(result) == 1
