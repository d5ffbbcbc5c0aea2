"""ONE behaviour suite for booked sessions, booking terms, the ledger and the payment event log,
run against the in-memory fake and Postgres: no double booking, by construction."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from adapters.cli.demo_reviews import past_session
from edu_core.domain.bookings import (
    BookingPolicy,
    CancellationPolicy,
    CancelledBy,
    MentoringSession,
    SessionStatus,
    SlotTaken,
    StudentBusy,
    TrialOffer,
    TrialUsed,
    ledger,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import Role, User
from edu_core.domain.mentors import MentorProfile
from edu_core.domain.pagination import PageRequest
from edu_core.domain.reviews import Review
from edu_core.ports.unit_of_work import UnitOfWork

Factory = Callable[[], UnitOfWork]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=2)


async def person(uow_factory: Factory, role: Role = Role.STUDENT, name: str = "P") -> User:
    user = User.register(email=f"p{uuid.uuid4().hex[:10]}@example.org", display_name=name,
                         role=role, password_hash="h", timezone="UTC", now=NOW)
    async with uow_factory() as uow:
        uow.users.add(user)
        await uow.commit()
    if role is Role.MENTOR:  # booking terms belong to a mentor profile
        async with uow_factory() as uow:
            await uow.mentors.save(MentorProfile.start(user.id, timezone="UTC", now=NOW))
            await uow.commit()
    return user


def hold(student: User, mentor: User, start: datetime = START, minutes: int = 60,
         trial: bool = False) -> MentoringSession:
    return MentoringSession.hold(
        student_id=student.id, mentor_id=mentor.id, starts_at=start, minutes=minutes,
        price=4000, currency="EUR", cancellation=CancellationPolicy(), trial=trial,
        hold_for=timedelta(minutes=10), now=NOW)


async def store(uow_factory: Factory, session: MentoringSession) -> None:
    async with uow_factory() as uow:
        uow.bookings.add(session)
        await uow.commit()


async def test_a_session_round_trips_with_its_history_and_raises_its_events(
        uow_factory: Factory) -> None:
    student, mentor = await person(uow_factory), await person(uow_factory, Role.MENTOR)
    session = hold(student, mentor)
    await store(uow_factory, session)
    async with uow_factory() as uow:
        loaded = await uow.bookings.get(session.id, lock=True)
        assert loaded is not None
        assert (loaded.starts_at, loaded.ends_at, loaded.price, loaded.status) == (
            START, START + timedelta(hours=1), 4000, SessionStatus.HELD)
        loaded.await_payment("cs_test_1", NOW)
        loaded.confirm(4000, NOW + timedelta(minutes=1), payment_ref="pi_1")
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.bookings.by_checkout("cs_test_1")
        assert again is not None and again.status is SessionStatus.CONFIRMED
        assert again.payment_ref == "pi_1" and again.paid == 4000 and again.version == 2
        assert [(t.from_status, t.to_status, t.by) for t in again.history] == [
            (None, SessionStatus.HELD, student.id),
            (SessionStatus.HELD, SessionStatus.AWAITING_PAYMENT, student.id),
            (SessionStatus.AWAITING_PAYMENT, SessionStatus.CONFIRMED, None)]
        assert await uow.bookings.taken(mentor.id, START, START + timedelta(days=1)) == [
            (START, START + timedelta(hours=1))]


@pytest.mark.parametrize(("offset", "minutes"), [
    (timedelta(0), 60), (timedelta(minutes=30), 60), (timedelta(minutes=-30), 45),
    (timedelta(minutes=15), 15),
])
async def test_an_overlapping_session_with_the_same_mentor_is_refused(
        uow_factory: Factory, offset: timedelta, minutes: int) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    await store(uow_factory, hold(await person(uow_factory), mentor))
    with pytest.raises(SlotTaken):
        await store(uow_factory, hold(await person(uow_factory), mentor, START + offset, minutes))


async def test_touching_ranges_are_both_fine_and_a_student_cannot_be_in_two_places(
        uow_factory: Factory) -> None:
    mentor, other_mentor = (await person(uow_factory, Role.MENTOR),
                            await person(uow_factory, Role.MENTOR))
    student = await person(uow_factory)
    await store(uow_factory, hold(student, mentor))
    await store(uow_factory, hold(await person(uow_factory), mentor, START + timedelta(hours=1)))
    with pytest.raises(StudentBusy):
        await store(uow_factory, hold(student, other_mentor, START + timedelta(minutes=30)))


async def test_an_expired_or_cancelled_session_frees_its_range(uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    first = hold(student, mentor)
    await store(uow_factory, first)
    async with uow_factory() as uow:
        loaded = await uow.bookings.get(first.id)
        assert loaded is not None
        loaded.expire(NOW + timedelta(minutes=10), "hold expired")
        await uow.commit()
    second = hold(await person(uow_factory), mentor)
    await store(uow_factory, second)
    async with uow_factory() as uow:
        loaded = await uow.bookings.get(second.id)
        assert loaded is not None
        loaded.confirm(4000, NOW)
        loaded.cancel(by=CancelledBy.MENTOR, actor=mentor.id, now=NOW)
        await uow.commit()
    await store(uow_factory, hold(student, mentor))


async def test_a_trial_is_once_per_student_and_mentor_unless_it_never_happened(
        uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    first = hold(student, mentor, trial=True)
    await store(uow_factory, first)
    async with uow_factory() as uow:
        assert await uow.bookings.had_trial(student.id, mentor.id)
    with pytest.raises(TrialUsed):
        await store(uow_factory, hold(student, mentor, START + timedelta(days=1), trial=True))
    async with uow_factory() as uow:
        loaded = await uow.bookings.get(first.id)
        assert loaded is not None
        loaded.expire(NOW, "abandoned")
        await uow.commit()
    await store(uow_factory, hold(student, mentor, START + timedelta(days=1), trial=True))


async def test_two_writers_of_one_session_cannot_both_win(uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    session = hold(student, mentor)
    await store(uow_factory, session)
    first, second = uow_factory(), uow_factory()
    async with first, second:
        a = await first.bookings.get(session.id)
        b = await second.bookings.get(session.id)
        assert a is not None and b is not None
        a.expire(NOW, "hold expired")
        await first.commit()
        b.confirm(4000, NOW)
        with pytest.raises(ConcurrentModification):
            await second.commit()


async def test_one_of_many_simultaneous_holds_of_one_slot_wins(uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    students = [await person(uow_factory) for _ in range(12)]

    async def attempt(student: User) -> str:
        try:
            await store(uow_factory, hold(student, mentor))
        except SlotTaken:
            return "taken"
        return "held"

    outcomes = await asyncio.gather(*(attempt(s) for s in students))
    assert sorted(outcomes) == ["held"] + ["taken"] * 11
    async with uow_factory() as uow:
        assert len(await uow.bookings.taken(mentor.id, START, START + timedelta(hours=1))) == 1


async def test_sessions_are_listed_per_party_upcoming_first_and_past_latest_first(
        uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    starts = [START + timedelta(days=d) for d in (3, 1, 2)]
    for start in starts:
        await store(uow_factory, hold(student, mentor, start))
    async with uow_factory() as uow:
        mine = await uow.bookings.for_user(student.id, as_mentor=False, upcoming=True, now=NOW,
                                           page=PageRequest(1, 2))
        assert [x.session.starts_at for x in mine.items] == sorted(starts)[:2]
        assert mine.total == 3
        theirs = await uow.bookings.for_user(mentor.id, as_mentor=True, upcoming=False,
                                             now=START + timedelta(days=10),
                                             page=PageRequest())
        assert [x.session.starts_at for x in theirs.items] == sorted(starts, reverse=True)
        nobody = await uow.bookings.for_user(mentor.id, as_mentor=False, upcoming=True,
                                             now=NOW, page=PageRequest())
        assert nobody.total == 0


async def test_a_week_of_sessions_is_listed_by_start_past_and_upcoming_alike(
        uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    week = START - timedelta(hours=START.hour)  # midnight UTC
    # Just before the week, its first instant, an hour in, its last hour, and its end.
    offsets = [timedelta(hours=-1), timedelta(0), timedelta(hours=30), timedelta(hours=167),
               timedelta(days=7)]
    for offset in offsets:
        await store(uow_factory, hold(student, mentor, week + offset))
    inside = [week + offset for offset in offsets[1:4]]
    async with uow_factory() as uow:
        # "Now" within the week: sessions on both sides of it, soonest first.
        listed = await uow.bookings.for_user(
            mentor.id, as_mentor=True, upcoming=None, now=week + timedelta(days=2),
            page=PageRequest(), starts_from=week, starts_before=week + timedelta(days=7))
        assert [x.session.starts_at for x in listed.items] == inside and listed.total == 3
        later = await uow.bookings.for_user(
            mentor.id, as_mentor=True, upcoming=True, now=week + timedelta(days=2),
            page=PageRequest(), starts_from=week, starts_before=week + timedelta(days=7))
        assert [x.session.starts_at for x in later.items] == inside[2:]
        since = await uow.bookings.for_user(
            student.id, as_mentor=False, upcoming=None, now=NOW, page=PageRequest(),
            starts_from=week + timedelta(hours=30))
        assert [x.session.starts_at for x in since.items] == [
            week + offset for offset in offsets[2:]]


async def test_listed_sessions_carry_both_names_and_whether_they_were_reviewed(
        uow_factory: Factory) -> None:
    student = await person(uow_factory, Role.STUDENT, "Mei Lin")
    mentor = await person(uow_factory, Role.MENTOR, "Amara Okafor")
    done = past_session(student_id=student.id, mentor_id=mentor.id,
                        starts_at=NOW - timedelta(days=3), minutes=60, price=4000,
                        currency="EUR")
    earlier = past_session(student_id=student.id, mentor_id=mentor.id,
                           starts_at=NOW - timedelta(days=5), minutes=60, price=4000,
                           currency="EUR")
    async with uow_factory() as uow:
        uow.bookings.add(done)
        uow.bookings.add(earlier)
        uow.reviews.add(Review.post(done, rating=5, text="", now=NOW))
        await uow.commit()

    async with uow_factory() as uow:
        past = await uow.bookings.for_user(mentor.id, as_mentor=True, upcoming=False, now=NOW,
                                           page=PageRequest())
        assert [(x.session.id, x.student_name, x.mentor_name, x.reviewed)
                for x in past.items] == [(done.id, "Mei Lin", "Amara Okafor", True),
                                         (earlier.id, "Mei Lin", "Amara Okafor", False)]
        # A listed session is the unit of work's own: changes to it are written at commit.
        assert past.items[0].session is await uow.bookings.get(done.id)
        loaded = [await uow.bookings.get(x) for x in (earlier.id, done.id)]
        listed = await uow.bookings.listings([x for x in loaded if x is not None])
        assert [(x.session.id, x.reviewed) for x in listed] == [(earlier.id, False),
                                                                  (done.id, True)]
        assert await uow.bookings.listings([]) == []


async def test_booking_terms_round_trip_and_default_to_none(uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    policy = BookingPolicy(cancellation=CancellationPolicy(free_until_hours=12,
                                                           late_refund_percent=0),
                           trial=TrialOffer(minutes=15, price_percent=0),
                           max_sessions_per_day=3)
    async with uow_factory() as uow:
        assert await uow.bookings.policy(mentor.id) is None
        await uow.bookings.save_policy(mentor.id, policy)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.bookings.policy(mentor.id) == policy
        await uow.bookings.save_policy(mentor.id, BookingPolicy())
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.bookings.policy(mentor.id) == BookingPolicy()


async def test_postings_are_kept_per_session_and_per_mentor(uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    session = hold(student, mentor)
    await store(uow_factory, session)
    payment = ledger.payment_received(session_id=session.id, mentor_id=mentor.id, gross=4000,
                                      currency="EUR", at=NOW)
    fee = ledger.gateway_fee(session_id=session.id, fee=146, currency="EUR", at=NOW)
    async with uow_factory() as uow:
        uow.ledger.post(payment)
        uow.ledger.post(fee)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.ledger.postings(session_id=session.id) == [payment, fee]
        assert await uow.ledger.postings(mentor_id=mentor.id) == [payment]
        assert ledger.owed_to_mentor(await uow.ledger.postings(mentor_id=mentor.id),
                                     mentor.id, "EUR") == (3400, 0)


async def test_a_payment_event_counts_once(uow_factory: Factory) -> None:
    event_id = f"evt_{uuid.uuid4().hex}"
    async with uow_factory() as uow:
        assert await uow.payment_events.first_time(event_id, "checkout.session.completed", NOW)
        assert not await uow.payment_events.first_time(event_id, "checkout.session.completed",
                                                       NOW)
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.payment_events.first_time(event_id, "x", NOW)
    async with uow_factory() as uow:
        other = f"evt_{uuid.uuid4().hex}"
        assert await uow.payment_events.first_time(other, "x", NOW)
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.payment_events.first_time(other, "x", NOW)  # the rollback forgot it


async def test_sessions_are_found_by_status_and_a_mentor_s_paid_ones_by_start(
        uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    sessions = [hold(student, mentor, START + timedelta(days=d)) for d in (2, 1, 3)]
    for session in sessions:
        await store(uow_factory, session)
    for session in sessions[:2]:
        async with uow_factory() as uow:
            loaded = await uow.bookings.get(session.id, lock=True)
            assert loaded is not None
            loaded.confirm(4000, NOW, payment_ref=f"pi_{loaded.id.hex[:8]}")
            loaded.report_problem(loaded.starts_at, reason="It went wrong.")
            await uow.commit()
    mine = {s.id for s in sessions}
    async with uow_factory() as uow:
        disputed = await uow.bookings.with_status(SessionStatus.DISPUTED, PageRequest(1, 100))
        # The longest waiting first: the one reported earlier (it started a day sooner).
        assert [s.id for s in disputed.items if s.id in mine] == [sessions[1].id,
                                                                  sessions[0].id]
        held = await uow.bookings.with_status(SessionStatus.HELD, PageRequest(1, 100))
        assert sessions[2].id in {s.id for s in held.items}
        paid = await uow.bookings.paid_of_mentor(mentor.id, START, START + timedelta(days=3))
        assert [s.id for s in paid] == [sessions[1].id, sessions[0].id]


async def test_postings_are_found_by_kind_under_the_payout_lock(uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    payout = ledger.payout(mentor_id=mentor.id, amount=1200, currency="EUR", at=NOW)
    async with uow_factory() as uow:
        await uow.ledger.lock_payouts()
        uow.ledger.post(payout)
        assert payout in await uow.ledger.postings(kind=ledger.PostingKind.PAYOUT)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.ledger.postings(mentor_id=mentor.id,
                                         kind=ledger.PostingKind.PAYOUT) == [payout]
        assert await uow.ledger.postings(mentor_id=mentor.id,
                                         kind=ledger.PostingKind.PAYMENT) == []
