"""Group sessions (S40): a mentor schedules a session for up to N students inside their
availability; students take a seat, give it back before the start; the mentor calls it off
(every seat released) or completes it after its end. Behind a feature flag.

A seat of a priced session is paid like a one-to-one booking: it is held (counted against the
capacity, taking the student's time) while the gateway's checkout is open, taken once the
gateway reports the payment, and freed by a durable schedule when the hold lapses unpaid (a
payment arriving after that goes straight back). Money never moves inside a transaction: the
decision (seat, ledger postings, refund schedules ``seat:<id>:...``) commits first, the gateway
call follows with the operation's idempotency key. The database decides races: the session's
row is locked while a seat changes, and the per-person exclusion of ``time_claims`` refuses a
student or a mentor in two places across both kinds of session.
"""

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.bookings import (
    HOLD_FOR,
    HOLD_GRACE,
    OnlyStudentsBook,
    PaymentsUnavailable,
    apply_plan,
    paid_meanwhile,
    require_free_slot,
    try_refund,
)
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.bookings import BookingPolicy, ledger
from edu_core.domain.bookings.group import (
    AUTO_COMPLETE_AFTER,
    GroupCompletionDue,
    GroupSession,
    GroupSessionNotFound,
    GroupSessionStatus,
    Seat,
    SeatHoldLapsed,
    SeatStatus,
    completion_schedule_key,
    seat_checkout_key,
    seat_hold_key,
    seat_refund_key,
    seat_release,
)
from edu_core.domain.bookings.group_reminders import group_reminder_plan
from edu_core.domain.bookings.refunds import RefundDue, refund_schedule
from edu_core.domain.bookings.settlement import SETTLEMENT_GRACE
from edu_core.domain.errors import NotFound, PermissionDenied
from edu_core.domain.identity import Role, UserDeleted, UserStatus
from edu_core.domain.mentors import MentorProfileNotFound
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.schedules import Schedule
from edu_core.ports.clock import Clock
from edu_core.ports.payments import (
    Checkout,
    CheckoutRequest,
    GatewayEvent,
    GatewayEventKind,
    PaymentGateway,
)
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class GroupSessionsDisabled(NotFound):
    code = "group_sessions_disabled"
    default_message = "Group sessions are not offered on this platform."


class MentorNotVerifiedForGroupSessions(PermissionDenied):
    code = "mentor_not_verified"
    default_message = "Only verified mentors offer group sessions."


@dataclass(frozen=True)
class GroupSessionView:
    """A group session as one caller sees it: the names of the students holding seats only
    for its mentor and administrators."""

    group: GroupSession
    mentor_name: str
    student_names: Mapping[UUID, str] = field(default_factory=dict)
    # Where the caller pays for the seat they hold (only in the answer that opened it).
    checkout_url: str | None = None


class GroupSessionService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, enabled: bool,
                 gateway: PaymentGateway, public_url: str,
                 commission_bp: int = ledger.DEFAULT_COMMISSION_BP,
                 hold_for: timedelta = HOLD_FOR) -> None:
        self._uow = uow
        self._clock = clock
        self._enabled = enabled
        self._gateway = gateway
        self._public_url = public_url.rstrip("/")
        self._commission_bp = commission_bp
        self._hold_for = hold_for

    def require_enabled(self) -> None:
        """Every use case asks first; the HTTP layer asks before it reads a request."""
        if not self._enabled:
            raise GroupSessionsDisabled()

    async def schedule(self, principal: Principal, *, title: str, starts_at: datetime,
                       minutes: int, capacity: int, seat_price: int) -> GroupSessionView:
        self.require_enabled()
        if principal.role is not Role.MENTOR:
            raise PermissionDenied("Only mentors schedule group sessions.")
        now = self._clock.now()
        async with self._uow() as uow:
            profile = await uow.mentors.get(principal.user_id)
            if profile is None:
                raise MentorProfileNotFound()
            if not profile.is_public:  # students could neither find nor join it
                raise MentorNotVerifiedForGroupSessions()
            await require_free_slot(uow, principal.user_id, starts_at=starts_at,
                                    minutes=minutes, now=now)
            policy = await uow.bookings.policy(principal.user_id) or BookingPolicy()
            group = GroupSession.schedule(
                mentor_id=principal.user_id, title=title, starts_at=starts_at,
                minutes=minutes, capacity=capacity, seat_price=seat_price,
                currency=profile.currency, cancellation=policy.cancellation, now=now)
            uow.group_sessions.add(group)
            await uow.schedules.put(Schedule(
                key=completion_schedule_key(group.id),
                event=GroupCompletionDue(occurred_at=now, group_session_id=group.id),
                due_at=group.ends_at + AUTO_COMPLETE_AFTER, grace=SETTLEMENT_GRACE))
            await _plan_reminders(uow, group, now)
            await uow.commit()
            return await self._view(uow, principal, group)

    async def take_seat(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        """A free seat is taken at once. A paid one is held and its checkout opened (a second
        click finds the held seat and opens the same checkout again: one idempotency key per
        seat); the gateway's payment event takes it."""
        self.require_enabled()
        if principal.role is not Role.STUDENT:
            raise OnlyStudentsBook()
        now = self._clock.now()
        async with self._uow() as uow:
            # Locked: seat takers of one session queue here, each seeing the seats left.
            group = await self._visible(uow, principal, group_id, lock=True)
            await _require_bookable(uow, group.mentor_id)
            seat = group.seat_of(principal.user_id)
            if seat is not None and seat.hold_has_lapsed(now):
                await self._end_hold(uow, group, seat, now, "hold expired")
                seat = None
            if seat is None or seat.status is not SeatStatus.HELD:
                seat = group.take_seat(principal.user_id, now, hold_for=self._hold_for)
                if seat.status is SeatStatus.HELD:
                    await uow.schedules.put(_hold_schedule(group, seat, now))
            await uow.commit()
            student = await uow.users.get(principal.user_id)
            if seat.status is not SeatStatus.HELD or student is None:
                return await self._view(uow, principal, group)
        try:
            checkout = await self._checkout(group, seat, student.email)
        except Exception as exc:
            async with self._uow() as uow:
                held = await uow.group_sessions.get(group_id, lock=True)
                if held is not None:
                    await self._end_hold(uow, held, held.seat(seat.id), self._clock.now(),
                                         "the payment gateway could not be reached")
                    await uow.commit()
            raise PaymentsUnavailable() from exc
        async with self._uow() as uow:
            group = await self._visible(uow, principal, group_id, lock=True)
            seat = group.seat(seat.id)
            if seat.status is SeatStatus.HELD:
                group.await_payment(seat.id, checkout.ref, self._clock.now(),
                                    checkout.expires_at)
                await uow.schedules.put(_hold_schedule(group, seat, now))
                await uow.commit()
            return replace(await self._view(uow, principal, group), checkout_url=checkout.url)

    async def _checkout(self, group: GroupSession, seat: Seat, email: str) -> Checkout:
        assert seat.hold_expires_at is not None  # held
        return await self._gateway.create_checkout(CheckoutRequest(
            session_id=seat.id, amount=seat.price, currency=group.currency,
            description=f"Seat: {group.title}"[:200], customer_email=email,
            # The student's seats page (the client has no page per group session).
            success_url=f"{self._public_url}/group-sessions?session={group.id}&paid=1",
            cancel_url=f"{self._public_url}/group-sessions?session={group.id}&cancelled=1",
            expires_at=seat.hold_expires_at), idempotency_key=seat_checkout_key(seat.id))

    @staticmethod
    async def _end_hold(uow: UnitOfWork, group: GroupSession, seat: Seat, now: datetime,
                        reason: str) -> bool:
        if group.end_hold(seat.id, now, reason) is None:
            return False
        await uow.schedules.cancel(seat_hold_key(seat.id))
        return True

    async def cancel_seat(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        """The student gives their seat back: a held one simply ends (its checkout closed);
        a paid one is refunded per the terms copied on the session."""
        self.require_enabled()
        now = self._clock.now()
        async with self._uow() as uow:
            group = await self._visible(uow, principal, group_id, lock=True)
            seat, refund = group.cancel_seat(principal.user_id, now)
            if seat.status is SeatStatus.EXPIRED:
                await uow.schedules.cancel(seat_hold_key(seat.id))
            sending = await self._stage_refund(uow, group, seat, refund, now, "cancel")
            await uow.commit()
            view = await self._view(uow, principal, group)
        if seat.status is SeatStatus.EXPIRED:
            await self._close_checkout(seat)
        await try_refund(self._uow, self._gateway, sending)
        return view

    async def cancel(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        """Its mentor (before the start) or an admin calls the session off; every seat is
        released, each paid one refunded in full by a durable refund of its own."""
        self.require_enabled()
        now = self._clock.now()
        async with self._uow() as uow:
            group = await self._visible(uow, principal, group_id, lock=True)
            if not principal.is_admin and principal.user_id != group.mentor_id:
                raise PermissionDenied("Only the session's mentor can call it off.")
            held = [seat for seat in group.seats if seat.status is SeatStatus.HELD]
            released = group.cancel(now, by_admin=principal.is_admin)
            await _called_off(uow, group, now)
            for seat in held:
                await uow.schedules.cancel(seat_hold_key(seat.id))
            refunds = [await self._stage_refund(uow, group, seat, seat.refunded, now, "cancel")
                       for seat in released]
            await uow.commit()
            view = await self._view(uow, principal, group)
        for seat in held:
            await self._close_checkout(seat)
        for refund in refunds:
            await try_refund(self._uow, self._gateway, refund)
        return view

    async def account_deleted(self, event: UserDeleted) -> None:
        """A deleted account gives up what it had still to come: its held and taken seats are
        released (paid ones refunded in full), and a mentor's scheduled sessions are called
        off (every paid seat refunded). One session per transaction; a second delivery finds
        nothing left to do."""
        async with self._uow() as uow:
            upcoming = await uow.group_sessions.upcoming_of(event.user_id, self._clock.now())
        for group_id in upcoming:
            now = self._clock.now()
            async with self._uow() as uow:
                group = await uow.group_sessions.get(group_id, lock=True)
                if group is None or group.status is not GroupSessionStatus.SCHEDULED or \
                        now >= group.starts_at:
                    continue
                held = [seat for seat in group.seats if seat.status is SeatStatus.HELD
                        and event.user_id in (seat.student_id, group.mentor_id)]
                if group.mentor_id == event.user_id:
                    released = group.cancel(now, by_admin=True)
                    await _called_off(uow, group, now)
                    refunds = [await self._stage_refund(uow, group, seat, seat.refunded, now,
                                                        "cancel") for seat in released]
                else:
                    freed = group.release_seat_of(event.user_id, now)
                    if freed is None:
                        continue
                    seat, refund = freed
                    refunds = [await self._stage_refund(uow, group, seat, refund, now,
                                                        "cancel")]
                for seat in held:
                    await uow.schedules.cancel(seat_hold_key(seat.id))
                await uow.commit()
            for seat in held:
                await self._close_checkout(seat)
            for sending in refunds:
                await try_refund(self._uow, self._gateway, sending)

    async def _stage_refund(self, uow: UnitOfWork, group: GroupSession, seat: Seat,
                            amount: int, now: datetime, kind: str) -> RefundDue | None:
        """Posts ``amount`` of the seat's payment back and orders it sent, in the caller's
        transaction (the seat's change, the posting and the order are one decision)."""
        if amount <= 0 or seat.payment_ref is None:
            return None
        uow.ledger.post(ledger.refund(
            session_id=None, seat_id=seat.id, mentor_id=group.mentor_id, amount=amount,
            gross=seat.paid, commission=ledger.commission_of(seat.paid, self._commission_bp),
            released=False, currency=group.currency, at=now,
            refunded_before=seat.refunded - amount))
        refund = RefundDue(occurred_at=now, session_id=seat.id, payment_ref=seat.payment_ref,
                           amount=amount, idempotency_key=seat_refund_key(seat.id, kind))
        await uow.schedules.put(refund_schedule(refund))
        return refund

    # -- the gateway's word ----------------------------------------------------------------

    async def payment_event(self, event: GatewayEvent) -> bool:
        """Applies a verified gateway event about a seat's checkout once (False: the checkout
        is not a seat's). A payment for a held seat takes it; one for a seat that stopped
        waiting (lapsed, given up, called off) or of the wrong amount goes straight back, once
        (the seat keeps the payment's reference: a second event about it changes nothing)."""
        if event.checkout_ref is None or event.kind not in (GatewayEventKind.PAID,
                                                              GatewayEventKind.EXPIRED):
            return False
        refund: RefundDue | None = None
        async with self._uow() as uow:
            group = await uow.group_sessions.by_checkout(event.checkout_ref, lock=True)
            if group is None:
                return False
            now = self._clock.now()
            if not await uow.payment_events.first_time(event.id, event.type, now):
                return True
            seat = next(s for s in group.seats if s.checkout_ref == event.checkout_ref)
            if event.kind is GatewayEventKind.EXPIRED:
                await self._end_hold(uow, group, seat, now, "checkout expired")
            elif seat.status is SeatStatus.HELD and event.amount == seat.price and \
                    group.status is GroupSessionStatus.SCHEDULED:
                group.confirm_seat(seat.id, seat.price, now, event.payment_ref)
                await uow.schedules.cancel(seat_hold_key(seat.id))
                uow.ledger.post(ledger.payment_received(
                    session_id=None, seat_id=seat.id, mentor_id=group.mentor_id,
                    gross=seat.price, currency=group.currency, at=now,
                    commission_bp=self._commission_bp))
            elif event.payment_ref is not None and event.amount and seat.payment_ref is None:
                uow.ledger.post(ledger.payment_received(
                    session_id=None, seat_id=seat.id, mentor_id=group.mentor_id,
                    gross=event.amount, currency=group.currency, at=now,
                    commission_bp=self._commission_bp))
                group.refund_late_payment(seat.id, event.amount, event.payment_ref)
                refund = await self._stage_refund(uow, group, seat, event.amount, now, "late")
            await uow.commit()
        await try_refund(self._uow, self._gateway, refund)
        return True

    async def seat_hold_lapsed(self, event: SeatHoldLapsed) -> None:
        """A held seat's time is up: unpaid, it frees its place and its checkout ends. The
        gateway is asked first: a payment whose webhook was lost takes the seat instead."""
        async with self._uow() as uow:
            group = await uow.group_sessions.get(event.group_session_id)
            seat = group.seat(event.seat_id) if group is not None else None
            ref = seat.checkout_ref if seat is not None and seat.hold_has_lapsed(
                self._clock.now()) else None
        reported = await paid_meanwhile(self._gateway, ref)
        if reported is not None:
            await self.payment_event(reported)
            return
        async with self._uow() as uow:
            group = await uow.group_sessions.get(event.group_session_id, lock=True)
            if group is None:
                return
            seat = group.seat(event.seat_id)
            if not seat.hold_has_lapsed(self._clock.now()):
                return
            await self._end_hold(uow, group, seat, self._clock.now(), "hold expired")
            await uow.commit()
        await self._close_checkout(seat)

    async def _close_checkout(self, seat: Seat) -> None:
        """Ends an unpaid seat's checkout, so that nobody pays for a seat that is gone. Best
        effort: it ends by itself with the hold, and a payment that slips through is
        refunded."""
        if seat.checkout_ref is not None:
            with contextlib.suppress(Exception):
                await self._gateway.expire_checkout(seat.checkout_ref)

    async def complete(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        self.require_enabled()
        async with self._uow() as uow:
            group = await self._visible(uow, principal, group_id, lock=True)
            if principal.user_id != group.mentor_id:
                raise PermissionDenied("Only the session's mentor marks it held.")
            await self._complete(uow, group)
            await uow.schedules.cancel(completion_schedule_key(group.id))
            await uow.commit()
            return await self._view(uow, principal, group)

    async def completion_due(self, event: GroupCompletionDue) -> None:
        """A day after the end, a session its mentor did not mark held completes by itself
        (a session called off, or completed meanwhile, stays as it is)."""
        async with self._uow() as uow:
            group = await uow.group_sessions.get(event.group_session_id, lock=True)
            if group is None or group.status is not GroupSessionStatus.SCHEDULED:
                return
            await self._complete(uow, group)
            await uow.commit()

    async def _complete(self, uow: UnitOfWork, group: GroupSession) -> None:
        """Completes the session and releases the mentor's share of each paid seat (a group
        session has no complaint window: its seats settle when it completes)."""
        now = self._clock.now()
        held = [seat for seat in group.seats if seat.status is SeatStatus.HELD]
        group.complete(now)
        for seat in held:
            await uow.schedules.cancel(seat_hold_key(seat.id))
        for seat in group.seats:
            if seat.paid:
                posting = seat_release(group, seat,
                                       await uow.ledger.postings(seat_id=seat.id), now)
                if posting is not None:
                    uow.ledger.post(posting)

    async def get(self, principal: Principal, group_id: UUID) -> GroupSessionView:
        self.require_enabled()
        async with self._uow() as uow:
            return await self._view(uow, principal,
                                    await self._visible(uow, principal, group_id))

    async def open_of_mentor(self, principal: Principal | None, mentor_id: UUID,
                             page: PageRequest) -> Page[GroupSessionView]:
        """A mentor's group sessions that students may still join, soonest first; visitors
        (None) see them too, with the mentor's name only."""
        self.require_enabled()
        async with self._uow() as uow:
            await _require_bookable(uow, mentor_id)
            found = await uow.group_sessions.of_mentor(mentor_id, open_after=self._clock.now(),
                                                       page=page)
            return await self._views(uow, principal, found)

    async def mine(self, principal: Principal, page: PageRequest) -> Page[GroupSessionView]:
        """A mentor's own group sessions, or those a student took a seat in."""
        self.require_enabled()
        async with self._uow() as uow:
            if principal.role is Role.MENTOR:
                found = await uow.group_sessions.of_mentor(principal.user_id, open_after=None,
                                                           page=page)
            else:
                found = await uow.group_sessions.of_student(principal.user_id, page)
            return await self._views(uow, principal, found)

    @staticmethod
    async def _visible(uow: UnitOfWork, principal: Principal, group_id: UUID, *,
                       lock: bool = False) -> GroupSession:
        """Its mentor and admins see it; a student while it is open to seats, or when they
        took one. Nobody else learns it exists."""
        group = await uow.group_sessions.get(group_id, lock=lock)
        if group is None or not (
                principal.is_admin or principal.user_id == group.mentor_id
                or (principal.role is Role.STUDENT and (
                    group.status is GroupSessionStatus.SCHEDULED
                    or any(seat.student_id == principal.user_id for seat in group.seats)))):
            raise GroupSessionNotFound()
        return group

    @staticmethod
    async def _views(uow: UnitOfWork, principal: Principal | None,
                     found: Page[GroupSession]) -> Page[GroupSessionView]:
        # The page's people in one read.
        wanted = {person for group in found.items for person in _shown(principal, group)}
        people = {uid: user.display_name
                  for uid, user in (await uow.users.get_many(wanted)).items()}
        return Page(items=[_view_of(principal, group, people) for group in found.items],
                    total=found.total, page=found.page, page_size=found.page_size)

    @classmethod
    async def _view(cls, uow: UnitOfWork, principal: Principal,
                    group: GroupSession) -> GroupSessionView:
        [view] = (await cls._views(uow, principal, Page(items=[group], total=1, page=1,
                                                        page_size=1))).items
        return view


async def _require_bookable(uow: UnitOfWork, mentor_id: UUID) -> None:
    """Like a one-to-one booking: a mentor who is not (or no longer) verified and active takes
    no students."""
    profile = await uow.mentors.get(mentor_id)
    mentor = await uow.users.get(mentor_id)
    if profile is None or mentor is None or not profile.is_public or \
            mentor.status is not UserStatus.ACTIVE:
        raise MentorProfileNotFound()


async def _plan_reminders(uow: UnitOfWork, group: GroupSession, now: datetime) -> None:
    """Puts the session's reminders, or cancels them once it is no longer scheduled."""
    await apply_plan(uow, group_reminder_plan(group, now))


async def _called_off(uow: UnitOfWork, group: GroupSession, now: datetime) -> None:
    """A session called off neither completes nor reminds anyone."""
    await uow.schedules.cancel(completion_schedule_key(group.id))
    await _plan_reminders(uow, group, now)


def _hold_schedule(group: GroupSession, seat: Seat, now: datetime) -> Schedule:
    """The seat's hold lapse (the same key moves it when the checkout sets its end)."""
    assert seat.hold_expires_at is not None  # held
    return Schedule(key=seat_hold_key(seat.id), due_at=seat.hold_expires_at, grace=HOLD_GRACE,
                    event=SeatHoldLapsed(occurred_at=now, group_session_id=group.id,
                                         seat_id=seat.id))


def _shown(principal: Principal | None, group: GroupSession) -> set[UUID]:
    """Whose names the caller sees: the mentor's, and the seat holders' for insiders."""
    if principal is not None and (principal.is_admin or principal.user_id == group.mentor_id):
        return {group.mentor_id, *(seat.student_id for seat in group.taken)}
    return {group.mentor_id}


def _view_of(principal: Principal | None, group: GroupSession,
             people: Mapping[UUID, str]) -> GroupSessionView:
    return GroupSessionView(
        group=group, mentor_name=people.get(group.mentor_id, ""),
        student_names={uid: people[uid] for uid in _shown(principal, group) - {group.mentor_id}
                       if uid in people})


class GroupSessionTimers:
    """The handler of the group sessions' durable schedule."""

    def __init__(self, group_sessions: GroupSessionService) -> None:
        self._group_sessions = group_sessions

    def subscriptions(self) -> list[Subscription]:
        return [on(GroupCompletionDue, self.completion_due),
                on(SeatHoldLapsed, self.seat_hold_lapsed),
                on(UserDeleted, self.account_deleted)]

    async def completion_due(self, event: GroupCompletionDue) -> None:
        await self._group_sessions.completion_due(event)

    async def seat_hold_lapsed(self, event: SeatHoldLapsed) -> None:
        await self._group_sessions.seat_hold_lapsed(event)

    async def account_deleted(self, event: UserDeleted) -> None:
        await self._group_sessions.account_deleted(event)
