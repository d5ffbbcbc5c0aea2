"""Booking use cases on the in-memory fakes: hold, pay, confirm, expire, cancel, reschedule."""

from datetime import UTC, datetime, time, timedelta
from uuid import UUID, uuid4

import pytest

from adapters.memory.fakes import FakeClock
from adapters.memory.payments import FakePaymentGateway, GatewayDown
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Principal
from edu_core.application.bookings import (
    BookingService,
    BookingTimers,
    MentorDayFull,
    OnlyStudentsBook,
    PaymentsUnavailable,
    SlotUnavailable,
)
from edu_core.domain.availability import Availability, AvailabilityRules, WeeklyWindow
from edu_core.domain.bookings import (
    BookingPolicy,
    CancellationPolicy,
    SessionNotFound,
    SessionStatus,
    SlotTaken,
    TrialOffer,
    TrialUsed,
    ledger,
)
from edu_core.domain.bookings.refunds import REFUND_RETRY_AFTER, RefundDue
from edu_core.domain.bookings.session import HoldLapsed, hold_schedule_key
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.mentors import MentorProfile, MentorStatus
from edu_core.domain.schedules import ScheduleStatus
from edu_core.ports.payments import GatewayEvent, GatewayEventKind

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
# The mentor (Berlin, UTC+1 in March) offers 09:00-13:00 every day: slots at 08:00 UTC on.
SLOT = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)


class World:
    def __init__(self) -> None:
        self.uow = MemoryUnitOfWorkFactory()
        self.clock = FakeClock(NOW)
        self.gateway = FakePaymentGateway()
        self.service = BookingService(uow=self.uow, clock=self.clock, gateway=self.gateway,
                                      public_url="https://app.example")
        self.mentor = self.user(Role.MENTOR)
        self.store.mentors[self.mentor.user_id] = MentorProfile(
            user_id=self.mentor.user_id, status=MentorStatus.VERIFIED, timezone="Europe/Berlin",
            hourly_rate_cents=6000, currency="EUR", created_at=NOW, updated_at=NOW)
        self.store.availability[self.mentor.user_id] = Availability(
            mentor_id=self.mentor.user_id,
            rules=AvailabilityRules(timezone="Europe/Berlin", session_lengths=(30, 60)),
            weekly=tuple(WeeklyWindow(day, time(9), time(13)) for day in range(7)))

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.uow.store

    def user(self, role: Role = Role.STUDENT) -> Principal:
        user = User.register(email=f"u{uuid4().hex[:8]}@example.org", display_name="U",
                             role=role, password_hash="h", timezone="UTC", now=NOW)
        self.store.users[user.id] = user
        return Principal(user_id=user.id, role=role, session_id=uuid4(),
                         transport=Transport.BEARER)

    def terms(self, policy: BookingPolicy) -> None:
        self.store.bookings.policies[self.mentor.user_id] = policy

    async def pay(self, session_id: UUID, *, event_id: str | None = None,
                  amount: int | None = None) -> None:
        session = self.store.bookings.sessions[session_id]
        await self.service.payment_event(GatewayEvent(
            id=event_id or f"evt_{uuid4().hex}", type="checkout.session.completed",
            kind=GatewayEventKind.PAID, checkout_ref=session.checkout_ref,
            payment_ref=f"pi_{session_id.hex[:8]}",
            amount=session.price if amount is None else amount, currency="EUR"))

    def session(self, session_id: UUID):  # type: ignore[no-untyped-def]
        return self.store.bookings.sessions[session_id]


@pytest.fixture
def world() -> World:
    return World()


async def test_booking_holds_the_slot_and_opens_a_checkout_for_its_price(world: World) -> None:
    student = world.user()
    started = await world.service.book(student, mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=30)
    session = world.session(started.session.id)
    assert session.status is SessionStatus.AWAITING_PAYMENT
    assert (session.price, session.currency, session.minutes) == (3000, "EUR", 30)
    request = world.gateway.checkouts[session.checkout_ref]
    assert (request.amount, request.currency, request.session_id) == (3000, "EUR", session.id)
    assert started.checkout_url.endswith(session.checkout_ref)
    schedule = world.store.schedules[hold_schedule_key(session.id)]
    assert schedule.due_at == NOW + timedelta(minutes=10) == session.hold_expires_at


@pytest.mark.parametrize(("start", "minutes"), [
    (SLOT + timedelta(minutes=15), 30),  # not on the grid
    (datetime(2026, 3, 4, 13, 0, tzinfo=UTC), 60),  # outside the windows
    (SLOT, 45),  # a length the mentor does not offer
    (NOW - timedelta(hours=1), 60),  # in the past
])
async def test_only_a_free_slot_of_an_offered_length_can_be_held(
        world: World, start: datetime, minutes: int) -> None:
    with pytest.raises(SlotUnavailable):
        await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                 starts_at=start, minutes=minutes)
    assert world.store.bookings.sessions == {}


async def test_a_held_slot_is_gone_for_the_next_student(world: World) -> None:
    await world.service.book(world.user(), mentor_id=world.mentor.user_id, starts_at=SLOT,
                             minutes=60)
    for start in (SLOT, SLOT + timedelta(minutes=30)):
        with pytest.raises(SlotUnavailable):
            await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                     starts_at=start, minutes=30)


async def test_mentors_and_admins_do_not_book(world: World) -> None:
    with pytest.raises(OnlyStudentsBook):
        await world.service.book(world.user(Role.MENTOR), mentor_id=world.mentor.user_id,
                                 starts_at=SLOT, minutes=60)


async def test_the_mentor_s_daily_limit_counts_in_their_own_day(world: World) -> None:
    world.terms(BookingPolicy(max_sessions_per_day=2))
    for hour in (8, 9):
        await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                 starts_at=SLOT.replace(hour=hour), minutes=60)
    with pytest.raises(MentorDayFull):
        await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                 starts_at=SLOT.replace(hour=10), minutes=60)
    await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                             starts_at=SLOT + timedelta(days=1), minutes=60)


async def test_a_payment_confirms_once_however_often_it_is_reported(world: World) -> None:
    started = await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    for _ in range(10):
        await world.pay(started.session.id, event_id="evt_same")
    session = world.session(started.session.id)
    assert session.status is SessionStatus.CONFIRMED and session.paid == 6000
    assert hold_schedule_key(session.id) not in world.store.schedules or \
        world.store.schedules[hold_schedule_key(session.id)].status.value == "cancelled"
    postings = world.store.bookings.postings
    assert len(postings) == 1
    assert ledger.owed_to_mentor(postings, world.mentor.user_id, "EUR") == (5100, 0)
    assert [e.name for e in world.store.outbox if e.name.startswith("booking.")] == [
        "booking.held", "booking.confirmed"]


async def test_a_payment_after_the_hold_lapsed_is_refunded_not_confirmed(world: World) -> None:
    started = await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    world.clock.advance(minutes=11)
    await world.service.hold_lapsed(HoldLapsed(occurred_at=NOW, session_id=started.session.id))
    session = world.session(started.session.id)
    assert session.status is SessionStatus.EXPIRED
    assert world.gateway.expired == [session.checkout_ref]
    await world.pay(session.id, event_id="evt_late")
    assert world.session(session.id).status is SessionStatus.EXPIRED
    assert world.gateway.refunds == {
        f"booking:{session.id}:late-refund": (f"pi_{session.id.hex[:8]}", 6000)}
    assert all(v == 0 for v in ledger.balances(world.store.bookings.postings).values())
    # The student is told why the charge went back; a repeat of the event tells nothing more.
    await world.pay(session.id, event_id="evt_late")
    # Another event about the same payment (a different id) posts and refunds nothing twice.
    await world.pay(session.id, event_id="evt_late_again")
    told = [e for e in world.store.outbox if e.name == "booking.late_payment_refunded"]
    assert [(e.refund, e.currency) for e in told] == [(6000, "EUR")]  # type: ignore[attr-defined]
    assert [p.kind for p in world.store.bookings.postings if p.session_id == session.id] == [
        ledger.PostingKind.PAYMENT, ledger.PostingKind.REFUND]


async def test_a_hold_that_was_paid_is_not_expired_by_its_timer(world: World) -> None:
    started = await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    await world.pay(started.session.id)
    world.clock.advance(minutes=30)
    await world.service.hold_lapsed(HoldLapsed(occurred_at=NOW, session_id=started.session.id))
    assert world.session(started.session.id).status is SessionStatus.CONFIRMED
    assert world.gateway.expired == []


async def test_an_unreachable_gateway_releases_the_slot_at_once(world: World) -> None:
    world.gateway.down = True
    with pytest.raises(PaymentsUnavailable):
        await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                 starts_at=SLOT, minutes=60)
    [session] = world.store.bookings.sessions.values()
    assert session.status is SessionStatus.EXPIRED
    world.gateway.down = False
    await world.service.book(world.user(), mentor_id=world.mentor.user_id, starts_at=SLOT,
                             minutes=60)


async def test_a_trial_is_its_own_length_and_price_once_per_mentor(world: World) -> None:
    mentor_id = world.mentor.user_id

    async def available(viewer: Principal | None) -> bool | None:
        return (await world.service.offered_terms(mentor_id, viewer)).trial_available

    student = world.user()
    assert await available(student) is False  # no trial offered
    world.terms(BookingPolicy(trial=TrialOffer(minutes=15, price_percent=0)))
    assert (await available(student), await available(None),
            await available(world.mentor)) == (True, None, None)
    started = await world.service.book(student, mentor_id=mentor_id,
                                       starts_at=SLOT, minutes=60, trial=True)
    assert (started.session.minutes, started.session.price) == (15, 0)
    assert await available(student) is False
    assert await available(world.user()) is True
    with pytest.raises(TrialUsed):
        await world.service.book(student, mentor_id=mentor_id,
                                 starts_at=SLOT + timedelta(days=1), minutes=60, trial=True)
    # A trial given up before paying never took place: it is the student's again.
    await world.service.cancel(student, started.session.id)
    assert await available(student) is True


async def test_a_late_student_cancellation_refunds_the_terms_share_through_the_gateway(
        world: World) -> None:
    world.terms(BookingPolicy(cancellation=CancellationPolicy(free_until_hours=72,
                                                              late_refund_percent=50)))
    student = world.user()
    started = await world.service.book(student, mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    await world.pay(started.session.id)
    cancelled = await world.service.cancel(student, started.session.id, reason="ill")
    assert cancelled.status is SessionStatus.CANCELLED and cancelled.refunded == 3000
    assert world.gateway.refunds == {
        f"booking:{cancelled.id}:cancel-refund": (f"pi_{cancelled.id.hex[:8]}", 3000)}
    # What the student does not get back is the mentor's at once: nothing is left to dispute.
    assert ledger.owed_to_mentor(world.store.bookings.postings, world.mentor.user_id,
                                 "EUR") == (0, 2550)
    # The slot is free again.
    await world.service.book(world.user(), mentor_id=world.mentor.user_id, starts_at=SLOT,
                             minutes=60)


async def test_a_refund_the_gateway_refuses_is_kept_and_sent_by_its_schedule(
        world: World) -> None:
    student = world.user()
    started = await world.service.book(student, mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    await world.pay(started.session.id)
    key = f"booking:{started.session.id}:cancel-refund"
    world.gateway.down = True
    cancelled = await world.service.cancel(student, started.session.id, reason="ill")
    # The cancellation stands, with its refund posted; only the money is still to go.
    assert (cancelled.status, cancelled.refunded) == (SessionStatus.CANCELLED, 6000)
    assert world.gateway.refunds == {}
    retry = world.store.schedules[key]
    assert (retry.status, retry.due_at) == (ScheduleStatus.PENDING, NOW + REFUND_RETRY_AFTER)
    assert isinstance(retry.event, RefundDue)
    timers = BookingTimers(world.service)
    with pytest.raises(GatewayDown):  # still down: the delivery fails and is tried again
        await timers.refund_due(retry.event)
    assert world.store.schedules[key].status is ScheduleStatus.PENDING

    world.gateway.down = False
    await timers.refund_due(retry.event)
    await timers.refund_due(retry.event)  # a repeated delivery sends nothing twice
    assert world.gateway.refunds == {key: (f"pi_{started.session.id.hex[:8]}", 6000)}
    assert world.store.schedules[key].status is ScheduleStatus.CANCELLED


async def test_a_refund_sent_at_once_leaves_no_retry_behind(world: World) -> None:
    student = world.user()
    started = await world.service.book(student, mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    await world.pay(started.session.id)
    await world.service.cancel(student, started.session.id)
    key = f"booking:{started.session.id}:cancel-refund"
    assert key in world.gateway.refunds
    assert world.store.schedules[key].status is ScheduleStatus.CANCELLED


async def test_another_student_neither_sees_nor_touches_a_session(world: World) -> None:
    started = await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    stranger = world.user()
    with pytest.raises(SessionNotFound):
        await world.service.get(stranger, started.session.id)
    with pytest.raises(SessionNotFound):
        await world.service.cancel(stranger, started.session.id)
    seen = await world.service.get(world.mentor, started.session.id)
    assert (seen.session.id, seen.student_name, seen.mentor_name, seen.reviewed) == (
        started.session.id, "U", "U", False)


async def test_a_student_who_gives_up_before_paying_frees_the_slot(world: World) -> None:
    student = world.user()
    started = await world.service.book(student, mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    gone = await world.service.cancel(student, started.session.id)
    assert gone.status is SessionStatus.EXPIRED
    assert world.gateway.expired == [gone.checkout_ref] and world.gateway.refunds == {}


async def test_a_reschedule_moves_to_another_free_slot_only(world: World) -> None:
    student = world.user()
    first = await world.service.book(student, mentor_id=world.mentor.user_id,
                                     starts_at=SLOT, minutes=60)
    await world.pay(first.session.id)
    other = await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                     starts_at=SLOT + timedelta(hours=2), minutes=60)
    with pytest.raises(SlotUnavailable):
        await world.service.reschedule(student, first.session.id,
                                       starts_at=other.session.starts_at)
    moved = await world.service.reschedule(student, first.session.id,
                                           starts_at=SLOT + timedelta(hours=1))
    assert moved.starts_at == SLOT + timedelta(hours=1) and moved.sequence == 1


async def test_two_holds_racing_for_one_slot_leave_one(world: World) -> None:
    import asyncio

    outcomes = await asyncio.gather(*(
        world.service.book(world.user(), mentor_id=world.mentor.user_id, starts_at=SLOT,
                           minutes=60) for _ in range(5)), return_exceptions=True)
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    assert all(isinstance(o, SlotTaken | SlotUnavailable) for o in outcomes
               if isinstance(o, BaseException))


async def test_a_held_slot_vanishes_from_the_calendar_until_its_hold_lapses(
        world: World) -> None:
    from edu_core.application.availability import AvailabilityService

    calendar = AvailabilityService(uow=world.uow, clock=world.clock)

    async def starts() -> list[datetime]:
        view = await calendar.slots(world.mentor.user_id, start=SLOT.date(), days=1,
                                    viewer_timezone="UTC", session_minutes=60)
        return [s.start for s in view.slots]

    assert SLOT in await starts()
    started = await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    assert SLOT not in await starts() and SLOT + timedelta(hours=1) in await starts()
    world.clock.advance(minutes=11)
    await world.service.hold_lapsed(HoldLapsed(occurred_at=NOW, session_id=started.session.id))
    assert SLOT in await starts()


def test_the_first_free_slot_skips_what_sessions_take() -> None:
    from edu_core.application.mentors import first_free_slot

    availability = World().store.availability
    [calendar] = availability.values()
    day = (SLOT, SLOT + timedelta(hours=4))
    assert first_free_slot(calendar, start=day[0], end=day[1], now=NOW).start == SLOT
    taken = [(SLOT, SLOT + timedelta(minutes=30)), (SLOT + timedelta(minutes=30),
                                                    SLOT + timedelta(hours=1))]
    found = first_free_slot(calendar, start=day[0], end=day[1], now=NOW, busy=taken)
    assert found is not None and found.start == SLOT + timedelta(hours=1)


async def test_a_payment_whose_webhook_was_lost_confirms_when_the_hold_ends(
        world: World) -> None:
    started = await world.service.book(world.user(), mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    ref = started.session.checkout_ref
    assert ref is not None
    world.gateway.reported[ref] = GatewayEvent(
        id="evt_reconciled", type="checkout.session.completed", kind=GatewayEventKind.PAID,
        checkout_ref=ref, payment_ref="pi_lost", amount=6000, currency="EUR")
    world.clock.advance(minutes=11)
    await world.service.hold_lapsed(HoldLapsed(occurred_at=NOW, session_id=started.session.id))
    session = world.session(started.session.id)
    assert (session.status, session.payment_ref) == (SessionStatus.CONFIRMED, "pi_lost")
    assert world.gateway.expired == []
