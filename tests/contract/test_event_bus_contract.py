"""ONE behaviour suite for event delivery, run against the in-memory dispatcher (the fake the
core's unit tests use) and the Postgres outbox dispatcher."""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select, text

from adapters.db.engine import build_engine, build_session_factory
from adapters.db.tables import event_deliveries, outbox
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.memory.fakes import MemoryEventDispatcher
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from adapters.messaging.outbox_dispatcher import OutboxDispatcher
from adapters.observability.metrics import Metrics
from edu_core.application.messagebus import HandlerRegistry, Subscription, on
from edu_core.domain.identity import (
    EmailVerificationRequested,
    Role,
    User,
    UserRegistered,
    UserSuspended,
)
from edu_core.domain.schedules import Schedule, ScheduleStatus
from edu_core.ports.unit_of_work import UnitOfWork

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
MAX_ATTEMPTS = 3


class Dispatcher(Protocol):
    def notify(self) -> None: ...

    async def drain(self) -> int: ...


@dataclass
class Bus:
    uow: Callable[[], UnitOfWork]
    dispatcher: Dispatcher
    registry: HandlerRegistry
    signals: list[int] = field(default_factory=list)

    async def settle(self) -> None:
        """Drain until nothing is due (retries are due at once in this suite)."""
        for _ in range(20):
            if await self.dispatcher.drain() == 0:
                return
        raise AssertionError("deliveries never settled")


class CountingSignal:
    def __init__(self, bus: list[int]) -> None:
        self._bus = bus

    def notify(self) -> None:
        self._bus.append(1)


@pytest.fixture(params=["memory", "postgres"])
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[Bus]:
    registry = HandlerRegistry()
    signals: list[int] = []
    if request.param == "memory":
        memory = MemoryUnitOfWorkFactory(signal=CountingSignal(signals))
        dispatcher = MemoryEventDispatcher(memory.store, registry, max_attempts=MAX_ATTEMPTS)
        yield Bus(memory, dispatcher, registry, signals)
        return
    engine = build_engine(request.getfixturevalue("database_url"), pool_size=5)
    sessions = build_session_factory(engine)
    outbox = OutboxDispatcher(sessions, registry, max_attempts=MAX_ATTEMPTS,
                              retry_after=lambda _: timedelta(0))
    # Events left by earlier tests in the shared database go to no handler of this one.
    while await outbox.drain():
        pass
    yield Bus(lambda: SqlAlchemyUnitOfWork(sessions, CountingSignal(signals)), outbox, registry,
              signals)
    await engine.dispose()


async def register(bus: Bus, *, commit: bool = True) -> User:
    user = User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="Ann",
                         role=Role.STUDENT, password_hash="h", timezone="UTC", now=NOW)
    async with bus.uow() as uow:
        uow.users.add(user)
        if commit:
            await uow.commit()
    return user


class Recorder:
    """Handlers that note what they received; ``flaky`` fails its first ``failures`` calls."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[object] = []
        self.flaky_calls = 0
        self._failures = failures

    async def welcome(self, event: UserRegistered) -> None:
        self.received.append(event)

    async def flaky(self, event: UserRegistered) -> None:
        self.flaky_calls += 1
        if self.flaky_calls <= self._failures:
            raise RuntimeError("mail server away")

    def subscriptions(self) -> list[Subscription]:
        return [on(UserRegistered, self.welcome), on(UserRegistered, self.flaky)]


async def test_handlers_receive_the_event_object_they_subscribed_to(bus: Bus) -> None:
    recorder = Recorder()
    bus.registry.add(recorder)
    user = await register(bus)
    await bus.settle()
    assert len(recorder.received) == 1
    event = recorder.received[0]
    assert isinstance(event, UserRegistered)
    assert (event.user_id, event.role) == (user.id, Role.STUDENT)
    assert isinstance(event.user_id, UUID) and event.occurred_at == NOW


async def test_a_failing_handler_is_retried_alone(bus: Bus) -> None:
    recorder = Recorder(failures=1)
    bus.registry.add(recorder)
    await register(bus)
    await bus.settle()
    # The healthy handler of the same event ran once, not once per try of the other.
    assert len(recorder.received) == 1
    assert recorder.flaky_calls == 2


async def test_a_handler_that_keeps_failing_is_parked_after_the_last_try(bus: Bus) -> None:
    recorder = Recorder(failures=100)
    bus.registry.add(recorder)
    await register(bus)
    await bus.settle()
    assert recorder.flaky_calls == MAX_ATTEMPTS
    assert len(recorder.received) == 1
    await bus.settle()
    assert recorder.flaky_calls == MAX_ATTEMPTS


async def test_each_event_reaches_only_its_own_subscribers(bus: Bus) -> None:
    seen: list[str] = []

    class Verification:
        async def on_verification(self, event: EmailVerificationRequested) -> None:
            seen.append(event.name)

        def subscriptions(self) -> list[Subscription]:
            return [on(EmailVerificationRequested, self.on_verification)]

    bus.registry.add(Verification())
    await register(bus)
    await bus.settle()
    assert seen == [EmailVerificationRequested.name]


async def test_the_unit_of_work_signals_the_bus_after_a_commit_that_stored_events(
        bus: Bus) -> None:
    await register(bus, commit=False)
    assert bus.signals == []
    async with bus.uow() as uow:
        await uow.commit()  # nothing changed, no event
    assert bus.signals == []
    await register(bus)
    assert bus.signals == [1]


async def test_a_rolled_back_change_raises_no_event(bus: Bus) -> None:
    recorder = Recorder()
    bus.registry.add(recorder)
    await register(bus, commit=False)
    await bus.settle()
    assert recorder.received == []


# ---- Postgres only: what the in-process fake cannot show -----------------------------------

@pytest.fixture
async def outbox_parts(database_url: str) -> AsyncIterator[tuple[object, HandlerRegistry]]:
    engine = build_engine(database_url, pool_size=5)
    sessions = build_session_factory(engine)
    leftovers = OutboxDispatcher(sessions, HandlerRegistry())
    while await leftovers.drain():
        pass
    yield sessions, HandlerRegistry()
    await engine.dispose()


async def test_a_handler_runs_after_its_claim_was_committed_with_no_lock_held(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    locked: list[bool] = []

    class Probe:
        async def check(self, event: UserRegistered) -> None:
            # Another transaction can lock the delivery row at once: nothing holds it.
            async with sessions() as session, session.begin():  # type: ignore[operator]
                await session.execute(text("set local lock_timeout = '200ms'"))
                row = (await session.execute(
                    select(event_deliveries.c.attempts)
                    .where(event_deliveries.c.event_id == event.event_id)
                    .with_for_update(nowait=True))).one()
                locked.append(row.attempts == 1)

        def subscriptions(self) -> list[Subscription]:
            return [on(UserRegistered, self.check)]

    registry.add(Probe())
    dispatcher = OutboxDispatcher(sessions, registry)  # type: ignore[arg-type]
    async with SqlAlchemyUnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        uow.users.add(User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="A",
                                    role=Role.STUDENT, password_hash="h", timezone="UTC",
                                    now=NOW))
        await uow.commit()
    while await dispatcher.drain():
        pass
    assert locked == [True]


async def test_a_delivery_whose_process_died_is_run_again_after_its_lease(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    recorder = Recorder()
    registry.add(recorder)
    crashed = OutboxDispatcher(sessions, registry, lease=timedelta(0))  # type: ignore[arg-type]
    async with SqlAlchemyUnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        uow.users.add(User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="A",
                                    role=Role.STUDENT, password_hash="h", timezone="UTC",
                                    now=NOW))
        await uow.commit()
    await crashed.fan_out()
    claimed = await crashed._claim()  # claimed, and then the process was killed
    assert {c.handler for c in claimed} == {"Recorder.welcome", "Recorder.flaky"}
    survivor = OutboxDispatcher(sessions, registry)  # type: ignore[arg-type]
    while await survivor.drain():
        pass
    assert len(recorder.received) == 1 and recorder.flaky_calls == 1
    async with sessions() as session:  # type: ignore[operator]
        rows = (await session.execute(
            select(event_deliveries.c.status, event_deliveries.c.attempts)
            .where(event_deliveries.c.event_id.in_({c.event_id for c in claimed})))).all()
    assert sorted(rows) == [("done", 2), ("done", 2)]


# ---- durable schedules ---------------------------------------------------------------------

class Reminders:
    def __init__(self) -> None:
        self.received: list[UserSuspended] = []

    async def remind(self, event: UserSuspended) -> None:
        self.received.append(event)

    def subscriptions(self) -> list[Subscription]:
        return [on(UserSuspended, self.remind)]


def reminder(reason: str) -> UserSuspended:
    # Any registered event will do; what matters is when and how often it is raised.
    return UserSuspended(occurred_at=datetime.now(UTC), user_id=uuid4(), reason=reason)


async def schedule(bus: Bus, key: str, event: UserSuspended, due_at: datetime,
                   grace: timedelta = timedelta(minutes=15)) -> None:
    async with bus.uow() as uow:
        await uow.schedules.put(Schedule(key=key, event=event, due_at=due_at, grace=grace))
        await uow.commit()


async def test_a_due_schedule_raises_its_event_once(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    key, due = f"booking:{uuid4()}:reminder", datetime.now(UTC) - timedelta(seconds=1)
    await schedule(bus, key, reminder("due"), due)
    await schedule(bus, f"later:{uuid4()}", reminder("later"), due + timedelta(hours=1))
    await bus.settle()
    await bus.settle()
    assert [e.reason for e in reminders.received] == ["due"]
    assert reminders.received[0].occurred_at == due
    async with bus.uow() as uow:
        stored = await uow.schedules.get(key)
    assert stored is not None and stored.status is ScheduleStatus.FIRED


async def test_a_moved_schedule_fires_at_its_new_time_only(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    now = datetime.now(UTC)
    moved_away, moved_here = f"a:{uuid4()}", f"b:{uuid4()}"
    await schedule(bus, moved_away, reminder("old time"), now - timedelta(seconds=1))
    await schedule(bus, moved_away, reminder("new time"), now + timedelta(hours=1))
    await schedule(bus, moved_here, reminder("first"), now + timedelta(hours=1))
    await schedule(bus, moved_here, reminder("second"), now - timedelta(seconds=1))
    await bus.settle()
    assert [e.reason for e in reminders.received] == ["second"]


async def test_a_cancelled_or_rolled_back_schedule_never_fires(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    past = datetime.now(UTC) - timedelta(seconds=1)
    key = f"hold:{uuid4()}:expire"
    await schedule(bus, key, reminder("cancelled"), past)
    async with bus.uow() as uow:
        assert await uow.schedules.cancel(key) is True
        await uow.commit()
    async with bus.uow() as uow:
        assert await uow.schedules.cancel(key) is False
        await uow.schedules.put(Schedule(key=f"x:{uuid4()}", event=reminder("rolled back"),
                                         due_at=past))
    await bus.settle()
    assert reminders.received == []


async def test_a_schedule_found_past_its_grace_is_dropped(bus: Bus) -> None:
    reminders = Reminders()
    bus.registry.add(reminders)
    now = datetime.now(UTC)
    late, in_time = f"late:{uuid4()}", f"in-time:{uuid4()}"
    await schedule(bus, late, reminder("3 h late"), now - timedelta(hours=3),
                   grace=timedelta(minutes=15))
    await schedule(bus, in_time, reminder("10 min late"), now - timedelta(minutes=10),
                   grace=timedelta(minutes=15))
    await bus.settle()
    assert [e.reason for e in reminders.received] == ["10 min late"]
    async with bus.uow() as uow:
        dropped = await uow.schedules.get(late)
    assert dropped is not None and dropped.status is ScheduleStatus.DROPPED


async def test_two_processes_firing_at_once_raise_the_event_once(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    reminders = Reminders()
    registry.add(reminders)
    async with SqlAlchemyUnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        for n in range(20):
            await uow.schedules.put(Schedule(key=f"race:{uuid4()}:{n}", event=reminder(str(n)),
                                             due_at=datetime.now(UTC) - timedelta(seconds=1)))
        await uow.commit()
    first = OutboxDispatcher(sessions, registry, batch_size=3)  # type: ignore[arg-type]
    second = OutboxDispatcher(sessions, registry, batch_size=3)  # type: ignore[arg-type]

    async def run(dispatcher: OutboxDispatcher) -> None:
        while await dispatcher.drain():
            pass

    await asyncio.gather(run(first), run(second))
    assert sorted(int(e.reason) for e in reminders.received) == list(range(20))


async def test_the_backlog_is_measured_and_handled_events_are_forgotten_after_retention(
        outbox_parts: tuple[object, HandlerRegistry]) -> None:
    sessions, registry = outbox_parts
    recorder = Recorder(failures=100)  # welcome succeeds, flaky is parked
    registry.add(recorder)
    metrics = Metrics()
    dispatcher = OutboxDispatcher(sessions, registry, metrics=metrics,  # type: ignore[arg-type]
                                  max_attempts=1, retention=timedelta(0))

    def gauge(name: str, **labels: str) -> float | None:
        return metrics.registry.get_sample_value(name, labels)

    await dispatcher.observe()
    parked_before = gauge("event_deliveries", state="failed") or 0
    async with SqlAlchemyUnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        uow.users.add(User.register(email=f"u{uuid4().hex[:10]}@example.org", display_name="A",
                                    role=Role.STUDENT, password_hash="h", timezone="UTC",
                                    now=NOW))
        await uow.commit()
    while await dispatcher.drain():
        pass
    await dispatcher.observe()
    assert gauge("event_deliveries", state="failed") == parked_before + 1
    assert gauge("event_deliveries", state="due") == 0
    assert gauge("outbox_unrelayed") == 0
    assert metrics.registry.get_sample_value(
        "event_handler_duration_seconds_count",
        {"handler": "Recorder.flaky", "outcome": "error"}) == 1
    registered = recorder.received[0]
    assert isinstance(registered, UserRegistered)
    async with sessions() as session:  # type: ignore[operator]
        kept = (await session.execute(select(outbox.c.name).where(
            outbox.c.payload["user_id"].astext == str(registered.user_id)))).scalars().all()
    # The parked failure keeps its event (and the done delivery beside it); the same account's
    # other event, handled by everyone concerned, is forgotten.
    assert kept == [UserRegistered.name]
