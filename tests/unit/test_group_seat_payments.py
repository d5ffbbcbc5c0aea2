"""Paid seats of group sessions on the in-memory fakes: a seat held while its checkout is open,
taken by the gateway's payment (once, however often it is told), freed when its hold lapses,
a payment after that refunded; refunds when a student gives a paid seat back or the mentor
calls the session off, sent later when the gateway is down; the mentor's share released when
the session completes."""

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from edu_core.application.bookings import PaymentsUnavailable
from edu_core.application.earnings import EarningKind, EarningsService, report_csv
from edu_core.application.group_sessions import GroupSessionTimers
from edu_core.domain.bookings import (
    CancellationPolicy,
    IllegalSessionTransition,
    PaymentMismatch,
    ledger,
)
from edu_core.domain.bookings.earnings import ShareStatus
from edu_core.domain.bookings.group import (
    GroupSession,
    GroupSessionFull,
    GroupSessionStatus,
    InvalidGroupSession,
    SeatHoldLapsed,
    SeatStatus,
    seat_checkout_key,
    seat_hold_key,
    seat_refund_key,
)
from edu_core.domain.bookings.refunds import RefundDue
from edu_core.domain.identity import UserDeleted
from edu_core.domain.schedules import ScheduleStatus
from edu_core.ports.payments import GatewayEvent, GatewayEventKind
from tests.unit.test_group_sessions import NOW, SLOT, World

PRICE = 2000


def paid(ref: str, amount: int = PRICE, *, event_id: str | None = None,
         payment_ref: str = "pi_1") -> GatewayEvent:
    return GatewayEvent(id=event_id or f"evt_{ref}", type="checkout.session.completed",
                        kind=GatewayEventKind.PAID, checkout_ref=ref, payment_ref=payment_ref,
                        amount=amount, currency="EUR")


def stored(world: World, group_id: UUID) -> GroupSession:
    return world.uow.store.bookings.groups[group_id]


def seat_postings(world: World, seat_id: UUID) -> list[ledger.Posting]:
    return [p for p in world.uow.store.bookings.postings if p.seat_id == seat_id]


async def test_a_paid_seat_is_held_until_the_gateway_reports_its_payment() -> None:
    world = World()
    group = await world.schedule(capacity=2, seat_price=PRICE)
    ann = world.user()
    held = await world.groups.take_seat(ann, group.id)
    [seat] = held.group.seats
    assert (seat.status, seat.price, held.group.seats_left) == (SeatStatus.HELD, PRICE, 1)
    assert seat.hold_expires_at == NOW + timedelta(minutes=10)
    assert held.checkout_url == "https://pay.example/cs_fake_1"
    request = world.gateway.checkouts["cs_fake_1"]
    assert (request.session_id, request.amount, request.currency) == (seat.id, PRICE, "EUR")
    assert world.uow.store.schedules[seat_hold_key(seat.id)].due_at == seat.hold_expires_at

    # A second click answers the same checkout, and holds no second seat.
    again = await world.groups.take_seat(ann, group.id)
    assert (again.checkout_url, len(again.group.seats)) == (held.checkout_url, 1)
    assert list(world.gateway.checkouts) == ["cs_fake_1"]

    assert await world.groups.payment_event(paid("cs_fake_1"))
    assert await world.groups.payment_event(paid("cs_fake_1"))  # redelivered: nothing more
    taken = stored(world, group.id).seats[0]
    assert (taken.status, taken.paid, taken.payment_ref) == (SeatStatus.TAKEN, PRICE, "pi_1")
    [payment] = seat_postings(world, seat.id)
    assert payment.kind is ledger.PostingKind.PAYMENT and payment.session_id is None
    assert ledger.owed_to_mentor([payment], world.mentor.user_id, "EUR") == (1700, 0)
    assert world.uow.store.schedules[seat_hold_key(seat.id)].status is \
        ScheduleStatus.CANCELLED
    # Not a seat's checkout: left to the bookings.
    assert not await world.groups.payment_event(paid("cs_unknown"))


async def test_held_seats_count_against_the_capacity_and_lapse_unpaid() -> None:
    world = World()
    timers = GroupSessionTimers(world.groups)
    group = await world.schedule(capacity=2, seat_price=PRICE)
    ann, bob = world.user(), world.user()
    await world.groups.take_seat(ann, group.id)
    await world.groups.take_seat(bob, group.id)
    with pytest.raises(GroupSessionFull):
        await world.groups.take_seat(world.user(), group.id)

    ann_seat = stored(world, group.id).seat_of(ann.user_id)
    assert ann_seat is not None
    lapse = SeatHoldLapsed(occurred_at=NOW, group_session_id=group.id, seat_id=ann_seat.id)
    await timers.seat_hold_lapsed(lapse)  # too early: nothing
    assert stored(world, group.id).seats_left == 0
    world.clock.advance(minutes=11)
    await timers.seat_hold_lapsed(lapse)
    seats = {s.student_id: s.status for s in stored(world, group.id).seats}
    assert seats[ann.user_id] is SeatStatus.EXPIRED
    assert ann_seat.checkout_ref in world.gateway.expired
    assert stored(world, group.id).seats_left == 1
    # Taking a seat again when the own hold has lapsed opens a new one.
    carol = world.user()
    await world.groups.take_seat(carol, group.id)
    assert stored(world, group.id).seats_left == 0


async def test_a_lost_webhook_is_found_when_the_hold_lapses() -> None:
    world = World()
    group = await world.schedule(seat_price=PRICE)
    ann = world.user()
    await world.groups.take_seat(ann, group.id)
    [seat] = stored(world, group.id).seats
    world.gateway.reported["cs_fake_1"] = paid("cs_fake_1")
    world.clock.advance(minutes=11)
    await world.groups.seat_hold_lapsed(SeatHoldLapsed(
        occurred_at=NOW, group_session_id=group.id, seat_id=seat.id))
    assert stored(world, group.id).seats[0].status is SeatStatus.TAKEN


async def test_a_payment_after_the_lapse_goes_back_once() -> None:
    world = World()
    group = await world.schedule(seat_price=PRICE)
    ann = world.user()
    await world.groups.take_seat(ann, group.id)
    [seat] = stored(world, group.id).seats
    world.clock.advance(minutes=11)
    await world.groups.seat_hold_lapsed(SeatHoldLapsed(
        occurred_at=NOW, group_session_id=group.id, seat_id=seat.id))
    await world.groups.payment_event(paid("cs_fake_1"))
    # The same payment told again by another event: decided once.
    await world.groups.payment_event(paid("cs_fake_1", event_id="evt_other"))
    late = stored(world, group.id).seats[0]
    assert (late.status, late.paid, late.refunded) == (SeatStatus.EXPIRED, PRICE, PRICE)
    assert world.gateway.refunds == {seat_refund_key(seat.id, "late"): ("pi_1", PRICE)}
    postings = seat_postings(world, seat.id)
    assert [p.kind for p in postings] == [ledger.PostingKind.PAYMENT, ledger.PostingKind.REFUND]
    assert ledger.owed_to_mentor(postings, world.mentor.user_id, "EUR") == (0, 0)


async def test_a_paid_seat_given_back_is_refunded_per_the_terms() -> None:
    world = World()
    group = await world.schedule(seat_price=PRICE, capacity=3)
    early, late, unpaid = world.user(), world.user(), world.user()
    for student, ref in ((early, "cs_fake_1"), (late, "cs_fake_2")):
        await world.groups.take_seat(student, group.id)
        await world.groups.payment_event(paid(ref, payment_ref=f"pi_{ref}"))
    await world.groups.take_seat(unpaid, group.id)

    back = await world.groups.cancel_seat(early, group.id)  # two days ahead: all of it
    seat = next(s for s in back.group.seats if s.student_id == early.user_id)
    assert (seat.status, seat.refunded) == (SeatStatus.CANCELLED, PRICE)
    assert world.gateway.refunds[seat_refund_key(seat.id, "cancel")] == ("pi_cs_fake_1", PRICE)

    world.clock.advance(hours=40)  # inside the 24 hours: the late half
    back = await world.groups.cancel_seat(late, group.id)
    seat = next(s for s in back.group.seats if s.student_id == late.user_id)
    assert seat.refunded == PRICE // 2
    assert ledger.owed_to_mentor(seat_postings(world, seat.id), world.mentor.user_id,
                                 "EUR") == (850, 0)

    gone = await world.groups.cancel_seat(unpaid, group.id)  # never paid: the hold ends
    seat = next(s for s in gone.group.seats if s.student_id == unpaid.user_id)
    assert (seat.status, seat.refunded) == (SeatStatus.EXPIRED, 0)
    assert seat.checkout_ref in world.gateway.expired
    assert len(world.gateway.refunds) == 2


async def test_calling_it_off_refunds_every_paid_seat_even_with_the_gateway_down() -> None:
    world = World()
    group = await world.schedule(seat_price=PRICE, capacity=3)
    ann, bob, carol = world.user(), world.user(), world.user()
    for student, ref in ((ann, "cs_fake_1"), (bob, "cs_fake_2")):
        await world.groups.take_seat(student, group.id)
        await world.groups.payment_event(paid(ref, payment_ref=f"pi_{ref}"))
    await world.groups.take_seat(carol, group.id)  # held, unpaid

    world.gateway.down = True
    view = await world.groups.cancel(world.mentor, group.id)  # the refunds wait
    assert {s.student_id: s.status for s in view.group.seats} == {
        ann.user_id: SeatStatus.RELEASED, bob.user_id: SeatStatus.RELEASED,
        carol.user_id: SeatStatus.EXPIRED}
    assert world.gateway.refunds == {}
    due = [s for s in world.uow.store.schedules.values()
           if isinstance(s.event, RefundDue) and s.status is ScheduleStatus.PENDING]
    assert sorted(s.key for s in due) == sorted(
        seat_refund_key(s.id, "cancel") for s in view.group.seats if s.paid)

    world.gateway.down = False
    for schedule in due:  # the schedule's retry
        assert isinstance(schedule.event, RefundDue)
        await world.bookings.send_refund(schedule.event)
    assert sorted(world.gateway.refunds.values()) == [("pi_cs_fake_1", PRICE),
                                                     ("pi_cs_fake_2", PRICE)]
    for seat in view.group.seats:
        assert ledger.owed_to_mentor(seat_postings(world, seat.id), world.mentor.user_id,
                                     "EUR") == (0, 0)


async def test_a_gateway_down_at_checkout_frees_the_seat() -> None:
    world = World()
    group = await world.schedule(seat_price=PRICE)
    world.gateway.down = True
    with pytest.raises(PaymentsUnavailable):
        await world.groups.take_seat(world.user(), group.id)
    assert [s.status for s in stored(world, group.id).seats] == [SeatStatus.EXPIRED]
    assert stored(world, group.id).seats_left == 2


async def test_completion_releases_the_mentors_share_of_each_paid_seat_once() -> None:
    world = World()
    group = await world.schedule(seat_price=PRICE)
    ann = world.user()
    await world.groups.take_seat(ann, group.id)
    await world.groups.payment_event(paid("cs_fake_1"))
    world.clock.advance(days=3)
    await world.groups.complete(world.mentor, group.id)
    [seat] = stored(world, group.id).seats
    postings = seat_postings(world, seat.id)
    assert [p.kind for p in postings] == [ledger.PostingKind.PAYMENT, ledger.PostingKind.RELEASE]
    assert ledger.owed_to_mentor(postings, world.mentor.user_id, "EUR") == (0, 1700)
    assert seat_checkout_key(seat.id) == f"seat:{seat.id}:checkout"


def test_the_aggregate_moves_a_paid_seat_only_from_held() -> None:
    group = GroupSession.schedule(
        mentor_id=uuid4(), title="Optics", starts_at=NOW + timedelta(hours=1), minutes=60,
        capacity=2, seat_price=PRICE, currency="EUR", cancellation=CancellationPolicy(),
        now=NOW)
    with pytest.raises(ValueError):  # a paid seat needs its hold's length
        group.take_seat(uuid4(), NOW)
    seat = group.take_seat(uuid4(), NOW, hold_for=timedelta(hours=3))
    assert seat.hold_expires_at == group.starts_at  # never past the start
    with pytest.raises(PaymentMismatch):
        group.confirm_seat(seat.id, PRICE - 1, NOW, "pi_1")
    group.confirm_seat(seat.id, PRICE, NOW, "pi_1")
    with pytest.raises(IllegalSessionTransition):  # taken already
        group.confirm_seat(seat.id, PRICE, NOW, "pi_1")
    assert group.end_hold(seat.id, NOW, "lapsed") is None  # a taken seat has no hold
    with pytest.raises(InvalidGroupSession):
        GroupSession.schedule(
            mentor_id=uuid4(), title="Optics", starts_at=NOW + timedelta(hours=1),
            minutes=60, capacity=2, seat_price=100_000 * 100 + 1, currency="EUR",
            cancellation=CancellationPolicy(), now=NOW)


async def test_a_deleted_student_gives_back_their_upcoming_seats_once() -> None:
    world = World()
    timers = GroupSessionTimers(world.groups)
    group = await world.schedule(seat_price=PRICE, capacity=3)
    free = await world.schedule(SLOT + timedelta(days=1))
    ann, bob = world.user(), world.user()
    await world.groups.take_seat(ann, group.id)
    await world.groups.payment_event(paid("cs_fake_1"))
    await world.groups.take_seat(bob, group.id)  # held
    await world.groups.take_seat(ann, free.id)
    for user in (ann, bob):
        for _ in range(2):  # redelivered: nothing more
            await timers.account_deleted(UserDeleted(occurred_at=NOW, user_id=user.user_id))
    seats = stored(world, group.id).seats
    assert [s.status for s in seats] == [SeatStatus.RELEASED, SeatStatus.EXPIRED]
    assert seats[0].refunded == PRICE
    assert world.gateway.refunds == {seat_refund_key(seats[0].id, "cancel"): ("pi_1", PRICE)}
    assert [s.status for s in stored(world, free.id).seats] == [SeatStatus.RELEASED]
    assert stored(world, group.id).status is GroupSessionStatus.SCHEDULED


async def test_the_mentor_s_monthly_earnings_list_each_paid_seat_of_a_completed_session() -> None:
    world = World()
    earnings = EarningsService(uow=world.uow, clock=world.clock)
    group = await world.schedule(seat_price=PRICE, capacity=4)
    ann, bob, cid, dot = world.user(), world.user(), world.user(), world.user()
    for student, ref in ((ann, "cs_fake_1"), (bob, "cs_fake_2"), (cid, "cs_fake_3")):
        await world.groups.take_seat(student, group.id)
        await world.groups.payment_event(paid(ref, payment_ref=f"pi_{ref}"))
    await world.groups.take_seat(dot, group.id)  # held, never paid: no money, no row
    world.clock.advance(hours=40)
    await world.groups.cancel_seat(cid, group.id)  # late: half comes back, half is kept
    assert (await earnings.report(world.mentor, "2026-03")).sessions == []  # not held yet

    world.clock.advance(days=2)
    await world.groups.complete(world.mentor, group.id)
    report = await earnings.report(world.mentor, "2026-03")

    seats = {s.student_id: s.id for s in stored(world, group.id).seats}
    rows = {r.session_id: r for r in report.sessions}
    assert set(rows) == {seats[ann.user_id], seats[bob.user_id], seats[cid.user_id]}
    assert {(r.kind, r.group_session_id, r.starts_at, r.minutes) for r in rows.values()} == {
        (EarningKind.GROUP_SEAT, group.id, SLOT, 60)}
    kept = rows[seats[cid.user_id]].money
    assert (kept.gross, kept.refunds, kept.net, kept.share) == (
        PRICE, PRICE // 2, 850, ShareStatus.AVAILABLE)
    [total] = report.totals
    assert (total.gross, total.refunds, total.net) == (3 * PRICE, PRICE // 2, 1700 * 2 + 850)
    [balance] = report.balances
    assert balance.available == total.net  # the rows add up to what the mentor may be paid
    csv_rows = report_csv(report).splitlines()
    assert csv_rows[1].endswith(f",group_seat,{group.id}")
    assert (await earnings.report(world.mentor, "2026-04")).sessions == []
