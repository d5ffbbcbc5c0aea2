"""Booking a mentor (S22): hold a slot, pay through the gateway, confirm on its word; cancel and
reschedule within the terms; holds that are not paid in time free their slot by themselves.

Money never moves inside a database transaction: the unit of work commits the decision
(session state, ledger postings, schedules) first, and the gateway call that carries it out
follows with an idempotency key of the operation, so a retry moves the money once. A refund is
part of the decision as a durable schedule (``domain.bookings.refunds``): when the call right
after the commit fails, or never happens, the schedule sends it.
"""

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from edu_core.application.actors import Principal
from edu_core.application.content import TopicNotFound
from edu_core.application.messagebus import Subscription, on
from edu_core.application.payouts import send_unsent, stage_reversal
from edu_core.domain.audit import AuditEntry
from edu_core.domain.availability import Availability, offers_slot
from edu_core.domain.bookings import (
    BookingPolicy,
    CancelledBy,
    MentoringSession,
    SessionNotFound,
    SessionStatus,
    TrialUsed,
    ledger,
)
from edu_core.domain.bookings.payouts import TransferDue, transfer_schedule_key
from edu_core.domain.bookings.refunds import RefundDue, refund_key, refund_schedule
from edu_core.domain.bookings.reminders import reminder_plan
from edu_core.domain.bookings.session import HoldLapsed, hold_schedule_key
from edu_core.domain.bookings.settlement import (
    SETTLEMENT_GRACE,
    CompletionDue,
    ReleaseDue,
    release_for,
    settlement_plan,
)
from edu_core.domain.calendar_range import within_calendar
from edu_core.domain.errors import Conflict, InvalidInput, PermissionDenied, ServiceUnavailable
from edu_core.domain.identity import Role
from edu_core.domain.mentors import MentorProfileNotFound
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.schedules import Schedule
from edu_core.ports.bookings import SessionListing
from edu_core.ports.clock import Clock
from edu_core.ports.payments import (
    CheckoutRequest,
    GatewayEvent,
    GatewayEventKind,
    PaymentGateway,
)
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

HOLD_FOR = timedelta(minutes=10)
# A lapsed hold is still worth expiring a day late (it frees nothing twice).
HOLD_GRACE = timedelta(days=1)


class SlotUnavailable(Conflict):
    code = "slot_unavailable"
    default_message = ("That time is not one of the mentor's free slots any more. "
                       "Choose another one.")


class MentorDayFull(Conflict):
    code = "mentor_day_full"
    default_message = "The mentor takes no more sessions that day. Choose another day."


class OnlyStudentsBook(PermissionDenied):
    code = "only_students_book"
    default_message = "Sign in with a student account to book a session."


class PaymentsUnavailable(ServiceUnavailable):
    code = "payments_unavailable"
    default_message = "Payments are unavailable right now; the slot was released. Try again."


async def require_free_slot(uow: UnitOfWork, mentor_id: UUID, *, starts_at: datetime,
                            minutes: int, now: datetime, trial: bool = False) -> Availability:
    """The mentor's availability, once ``minutes`` from ``starts_at`` is one of their free
    slots (buffers around their sessions of either kind kept); ``SlotUnavailable`` otherwise.
    The slot grid of the requested length decides; a trial takes the start of any offered
    slot of the mentor's shortest length."""
    availability = await uow.availability.get(mentor_id)
    if availability is None or (not trial and minutes not in
                                availability.rules.session_lengths):
        raise SlotUnavailable()
    grid = min(availability.rules.session_lengths) if trial else minutes
    buffer = timedelta(minutes=availability.rules.buffer_minutes)
    busy = await uow.bookings.taken(mentor_id, starts_at - timedelta(days=1),
                                    starts_at + timedelta(days=1))
    if not offers_slot(availability, start=starts_at, session_minutes=grid, now=now,
                       busy=busy) or any(
            start < starts_at + timedelta(minutes=minutes) + buffer
            and starts_at - buffer < end for start, end in busy):
        raise SlotUnavailable()
    return availability


async def send_refund(uow: UnitOfWorkFactory, gateway: PaymentGateway,
                      refund: RefundDue) -> None:
    """Sends a staged refund (of a session or a seat) through the gateway: the retry of one
    whose first attempt failed or never ran; raises while the gateway refuses, so it is tried
    again."""
    await gateway.refund(refund.payment_ref, refund.amount,
                         idempotency_key=refund.idempotency_key)
    async with uow() as work:
        await work.schedules.cancel(refund.idempotency_key)
        await work.commit()


async def paid_meanwhile(gateway: PaymentGateway, checkout_ref: str | None) -> \
        GatewayEvent | None:
    """The payment of a lapsed hold's checkout, when the gateway has one whose webhook never
    arrived (reconciliation); None otherwise."""
    if checkout_ref is None:
        return None
    reported = await gateway.checkout_event(checkout_ref)
    return reported if reported is not None and reported.kind is GatewayEventKind.PAID \
        else None


async def try_refund(uow: UnitOfWorkFactory, gateway: PaymentGateway,
                     refund: RefundDue | None) -> None:
    """The first attempt, right after the commit that staged the refund. A failure is not the
    caller's: the refund is decided and posted, and its schedule sends it."""
    if refund is None:
        return
    with contextlib.suppress(Exception):
        await send_refund(uow, gateway, refund)


@dataclass(frozen=True)
class BookingStarted:
    session: MentoringSession
    checkout_url: str


@dataclass(frozen=True)
class OfferedTerms:
    """A mentor's booking terms as one visitor sees them."""

    policy: BookingPolicy
    # Whether the visitor, a signed-in student, may still book the trial lesson (None for
    # anyone else: nobody to tell).
    trial_available: bool | None


class BookingService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, gateway: PaymentGateway,
                 public_url: str, commission_bp: int = ledger.DEFAULT_COMMISSION_BP,
                 hold_for: timedelta = HOLD_FOR) -> None:
        self._uow = uow
        self._clock = clock
        self._gateway = gateway
        self._public_url = public_url.rstrip("/")
        self._commission_bp = commission_bp
        self._hold_for = hold_for

    # -- booking terms ---------------------------------------------------------------------

    async def terms(self, mentor_id: UUID) -> BookingPolicy:
        async with self._uow() as uow:
            return await uow.bookings.policy(mentor_id) or BookingPolicy()

    async def offered_terms(self, mentor_id: UUID, viewer: Principal | None) -> OfferedTerms:
        """The terms, and for a signed-in student whether the mentor's trial lesson is still
        theirs to book (once per student and mentor, unless it never took place)."""
        async with self._uow() as uow:
            policy = await uow.bookings.policy(mentor_id) or BookingPolicy()
            if viewer is None or viewer.role is not Role.STUDENT:
                return OfferedTerms(policy, None)
            if policy.trial is None:
                return OfferedTerms(policy, False)
            return OfferedTerms(policy, not await uow.bookings.had_trial(viewer.user_id,
                                                                         mentor_id))

    async def set_terms(self, principal: Principal, policy: BookingPolicy) -> BookingPolicy:
        if principal.role is not Role.MENTOR:
            raise PermissionDenied("Only mentors set booking terms.")
        async with self._uow() as uow:
            if await uow.mentors.get(principal.user_id) is None:
                raise MentorProfileNotFound()
            await uow.bookings.save_policy(principal.user_id, policy)
            await uow.commit()
        return policy

    # -- booking ---------------------------------------------------------------------------

    async def book(self, principal: Principal, *, mentor_id: UUID, starts_at: datetime,
                   minutes: int, trial: bool = False,
                   topic_id: UUID | None = None) -> BookingStarted:
        """Hold the slot for the student and open the gateway's checkout for its price;
        ``topic_id`` says what the session is to be about (a topic of the catalog)."""
        if principal.role is not Role.STUDENT:
            raise OnlyStudentsBook()
        now = self._clock.now()
        async with self._uow() as uow:
            session, email = await self._hold(uow, principal.user_id, mentor_id, starts_at,
                                              minutes, trial, now)
            if topic_id is not None:
                if await uow.catalog.get_topic(topic_id) is None:
                    raise TopicNotFound()
                session.topic_id = topic_id
            uow.bookings.add(session)
            await uow.schedules.put(Schedule(
                key=hold_schedule_key(session.id),
                event=HoldLapsed(occurred_at=now, session_id=session.id),
                due_at=session.hold_expires_at, grace=HOLD_GRACE))
            await uow.commit()
        try:
            checkout = await self._gateway.create_checkout(CheckoutRequest(
                session_id=session.id, amount=session.price, currency=session.currency,
                description=f"{session.minutes}-minute session", customer_email=email,
                success_url=f"{self._public_url}/sessions/{session.id}?paid=1",
                cancel_url=f"{self._public_url}/sessions/{session.id}?cancelled=1",
                expires_at=session.hold_expires_at),
                idempotency_key=f"booking:{session.id}:checkout")
        except Exception as exc:
            await self._expire(session.id, "the payment gateway could not be reached")
            raise PaymentsUnavailable() from exc
        async with self._uow() as uow:
            held = await uow.bookings.get(session.id, lock=True)
            if held is None:
                raise SessionNotFound()
            held.await_payment(checkout.ref, self._clock.now(), checkout.expires_at)
            await uow.schedules.put(Schedule(
                key=hold_schedule_key(held.id),
                event=HoldLapsed(occurred_at=now, session_id=held.id),
                due_at=held.hold_expires_at, grace=HOLD_GRACE))
            await uow.commit()
        return BookingStarted(held, checkout.url)

    async def _hold(self, uow: UnitOfWork, student_id: UUID, mentor_id: UUID,
                    starts_at: datetime, minutes: int, trial: bool,
                    now: datetime) -> tuple[MentoringSession, str]:
        profile = await uow.mentors.get(mentor_id)
        mentor = await uow.users.get(mentor_id)
        student = await uow.users.get(student_id)
        if profile is None or mentor is None or not profile.is_public or \
                mentor.status.value != "active" or profile.hourly_rate_cents is None:
            raise MentorProfileNotFound()
        if student is None:
            raise SessionNotFound()
        policy = await uow.bookings.policy(mentor_id) or BookingPolicy()
        if trial:
            if await uow.bookings.had_trial(student_id, mentor_id):
                raise TrialUsed()
            minutes = policy.trial.minutes if policy.trial else minutes
        availability = await require_free_slot(uow, mentor_id, starts_at=starts_at,
                                               minutes=minutes, now=now, trial=trial)
        zone = ZoneInfo(availability.rules.timezone)
        day = starts_at.astimezone(zone).date()
        day_start = datetime.combine(day, time(0), zone)
        that_day = await uow.bookings.taken(mentor_id, day_start,
                                            datetime.combine(day + timedelta(days=1), time(0),
                                                             zone))
        if sum(1 for start, _ in that_day if start >= day_start) >= \
                policy.max_sessions_per_day:
            raise MentorDayFull()
        price = policy.quote(hourly_rate=profile.hourly_rate_cents, minutes=minutes,
                             trial=trial)
        session = MentoringSession.hold(
            student_id=student_id, mentor_id=mentor_id, starts_at=starts_at, minutes=minutes,
            price=price, currency=profile.currency, cancellation=policy.cancellation,
            hold_for=self._hold_for, now=now, trial=trial)
        return session, student.email

    async def _expire(self, session_id: UUID, reason: str) -> MentoringSession | None:
        async with self._uow() as uow:
            session = await uow.bookings.get(session_id, lock=True)
            if session is None or session.status not in (SessionStatus.HELD,
                                                          SessionStatus.AWAITING_PAYMENT):
                return None
            session.expire(self._clock.now(), reason)
            await uow.schedules.cancel(hold_schedule_key(session_id))
            await uow.commit()
        return session

    async def hold_lapsed(self, event: HoldLapsed) -> None:
        """The hold's time is up: an unpaid session frees its slot, and its checkout ends so
        that nobody pays for a slot that is gone. The gateway is asked first: a payment whose
        webhook was lost on the way confirms the session instead (reconciliation)."""
        async with self._uow() as uow:
            held = await uow.bookings.get(event.session_id)
            ref = held.checkout_ref if held is not None and held.hold_has_lapsed(
                self._clock.now()) else None
        reported = await paid_meanwhile(self._gateway, ref)
        if reported is not None:
            await self.payment_event(reported)
            return
        async with self._uow() as uow:
            session = await uow.bookings.get(event.session_id, lock=True)
            if session is None or not session.hold_has_lapsed(self._clock.now()):
                return
            session.expire(self._clock.now(), "hold expired")
            await uow.commit()
        if session.checkout_ref is not None:
            await self._gateway.expire_checkout(session.checkout_ref)

    # -- the gateway's word ----------------------------------------------------------------

    async def payment_event(self, event: GatewayEvent) -> None:
        """Apply a verified gateway event once, whatever order events arrive in and however
        often: a repeat finds its id recorded; a late payment for a slot that was released
        meanwhile is refunded in full instead of confirming into a taken slot."""
        if event.kind is GatewayEventKind.IGNORED or event.checkout_ref is None:
            async with self._uow() as uow:
                await uow.payment_events.first_time(event.id, event.type, self._clock.now())
                await uow.commit()
            return
        refund: RefundDue | None = None
        async with self._uow() as uow:
            if not await uow.payment_events.first_time(event.id, event.type,
                                                       self._clock.now()):
                return
            session = await uow.bookings.by_checkout(event.checkout_ref)
            if session is None:
                await uow.commit()  # not ours (or long gone): recorded, nothing to do
                return
            now = self._clock.now()
            if event.kind is GatewayEventKind.EXPIRED:
                if session.status in (SessionStatus.HELD, SessionStatus.AWAITING_PAYMENT):
                    session.expire(now, "checkout expired")
                    await uow.schedules.cancel(hold_schedule_key(session.id))
            elif session.status in (SessionStatus.HELD, SessionStatus.AWAITING_PAYMENT) and \
                    event.amount == session.price:
                session.confirm(session.price, now, payment_ref=event.payment_ref)
                await uow.schedules.cancel(hold_schedule_key(session.id))
                await _plan_reminders(uow, session, now)
                await _plan_settlement(uow, session, now)
                uow.ledger.post(ledger.payment_received(
                    session_id=session.id, mentor_id=session.mentor_id, gross=session.price,
                    currency=session.currency, at=now, commission_bp=self._commission_bp))
            elif event.payment_ref is not None and event.amount and \
                    session.status is not SessionStatus.CONFIRMED and \
                    await uow.schedules.get(refund_key(session.id, "late")) is None:
                # Paid too late (or the wrong amount): the money goes straight back, once
                # (the gateway may tell of one payment in two different events; the refund's
                # schedule, kept after it ran, is the record that it was decided).
                uow.ledger.post(ledger.payment_received(
                    session_id=session.id, mentor_id=session.mentor_id, gross=event.amount,
                    currency=session.currency, at=now, commission_bp=self._commission_bp))
                uow.ledger.post(ledger.refund(
                    session_id=session.id, mentor_id=session.mentor_id, amount=event.amount,
                    gross=event.amount,
                    commission=ledger.commission_of(event.amount, self._commission_bp),
                    released=False, currency=session.currency, at=now))
                session.refund_late_payment(event.amount, now)
                refund = await _stage_refund(uow, session, event.amount, now, "late",
                                             payment_ref=event.payment_ref)
            await uow.commit()
        await self._try_refund(refund)

    # -- after booking ---------------------------------------------------------------------

    async def cancel(self, principal: Principal, session_id: UUID, *,
                     reason: str = "") -> MentoringSession:
        async with self._uow() as uow:
            session = await self._visible(uow, principal, session_id, lock=True)
            by = self._party(principal, session)
            if session.status in (SessionStatus.HELD, SessionStatus.AWAITING_PAYMENT) and \
                    by is CancelledBy.STUDENT:
                # Giving up before paying: the hold ends now.
                session.expire(self._clock.now(), "given up by the student")
                await uow.schedules.cancel(hold_schedule_key(session.id))
                await uow.commit()
                if session.checkout_ref is not None:
                    await self._gateway.expire_checkout(session.checkout_ref)
                return session
            now = self._clock.now()
            refund = session.cancel(by=by, actor=principal.user_id, now=now, reason=reason)
            await _plan_reminders(uow, session, now)
            if refund:
                uow.ledger.post(ledger.refund(
                    session_id=session.id, mentor_id=session.mentor_id, amount=refund,
                    gross=session.paid,
                    commission=ledger.commission_of(session.paid, self._commission_bp),
                    released=False, currency=session.currency, at=now))
            # After the refund's posting: a late cancellation releases what is left.
            await _plan_settlement(uow, session, now)
            sending = await _stage_refund(uow, session, refund, now, "cancel")
            await uow.commit()
        await self._try_refund(sending)
        return session

    async def reschedule(self, principal: Principal, session_id: UUID, *,
                         starts_at: datetime) -> MentoringSession:
        async with self._uow() as uow:
            session = await self._visible(uow, principal, session_id, lock=True)
            by = self._party(principal, session)
            availability = await uow.availability.get(session.mentor_id)
            busy = await uow.bookings.taken(session.mentor_id, starts_at - timedelta(days=1),
                                            starts_at + timedelta(days=1),
                                            excluding=session.id)
            grid = min(availability.rules.session_lengths) if (
                availability and session.trial) else session.minutes
            if availability is None or not offers_slot(
                    availability, start=starts_at, session_minutes=grid,
                    now=self._clock.now(), busy=busy):
                raise SlotUnavailable()
            now = self._clock.now()
            session.reschedule(starts_at, by=by, actor=principal.user_id, now=now)
            await _plan_reminders(uow, session, now)
            await _plan_settlement(uow, session, now)
            await uow.commit()
        return session

    # -- after the session ----------------------------------------------------------------

    async def complete(self, principal: Principal, session_id: UUID) -> MentoringSession:
        """The mentor marks the session done after its end; the share is released once the
        complaint window has passed."""
        async with self._uow() as uow:
            session = await self._as_mentor(uow, principal, session_id)
            now = self._clock.now()
            session.complete(now, actor=principal.user_id)
            await _plan_settlement(uow, session, now)
            await uow.commit()
        return session

    async def set_details(self, principal: Principal, session_id: UUID, *,
                          meeting_url: str | None = None,
                          notes: str | None = None) -> MentoringSession:
        """The mentor's video room link and notes for the student, until the session starts."""
        async with self._uow() as uow:
            session = await self._as_mentor(uow, principal, session_id)
            session.set_details(self._clock.now(), meeting_url=meeting_url, notes=notes)
            await uow.commit()
        return session

    async def mark_student_absent(self, principal: Principal,
                                  session_id: UUID) -> MentoringSession:
        """The student did not come: the mentor is paid as for a session held."""
        async with self._uow() as uow:
            session = await self._as_mentor(uow, principal, session_id)
            now = self._clock.now()
            session.mark_student_absent(now, actor=principal.user_id)
            await _plan_settlement(uow, session, now)
            await uow.commit()
        return session

    async def report_problem(self, principal: Principal, session_id: UUID, *,
                             reason: str) -> MentoringSession:
        """The student reports a problem: the session waits for an admin, and neither
        completes nor pays the mentor by itself."""
        async with self._uow() as uow:
            session = await self._visible(uow, principal, session_id, lock=True)
            if principal.user_id != session.student_id:
                raise PermissionDenied("Only the session's student reports a problem.")
            now = self._clock.now()
            session.report_problem(now, reason=reason)
            await _plan_settlement(uow, session, now)
            await uow.commit()
        return session

    async def settle_dispute(self, principal: Principal, session_id: UUID, *,
                             mentor_absent: bool, refund_percent: int) -> MentoringSession:
        """An admin's decision on a disputed session: the refund goes back through the
        gateway after the commit; what is left of the mentor's share is released."""
        if not principal.is_admin:
            raise PermissionDenied("Only administrators settle disputes.")
        async with self._uow() as uow:
            session = await self._visible(uow, principal, session_id, lock=True)
            now = self._clock.now()
            refund = session.settle_dispute(now, actor=principal.user_id,
                                            mentor_absent=mentor_absent,
                                            refund_percent=refund_percent)
            if refund:
                uow.ledger.post(ledger.refund(
                    session_id=session.id, mentor_id=session.mentor_id, amount=refund,
                    gross=session.paid,
                    commission=ledger.commission_of(session.paid, self._commission_bp),
                    released=False, currency=session.currency, at=now))
            await _plan_settlement(uow, session, now)
            uow.audit.record(AuditEntry(
                actor_id=principal.user_id, action="booking.settle", target_type="session",
                target_id=str(session.id), occurred_at=now, details={
                    "mentor_absent": mentor_absent, "refund": refund,
                    "currency": session.currency}))
            sending = await _stage_refund(uow, session, refund, now, "dispute")
            await uow.commit()
        await self._try_refund(sending)
        return session

    async def refund_settled(self, principal: Principal, session_id: UUID, *, amount: int,
                             reason: str) -> MentoringSession:
        """An administrator's refund of a session whose outcome is final (audited). The
        mentor's part comes out of what is still owed to them; where their share was
        transferred already, that part of the transfer is reversed."""
        if not principal.is_admin:
            raise PermissionDenied("Only administrators refund settled sessions.")
        async with self._uow() as uow:
            session = await self._visible(uow, principal, session_id, lock=True)
            now = self._clock.now()
            session.refund_after_settlement(amount, now)
            postings = await uow.ledger.postings(session_id=session.id)
            number = 1 + sum(1 for p in postings if p.kind is ledger.PostingKind.REFUND)
            posting = ledger.refund(
                session_id=session.id, mentor_id=session.mentor_id, amount=amount,
                gross=session.paid,
                commission=ledger.commission_of(session.paid, self._commission_bp),
                released=any(p.kind is ledger.PostingKind.RELEASE for p in postings),
                currency=session.currency, at=now, refunded_before=session.refunded - amount)
            uow.ledger.post(posting)
            reversal = await stage_reversal(uow, session, posting)
            sending = await _stage_refund(uow, session, amount, now, "settled", number=number)
            uow.audit.record(AuditEntry(
                actor_id=principal.user_id, action="booking.refund", target_type="session",
                target_id=str(session.id), occurred_at=now, details={
                    "refund": amount, "currency": session.currency, "reason": reason,
                    "reversal": reversal.amount if reversal else 0}))
            await uow.commit()
        await self._try_refund(sending)
        if reversal is not None:
            await send_unsent(self._uow, self._gateway, self._clock, session.id)
        return session

    async def send_refund(self, refund: RefundDue) -> None:
        await send_refund(self._uow, self._gateway, refund)

    async def _try_refund(self, refund: RefundDue | None) -> None:
        await try_refund(self._uow, self._gateway, refund)

    async def disputes(self, principal: Principal,
                       page: PageRequest) -> Page[MentoringSession]:
        """Disputed sessions waiting for an admin, the longest waiting first."""
        if not principal.is_admin:
            raise PermissionDenied("Only administrators see disputes.")
        async with self._uow() as uow:
            return await uow.bookings.with_status(SessionStatus.DISPUTED, page)

    async def completion_due(self, event: CompletionDue) -> None:
        """The complaint window has passed without a report: a session still confirmed
        completes, and the mentor's share is released in the same transaction."""
        async with self._uow() as uow:
            session = await uow.bookings.get(event.session_id, lock=True)
            now = self._clock.now()
            if session is None or session.status is not SessionStatus.CONFIRMED or \
                    now < session.complaint_deadline:
                return
            session.complete(now, actor=None)
            await _plan_settlement(uow, session, now)
            await uow.commit()

    async def release_due(self, event: ReleaseDue) -> None:
        async with self._uow() as uow:
            session = await uow.bookings.get(event.session_id, lock=True)
            if session is None:
                return
            if await _release(uow, session, self._clock.now()):
                await uow.commit()

    async def get(self, principal: Principal, session_id: UUID) -> SessionListing:
        async with self._uow() as uow:
            [listing] = await uow.bookings.listings([
                await self._visible(uow, principal, session_id)])
            return listing

    async def listed(self, sessions: Sequence[MentoringSession]) -> list[SessionListing]:
        """Sessions the caller already may see, with their people's names (one read)."""
        async with self._uow() as uow:
            return await uow.bookings.listings(sessions)

    async def mine(self, principal: Principal, *, upcoming: bool | None,
                   page: PageRequest, starts_from: datetime | None = None,
                   starts_before: datetime | None = None) -> Page[SessionListing]:
        """The caller's sessions: upcoming, past or (``upcoming`` None) both; only those
        starting in [starts_from, starts_before) where given (a calendar's week)."""
        for field, value in (("from", starts_from), ("to", starts_before)):
            if value is not None and value.tzinfo is None:
                raise InvalidInput("Give times with their UTC offset (e.g. "
                                   "2026-03-23T00:00+01:00).",
                                   details={"fields": {field: "Needs an offset."}})
            if value is not None:
                within_calendar(value, field)
        if starts_from is not None and starts_before is not None \
                and starts_before <= starts_from:
            raise InvalidInput("The range ends before it starts.",
                               details={"fields": {"to": "Must be after from."}})
        async with self._uow() as uow:
            return await uow.bookings.for_user(
                principal.user_id, as_mentor=principal.role is Role.MENTOR, upcoming=upcoming,
                now=self._clock.now(), page=page, starts_from=starts_from,
                starts_before=starts_before)

    def refund_now(self, principal: Principal, session: MentoringSession) -> int:
        """What cancelling the session now would refund (0 where it cannot be cancelled)."""
        now = self._clock.now()
        if session.status is not SessionStatus.CONFIRMED or now >= session.starts_at:
            return 0
        return session.refund_if_cancelled(self._party(principal, session), now)

    @staticmethod
    async def _visible(uow: UnitOfWork, principal: Principal, session_id: UUID, *,
                       lock: bool = False) -> MentoringSession:
        session = await uow.bookings.get(session_id, lock=lock)
        # Someone else's session does not exist, as far as the caller can tell.
        if session is None or not (principal.is_admin or principal.user_id in (
                session.student_id, session.mentor_id)):
            raise SessionNotFound()
        return session

    @classmethod
    async def _as_mentor(cls, uow: UnitOfWork, principal: Principal,
                         session_id: UUID) -> MentoringSession:
        session = await cls._visible(uow, principal, session_id, lock=True)
        if principal.user_id != session.mentor_id:
            raise PermissionDenied("Only the session's mentor can do that.")
        return session

    @staticmethod
    def _party(principal: Principal, session: MentoringSession) -> CancelledBy:
        if principal.user_id == session.student_id:
            return CancelledBy.STUDENT
        if principal.user_id == session.mentor_id:
            return CancelledBy.MENTOR
        return CancelledBy.ADMIN


async def apply_plan(uow: UnitOfWork, plan: tuple[list[Schedule], list[str]]) -> None:
    """Puts a plan's schedules (the same key moves one) and cancels its keys."""
    put, cancel = plan
    for schedule in put:
        await uow.schedules.put(schedule)
    for key in cancel:
        await uow.schedules.cancel(key)


async def _plan_reminders(uow: UnitOfWork, session: MentoringSession, now: datetime) -> None:
    """Puts the session's reminders for its current start, and cancels those it must not
    get: all of them once it is no longer confirmed."""
    await apply_plan(uow, reminder_plan(session, now))


async def _plan_settlement(uow: UnitOfWork, session: MentoringSession, now: datetime) -> None:
    """Puts or cancels the session's completion and release schedules for its current state
    and, once its complaint window is over, releases the mentor's share right away."""
    plan = settlement_plan(session, now)
    for schedule in plan.put:
        await uow.schedules.put(schedule)
    for key in plan.cancel:
        await uow.schedules.cancel(key)
    if plan.release_now:
        await _release(uow, session, now)


async def _stage_refund(uow: UnitOfWork, session: MentoringSession, amount: int,
                        now: datetime, kind: str, *, number: int | None = None,
                        payment_ref: str | None = None) -> RefundDue | None:
    """Orders, in the caller's transaction, the refund of ``amount`` of the session's payment
    (or of ``payment_ref``, a payment the session never took)."""
    payment_ref = payment_ref or session.payment_ref
    if amount <= 0 or payment_ref is None:
        return None
    refund = RefundDue(occurred_at=now, session_id=session.id, payment_ref=payment_ref,
                       amount=amount, idempotency_key=refund_key(session.id, kind, number))
    await uow.schedules.put(refund_schedule(refund))
    return refund


async def _release(uow: UnitOfWork, session: MentoringSession, now: datetime) -> bool:
    """Stages the release of the session's pending share unless the ledger has it already
    (the caller holds the session's row, so two releases cannot race)."""
    posting = release_for(session, await uow.ledger.postings(session_id=session.id), now)
    if posting is not None:
        uow.ledger.post(posting)
        # The share can go to the mentor now: where the gateway pays out by transfer, the
        # payouts' handler sends it after this commits (elsewhere it finds nothing to do).
        await uow.schedules.put(Schedule(
            key=transfer_schedule_key(session.id), due_at=now, grace=SETTLEMENT_GRACE,
            event=TransferDue(occurred_at=now, session_id=session.id)))
    return posting is not None


class BookingTimers:
    """The handlers of the bookings' durable schedules."""

    def __init__(self, bookings: BookingService) -> None:
        self._bookings = bookings

    def subscriptions(self) -> list[Subscription]:
        return [on(HoldLapsed, self.hold_lapsed), on(CompletionDue, self.completion_due),
                on(ReleaseDue, self.release_due), on(RefundDue, self.refund_due)]

    async def hold_lapsed(self, event: HoldLapsed) -> None:
        await self._bookings.hold_lapsed(event)

    async def completion_due(self, event: CompletionDue) -> None:
        await self._bookings.completion_due(event)

    async def release_due(self, event: ReleaseDue) -> None:
        await self._bookings.release_due(event)

    async def refund_due(self, event: RefundDue) -> None:
        await self._bookings.send_refund(event)
