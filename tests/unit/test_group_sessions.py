"""Group sessions: the aggregate's rules, and the use cases on the in-memory fakes (the flag,
free seats, the mentor's calendar shared with one-to-one bookings). Paid seats:
``test_group_seat_payments``."""

from datetime import UTC, datetime, time, timedelta
from uuid import uuid4

import pytest

from adapters.memory.fakes import FakeClock
from adapters.memory.payments import FakePaymentGateway
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Principal
from edu_core.application.bookings import BookingService, OnlyStudentsBook, SlotUnavailable
from edu_core.application.group_sessions import (
    GroupSessionsDisabled,
    GroupSessionService,
    GroupSessionTimers,
    MentorNotVerifiedForGroupSessions,
)
from edu_core.domain.availability import Availability, AvailabilityRules, WeeklyWindow
from edu_core.domain.bookings import (
    CancellationPolicy,
    IllegalSessionTransition,
    SessionTimeRule,
    StudentBusy,
)
from edu_core.domain.bookings.group import (
    AUTO_COMPLETE_AFTER,
    MAX_CAPACITY,
    GroupCompletionDue,
    GroupSession,
    GroupSessionCancelled,
    GroupSessionCompleted,
    GroupSessionFull,
    GroupSessionNotFound,
    GroupSessionScheduled,
    GroupSessionStatus,
    InvalidGroupSession,
    SeatAlreadyTaken,
    SeatCancelled,
    SeatNotFound,
    SeatStatus,
    SeatTaken,
    completion_schedule_key,
)
from edu_core.domain.errors import PermissionDenied
from edu_core.domain.identity import Role, Transport, User, UserStatus
from edu_core.domain.mentors import MentorProfile, MentorProfileNotFound, MentorStatus
from edu_core.domain.pagination import PageRequest
from edu_core.domain.schedules import ScheduleStatus

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
SLOT = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)  # 09:00 in Berlin, inside the mentor's hours
MENTOR = uuid4()


def group(capacity: int = 2, **changes: object) -> GroupSession:
    values: dict[str, object] = {
        "mentor_id": MENTOR, "title": "  Optics   for all ", "starts_at": SLOT, "minutes": 60,
        "capacity": capacity, "seat_price": 0, "currency": "EUR",
        "cancellation": CancellationPolicy(free_until_hours=24), "now": NOW}
    values.update(changes)
    return GroupSession.schedule(**values)  # type: ignore[arg-type]


# -- the aggregate -----------------------------------------------------------------------------

def test_scheduling_checks_its_values_and_raises_its_event() -> None:
    scheduled = group()
    assert (scheduled.title, scheduled.minutes, scheduled.seats_left) == ("Optics for all", 60, 2)
    [event] = scheduled.events
    assert isinstance(event, GroupSessionScheduled) and event.capacity == 2
    for field, changes in (("capacity", {"capacity": 1}),
                           ("capacity", {"capacity": MAX_CAPACITY + 1}),
                           ("capacity", {"capacity": True}),
                           ("seat_price", {"seat_price": -1}),
                           ("minutes", {"minutes": 0}),
                           ("title", {"title": "   "}),
                           ("title", {"title": "x" * 121})):
        with pytest.raises(InvalidGroupSession) as refused:
            group(**changes)
        assert refused.value.details is not None and field in refused.value.details["fields"]
    with pytest.raises(SessionTimeRule):
        group(starts_at=NOW)


def test_seats_are_one_per_student_up_to_the_capacity_until_the_start() -> None:
    session = group(capacity=2)
    ann, bob, cid = uuid4(), uuid4(), uuid4()
    session.take_seat(ann, NOW)
    with pytest.raises(SeatAlreadyTaken):
        session.take_seat(ann, NOW)
    session.take_seat(bob, NOW)
    with pytest.raises(GroupSessionFull):
        session.take_seat(cid, NOW)
    with pytest.raises(PermissionDenied):
        session.take_seat(MENTOR, NOW)
    taken = [e for e in session.events if isinstance(e, SeatTaken)]
    assert [(e.student_id, e.seats_left) for e in taken] == [(ann, 1), (bob, 0)]

    session.cancel_seat(ann, NOW)
    session.take_seat(cid, NOW)  # the seat given back is free again
    with pytest.raises(SessionTimeRule):
        session.cancel_seat(bob, SLOT)
    with pytest.raises(SeatNotFound):
        session.cancel_seat(ann, NOW)
    with pytest.raises(SessionTimeRule):
        group().take_seat(ann, SLOT)


def test_a_seat_given_back_after_the_free_deadline_is_late() -> None:
    session = group()
    ann, bob = uuid4(), uuid4()
    session.take_seat(ann, NOW)
    session.take_seat(bob, NOW)
    session.cancel_seat(ann, SLOT - timedelta(hours=25))
    session.cancel_seat(bob, SLOT - timedelta(hours=2))
    assert [e.late for e in session.events if isinstance(e, SeatCancelled)] == [False, True]


def test_calling_it_off_releases_every_seat_and_only_an_admin_may_after_the_start() -> None:
    session = group(capacity=3)
    ann, bob = uuid4(), uuid4()
    session.take_seat(ann, NOW)
    session.take_seat(bob, NOW)
    session.cancel_seat(bob, NOW)
    with pytest.raises(SessionTimeRule):
        session.cancel(SLOT, by_admin=False)
    released = session.cancel(SLOT, by_admin=True)
    assert [s.student_id for s in released] == [ann]
    assert [s.status for s in session.seats] == [SeatStatus.RELEASED, SeatStatus.CANCELLED]
    assert session.status is GroupSessionStatus.CANCELLED and not session.takes_its_range
    event = session.events[-1]
    assert isinstance(event, GroupSessionCancelled) and event.released_students == (ann,)
    for move in (lambda: session.cancel(SLOT, by_admin=True),
                 lambda: session.take_seat(uuid4(), NOW),
                 lambda: session.complete(SLOT + timedelta(hours=2))):
        with pytest.raises(IllegalSessionTransition):
            move()


def test_it_completes_after_its_end_with_its_attendees() -> None:
    session = group()
    ann = uuid4()
    session.take_seat(ann, NOW)
    with pytest.raises(SessionTimeRule):
        session.complete(SLOT + timedelta(minutes=59))
    session.complete(SLOT + timedelta(hours=1))
    event = session.events[-1]
    assert isinstance(event, GroupSessionCompleted) and event.attendees == (ann,)
    assert event.payload()["attendees"] == [str(ann)]


# -- the use cases -------------------------------------------------------------------------------

class World:
    def __init__(self, *, enabled: bool = True) -> None:
        self.uow = MemoryUnitOfWorkFactory()
        self.clock = FakeClock(NOW)
        self.gateway = FakePaymentGateway()
        self.groups = GroupSessionService(uow=self.uow, clock=self.clock, enabled=enabled,
                                          gateway=self.gateway,
                                          public_url="https://app.example")
        self.bookings = BookingService(uow=self.uow, clock=self.clock, gateway=self.gateway,
                                       public_url="https://app.example")
        self.mentor = self.bookable_mentor()

    def bookable_mentor(self) -> Principal:
        """A mentor offering 09:00-13:00 in Berlin every day."""
        mentor = self.user(Role.MENTOR)
        store = self.uow.store
        store.mentors[mentor.user_id] = MentorProfile(
            user_id=mentor.user_id, status=MentorStatus.VERIFIED, timezone="Europe/Berlin",
            hourly_rate_cents=6000, currency="EUR", created_at=NOW, updated_at=NOW)
        store.availability[mentor.user_id] = Availability(
            mentor_id=mentor.user_id,
            rules=AvailabilityRules(timezone="Europe/Berlin", session_lengths=(30, 60)),
            weekly=tuple(WeeklyWindow(day, time(9), time(13)) for day in range(7)))
        return mentor

    def user(self, role: Role = Role.STUDENT) -> Principal:
        user = User.register(email=f"u{uuid4().hex[:8]}@example.org", display_name="U",
                             role=role, password_hash="h", timezone="UTC", now=NOW)
        self.uow.store.users[user.id] = user
        return Principal(user_id=user.id, role=role, session_id=uuid4(),
                         transport=Transport.BEARER)

    async def schedule(self, starts_at: datetime = SLOT, capacity: int = 2,
                       seat_price: int = 0) -> GroupSession:
        view = await self.groups.schedule(self.mentor, title="Optics", starts_at=starts_at,
                                          minutes=60, capacity=capacity,
                                          seat_price=seat_price)
        return view.group


async def test_with_the_flag_off_every_use_case_answers_not_found() -> None:
    world = World(enabled=False)
    student = world.user()
    with pytest.raises(GroupSessionsDisabled):
        await world.schedule()
    for call in (world.groups.take_seat(student, uuid4()), world.groups.get(student, uuid4()),
                 world.groups.mine(student, PageRequest())):
        with pytest.raises(GroupSessionsDisabled):
            await call
    assert world.uow.store.bookings.groups == {}


async def test_a_mentor_schedules_in_free_slots_only_at_a_sane_price() -> None:
    world = World()
    with pytest.raises(InvalidGroupSession):  # above the highest hourly rate (100,000 EUR)
        await world.groups.schedule(world.mentor, title="Optics", starts_at=SLOT, minutes=60,
                                    capacity=2, seat_price=10_000_001)
    with pytest.raises(SlotUnavailable):  # outside the mentor's hours
        await world.schedule(SLOT + timedelta(hours=8))
    with pytest.raises(PermissionDenied):
        await world.groups.schedule(world.user(), title="Optics", starts_at=SLOT, minutes=60,
                                    capacity=2, seat_price=0)
    scheduled = await world.schedule()
    assert scheduled.cancellation == CancellationPolicy()  # the terms in force, copied
    with pytest.raises(SlotUnavailable):  # its own time is taken now
        await world.schedule(SLOT + timedelta(minutes=30))
    student = world.user()
    with pytest.raises(SlotUnavailable):  # and a one-to-one booking cannot have it
        await world.bookings.book(student, mentor_id=world.mentor.user_id, starts_at=SLOT,
                                  minutes=60)


async def test_students_take_and_give_back_seats_seen_as_students() -> None:
    world = World()
    scheduled = await world.schedule(capacity=2)
    ann, bob = world.user(), world.user()
    with pytest.raises(OnlyStudentsBook):
        await world.groups.take_seat(world.mentor, scheduled.id)
    seen = await world.groups.take_seat(ann, scheduled.id)
    assert (seen.group.seats_left, dict(seen.student_names)) == (1, {})
    await world.groups.take_seat(bob, scheduled.id)
    as_mentor = await world.groups.get(world.mentor, scheduled.id)
    assert set(as_mentor.student_names) == {ann.user_id, bob.user_id}
    with pytest.raises(GroupSessionFull):
        await world.groups.take_seat(world.user(), scheduled.id)
    await world.groups.cancel_seat(ann, scheduled.id)
    mine = await world.groups.mine(ann, PageRequest())
    assert [v.group.id for v in mine.items] == [scheduled.id]

    other_mentor = world.user(Role.MENTOR)
    with pytest.raises(GroupSessionNotFound):
        await world.groups.get(other_mentor, scheduled.id)
    with pytest.raises(GroupSessionNotFound):
        await world.groups.cancel(other_mentor, scheduled.id)


async def test_a_student_busy_elsewhere_gets_no_seat() -> None:
    world = World()
    later = await world.schedule(SLOT + timedelta(days=1))
    student = world.user()
    await world.bookings.book(student, mentor_id=world.mentor.user_id, starts_at=SLOT,
                              minutes=60)
    clashing = await world.groups.schedule(world.bookable_mentor(), title="Clash", starts_at=SLOT,
                                           minutes=60, capacity=2, seat_price=0)
    with pytest.raises(StudentBusy):
        await world.groups.take_seat(student, clashing.group.id)
    await world.groups.take_seat(student, later.id)  # another day: fine


async def test_the_mentor_calls_it_off_and_completes_only_after_the_end() -> None:
    world = World()
    scheduled = await world.schedule()
    student = world.user()
    await world.groups.take_seat(student, scheduled.id)
    with pytest.raises(PermissionDenied):
        await world.groups.cancel(student, scheduled.id)
    with pytest.raises(SessionTimeRule):
        await world.groups.complete(world.mentor, scheduled.id)
    world.clock.advance(days=3)
    done = await world.groups.complete(world.mentor, scheduled.id)
    assert done.group.status is GroupSessionStatus.COMPLETED
    names = [e.name for e in world.uow.store.outbox if e.name.startswith("group_session.")]
    assert names == ["group_session.scheduled", "group_session.seat_taken",
                     "group_session.completed"]

    called_off = await world.schedule(SLOT + timedelta(days=4))
    await world.groups.take_seat(student, called_off.id)
    view = await world.groups.cancel(world.mentor, called_off.id)
    assert [s.status for s in view.group.seats] == [SeatStatus.RELEASED]
    # Called off, it is gone for students who held no seat in it.
    with pytest.raises(GroupSessionNotFound):
        await world.groups.get(world.user(), called_off.id)
    assert (await world.groups.get(student, called_off.id)).group.status is \
        GroupSessionStatus.CANCELLED


async def test_only_a_verified_active_mentor_offers_seats() -> None:
    world = World()
    scheduled = await world.schedule()
    student = world.user()
    world.uow.store.users[world.mentor.user_id].status = UserStatus.SUSPENDED
    with pytest.raises(MentorProfileNotFound):
        await world.groups.take_seat(student, scheduled.id)
    with pytest.raises(MentorProfileNotFound):
        await world.groups.open_of_mentor(student, world.mentor.user_id, PageRequest())

    newcomer = world.bookable_mentor()
    world.uow.store.mentors[newcomer.user_id].status = MentorStatus.SUBMITTED
    with pytest.raises(MentorNotVerifiedForGroupSessions):
        await world.groups.schedule(newcomer, title="Optics", starts_at=SLOT, minutes=60,
                                    capacity=2, seat_price=0)


async def test_a_session_left_unmarked_completes_by_itself_a_day_after_its_end() -> None:
    world = World()
    timers = GroupSessionTimers(world.groups)
    kept, called_off = await world.schedule(), await world.schedule(SLOT + timedelta(days=1))
    schedule = world.uow.store.schedules[completion_schedule_key(kept.id)]
    assert schedule.due_at == kept.ends_at + AUTO_COMPLETE_AFTER
    await world.groups.cancel(world.mentor, called_off.id)
    assert world.uow.store.schedules[completion_schedule_key(called_off.id)].status is \
        ScheduleStatus.CANCELLED

    world.clock.advance(days=3)
    for group in (kept, called_off):
        await timers.completion_due(GroupCompletionDue(occurred_at=world.clock.now(),
                                                       group_session_id=group.id))
    statuses = {g.id: g.status for g in world.uow.store.bookings.groups.values()}
    assert statuses == {kept.id: GroupSessionStatus.COMPLETED,
                        called_off.id: GroupSessionStatus.CANCELLED}
    await timers.completion_due(GroupCompletionDue(occurred_at=world.clock.now(),
                                                   group_session_id=kept.id))  # twice: once
    assert [e.name for e in world.uow.store.outbox].count("group_session.completed") == 1
