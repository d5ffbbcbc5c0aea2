"""ONE behaviour suite for group sessions and their seats, run against the in-memory fake and
Postgres: the capacity holds under concurrent seat takers, and nobody is in two places across
one-to-one and group sessions."""

import asyncio
from datetime import timedelta

import pytest

from edu_core.domain.bookings import CancellationPolicy, SlotTaken, StudentBusy
from edu_core.domain.bookings.group import (
    GroupSession,
    GroupSessionFull,
    GroupSessionStatus,
    SeatAlreadyTaken,
    SeatStatus,
)
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.identity import Role, User
from edu_core.domain.pagination import PageRequest
from tests.contract.test_booking_repository_contract import (
    NOW,
    START,
    Factory,
    hold,
    person,
    store,
)


def group_of(mentor: User, start: timedelta = timedelta(0), *, capacity: int = 3,
             minutes: int = 60) -> GroupSession:
    return GroupSession.schedule(
        mentor_id=mentor.id, title="Lenses, together", starts_at=START + start,
        minutes=minutes, capacity=capacity, seat_price=0, currency="EUR",
        cancellation=CancellationPolicy(), now=NOW)


async def add_group(uow_factory: Factory, group: GroupSession) -> None:
    async with uow_factory() as uow:
        uow.group_sessions.add(group)
        await uow.commit()


async def take_seat(uow_factory: Factory, group: GroupSession, student: User,
                    at: timedelta = timedelta(0)) -> None:
    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(group.id, lock=True)
        assert loaded is not None
        # A paid session's seat is held (its hold's length is ignored for a free seat).
        loaded.take_seat(student.id, NOW + at, hold_for=timedelta(minutes=10))
        await uow.commit()


async def test_a_group_session_round_trips_with_its_seats(uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    ann, bob = await person(uow_factory), await person(uow_factory)
    group = group_of(mentor)
    await add_group(uow_factory, group)
    await take_seat(uow_factory, group, ann)
    await take_seat(uow_factory, group, bob, timedelta(seconds=1))
    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(group.id, lock=True)
        assert loaded is not None
        assert (loaded.title, loaded.capacity, loaded.seats_left, loaded.version) == (
            "Lenses, together", 3, 1, 3)
        loaded.cancel_seat(ann.id, NOW + timedelta(minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.group_sessions.get(group.id)
        assert again is not None
        assert [(s.student_id, s.status) for s in again.seats] == [
            (ann.id, SeatStatus.CANCELLED), (bob.id, SeatStatus.TAKEN)]
        assert again.seats[0].ended_at == NOW + timedelta(minutes=1)
        mine = await uow.group_sessions.of_student(ann.id, PageRequest())
        assert [g.id for g in mine.items] == [group.id]  # a seat given back still shows
        assert (await uow.group_sessions.of_student(mentor.id, PageRequest())).total == 0
        # It takes the mentor's time like a one-to-one session does.
        assert await uow.bookings.taken(mentor.id, START, START + timedelta(days=1)) == [
            (START, START + timedelta(hours=1))]


async def test_a_group_session_and_a_one_to_one_session_of_one_mentor_never_overlap(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    await store(uow_factory, hold(await person(uow_factory), mentor))
    with pytest.raises(SlotTaken):
        await add_group(uow_factory, group_of(mentor, timedelta(minutes=30)))
    later = group_of(mentor, timedelta(hours=2))
    await add_group(uow_factory, later)
    with pytest.raises(SlotTaken):
        await store(uow_factory, hold(await person(uow_factory), mentor,
                                      START + timedelta(hours=2, minutes=15), 30))
    with pytest.raises(SlotTaken):  # nor two group sessions
        await add_group(uow_factory, group_of(mentor, timedelta(hours=2, minutes=59)))
    await add_group(uow_factory, group_of(mentor, timedelta(hours=3)))  # touching is fine


async def test_a_seat_refuses_a_student_busy_elsewhere_and_blocks_their_time(
        uow_factory: Factory) -> None:
    mentor, other_mentor = (await person(uow_factory, Role.MENTOR),
                            await person(uow_factory, Role.MENTOR))
    student = await person(uow_factory)
    await store(uow_factory, hold(student, other_mentor))
    group = group_of(mentor, timedelta(minutes=30))
    await add_group(uow_factory, group)
    with pytest.raises(StudentBusy):
        await take_seat(uow_factory, group, student)

    seated = await person(uow_factory)
    await take_seat(uow_factory, group, seated)
    with pytest.raises(StudentBusy):  # the seat blocks a one-to-one booking
        await store(uow_factory, hold(seated, other_mentor, START + timedelta(hours=1)))
    clashing = group_of(other_mentor, timedelta(hours=1, minutes=15))
    await add_group(uow_factory, clashing)
    with pytest.raises(StudentBusy):  # and a seat elsewhere
        await take_seat(uow_factory, clashing, seated)


async def test_given_back_seats_and_cancelled_sessions_free_the_time(
        uow_factory: Factory) -> None:
    mentor, other_mentor = (await person(uow_factory, Role.MENTOR),
                            await person(uow_factory, Role.MENTOR))
    student = await person(uow_factory)
    group = group_of(mentor)
    await add_group(uow_factory, group)
    await take_seat(uow_factory, group, student)
    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(group.id, lock=True)
        assert loaded is not None
        loaded.cancel_seat(student.id, NOW)
        await uow.commit()
    await store(uow_factory, hold(student, other_mentor))  # the student's time is free

    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(group.id, lock=True)
        assert loaded is not None
        loaded.cancel(NOW, by_admin=False)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.bookings.taken(mentor.id, START, START + timedelta(days=1)) == []
        cancelled = await uow.group_sessions.get(group.id)
        assert cancelled is not None and cancelled.status is GroupSessionStatus.CANCELLED
    await store(uow_factory, hold(await person(uow_factory), mentor))


async def test_a_seat_given_back_can_be_taken_again(uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    group = group_of(mentor)
    await add_group(uow_factory, group)
    await take_seat(uow_factory, group, student)
    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(group.id, lock=True)
        assert loaded is not None
        loaded.cancel_seat(student.id, NOW)
        loaded.take_seat(student.id, NOW + timedelta(minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.group_sessions.get(group.id)
        assert again is not None
        assert [s.status for s in again.seats] == [SeatStatus.CANCELLED, SeatStatus.TAKEN]


async def test_concurrent_seat_takers_never_exceed_the_capacity(uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    students = [await person(uow_factory) for _ in range(7)]
    group = group_of(mentor, capacity=3)
    await add_group(uow_factory, group)

    async def attempt(student: User) -> str:
        try:
            await take_seat(uow_factory, group, student)
        except GroupSessionFull:
            return "full"
        return "seated"

    outcomes = await asyncio.gather(*(attempt(s) for s in students))
    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(group.id)
        assert loaded is not None
        assert len(loaded.taken) == 3
    assert sorted(outcomes) == ["full"] * 4 + ["seated"] * 3


async def test_one_student_in_two_simultaneous_units_of_work_gets_one_seat(
        uow_factory: Factory) -> None:
    mentor, student = await person(uow_factory, Role.MENTOR), await person(uow_factory)
    group = group_of(mentor)
    await add_group(uow_factory, group)
    first, second = uow_factory(), uow_factory()
    async with first, second:
        a = await first.group_sessions.get(group.id)
        b = await second.group_sessions.get(group.id)
        assert a is not None and b is not None
        a.take_seat(student.id, NOW)
        b.take_seat(student.id, NOW)
        await first.commit()
        with pytest.raises((ConcurrentModification, SeatAlreadyTaken)):
            await second.commit()


async def test_a_mentor_s_open_group_sessions_are_listed_soonest_first(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    later, sooner, called_off = (group_of(mentor, timedelta(hours=4)), group_of(mentor),
                                 group_of(mentor, timedelta(hours=2)))
    for group in (later, sooner, called_off):
        await add_group(uow_factory, group)
    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(called_off.id, lock=True)
        assert loaded is not None
        loaded.cancel(NOW, by_admin=False)
        await uow.commit()
    async with uow_factory() as uow:
        everything = await uow.group_sessions.of_mentor(mentor.id, open_after=None,
                                                        page=PageRequest())
        assert [g.id for g in everything.items] == [sooner.id, called_off.id, later.id]
        open_ = await uow.group_sessions.of_mentor(mentor.id, open_after=NOW,
                                                   page=PageRequest(page_size=1))
        assert ([g.id for g in open_.items], open_.total) == ([sooner.id], 2)
        none_left = await uow.group_sessions.of_mentor(
            mentor.id, open_after=START + timedelta(hours=5), page=PageRequest())
        assert none_left.total == 0


async def test_a_held_seat_takes_its_place_and_time_and_is_found_by_its_checkout(
        uow_factory: Factory) -> None:
    mentor, other_mentor = (await person(uow_factory, Role.MENTOR),
                            await person(uow_factory, Role.MENTOR))
    group = GroupSession.schedule(
        mentor_id=mentor.id, title="Paid lenses", starts_at=START, minutes=60, capacity=2,
        seat_price=2500, currency="EUR", cancellation=CancellationPolicy(), now=NOW)
    await add_group(uow_factory, group)
    ann, bob = await person(uow_factory), await person(uow_factory)
    for student, ref in ((ann, f"cs_{group.id.hex}_a"), (bob, f"cs_{group.id.hex}_b")):
        async with uow_factory() as uow:
            loaded = await uow.group_sessions.get(group.id, lock=True)
            assert loaded is not None
            seat = loaded.take_seat(student.id, NOW, hold_for=timedelta(minutes=10))
            loaded.await_payment(seat.id, ref, NOW)
            await uow.commit()
    with pytest.raises(GroupSessionFull):  # held seats count against the capacity
        await take_seat(uow_factory, group, await person(uow_factory))
    with pytest.raises(StudentBusy):  # and take their student's time
        await store(uow_factory, hold(ann, other_mentor, START + timedelta(minutes=30)))

    async with uow_factory() as uow:
        found = await uow.group_sessions.by_checkout(f"cs_{group.id.hex}_b", lock=True)
        assert found is not None and found.id == group.id
        assert await uow.group_sessions.by_checkout("cs_nobody") is None
        assert await uow.group_sessions.upcoming_of(bob.id, NOW) == [group.id]
        assert await uow.group_sessions.upcoming_of(mentor.id, NOW) == [group.id]
        assert await uow.group_sessions.upcoming_of(bob.id, START) == []
        seat = found.seat_of(bob.id)
        assert seat is not None
        found.confirm_seat(seat.id, 2500, NOW, "pi_b")
        lapsed = found.seat_of(ann.id)
        assert lapsed is not None
        found.end_hold(lapsed.id, NOW + timedelta(minutes=11), "hold expired")
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.group_sessions.get(group.id)
        assert loaded is not None
        assert {s.student_id: (s.status, s.paid, s.payment_ref) for s in loaded.seats} == {
            ann.id: (SeatStatus.EXPIRED, 0, None), bob.id: (SeatStatus.TAKEN, 2500, "pi_b")}
        assert await uow.group_sessions.upcoming_of(ann.id, NOW) == []
    # The lapsed hold freed Ann's time and the seat.
    await store(uow_factory, hold(ann, other_mentor, START + timedelta(minutes=30)))
    await take_seat(uow_factory, group, await person(uow_factory))


async def test_a_mentor_s_completed_sessions_with_paid_seats_are_found_by_month(
        uow_factory: Factory) -> None:
    mentor = await person(uow_factory, Role.MENTOR)
    paid, free, still = (GroupSession.schedule(
        mentor_id=mentor.id, title="Lenses", starts_at=START + timedelta(hours=hours),
        minutes=60, capacity=2, seat_price=price, currency="EUR",
        cancellation=CancellationPolicy(), now=NOW) for hours, price in (
            (0, 2500), (2, 0), (4, 2500)))
    for group in (paid, free, still):
        await add_group(uow_factory, group)
        student = await person(uow_factory)
        async with uow_factory() as uow:
            loaded = await uow.group_sessions.get(group.id, lock=True)
            assert loaded is not None
            seat = loaded.take_seat(student.id, NOW, hold_for=timedelta(minutes=10))
            if group.seat_price:
                loaded.confirm_seat(seat.id, group.seat_price, NOW, f"pi_{seat.id.hex}")
            if group is not still:
                loaded.complete(loaded.ends_at)
            await uow.commit()

    async with uow_factory() as uow:
        found = await uow.group_sessions.completed_of_mentor(
            mentor.id, START - timedelta(days=1), START + timedelta(days=1))
        assert [g.id for g in found] == [paid.id]
        assert [s.paid for s in found[0].seats] == [2500]
        assert await uow.group_sessions.completed_of_mentor(
            mentor.id, START + timedelta(minutes=1), START + timedelta(days=1)) == []
